/** A contract's state in words and as a badge: the contract page, the booking page and the dashboard. */
import type { ContractState } from "../domain/contract_machine.ts";
import type { Party } from "../domain/negotiation.ts";

export const CONTRACT_STATUS_LABEL: Record<ContractState, string> = {
  draft: "Draft",
  sent: "Out for signature",
  signed_by_promoter: "Signed by the organizer",
  signed_by_artist: "Signed by the act",
  signed: "Signed by both",
  voided: "Voided",
  completed: "Completed",
};

export function ContractStatusBadge({ status }: { status: ContractState }) {
  const tone = status === "voided"
    ? "bg-red-50 text-red-800"
    : status === "signed" || status === "completed"
    ? "bg-green-50 text-green-800"
    : "bg-saffron-50 text-saffron-700";
  return (
    <span class={`rounded-full px-2 py-0.5 text-xs font-semibold ${tone}`} data-testid="contract-status">
      {CONTRACT_STATUS_LABEL[status]}
    </span>
  );
}

/** Whether the viewer's own party is among those the contract waits for. */
export function waitsFor(awaiting: readonly Party[], role: string): boolean {
  return (role === "act" || role === "organizer") && awaiting.includes(role);
}
