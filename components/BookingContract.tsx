/**
 * The booking page's view of its contract: where the contract stands, with a
 * link to it, and what it means for the deposit: no deposit is paid before
 * both parties have signed (BookingPayments.tsx shows the payments after).
 */
import { UPCOMING_STATES } from "../domain/booking_machine.ts";
import { formatMoneyExact } from "../domain/money_format.ts";
import type { BookingView } from "../services/bookings/views.ts";
import { BookingCard } from "./BookingDetails.tsx";
import { ContractStatusBadge, waitsFor } from "./ContractStatus.tsx";

/** Venue managers follow the booking but not its contract (the fee is none of their business). */
function seesContract(booking: BookingView): boolean {
  if (booking.viewer.role === "venue") return false;
  return booking.contract !== null || (UPCOMING_STATES as readonly string[]).includes(booking.status);
}

export function ContractCard({ booking }: { booking: BookingView }) {
  if (!seesContract(booking)) return null;
  const { contract } = booking;
  const href = `/bookings/${booking.id}/contract`;
  const mustSign = contract !== null && waitsFor(contract.awaitingSignatureFrom, booking.viewer.role);
  const deposit = formatMoneyExact(booking.terms.deposit, booking.terms.currency);
  return (
    <BookingCard title="Contract">
      <div class="grid gap-2 text-sm" data-testid="contract-card">
        {contract
          ? (
            <p class="flex flex-wrap items-center gap-2">
              <ContractStatusBadge status={contract.status} />
              {mustSign && <span class="font-semibold text-saffron-700">Waiting for your signature</span>}
            </p>
          )
          : <p class="text-ink-700">No contract is in force for this booking.</p>}
        <p>
          <a href={href} class="font-semibold text-plum-700 underline">
            {mustSign
              ? "Read and sign the contract"
              : contract
              ? "Read the contract"
              : "Open the contract page"}
          </a>
        </p>
        {booking.status === "confirmed" && contract?.status !== "signed" && (
          <p class="text-ink-500" data-testid="deposit-waits">
            The deposit ({deposit}) can be paid once both parties have signed the contract.
          </p>
        )}
      </div>
    </BookingCard>
  );
}
