/** A booking's timeline: who did what, oldest first. */
import { formatMoney } from "../domain/money_format.ts";
import { formatDateTime } from "../domain/time_format.ts";
import type { TimelineEntry } from "../services/bookings/views.ts";

const WHAT: Record<string, string> = {
  request: "sent the booking request",
  offer: "made an offer",
  counter: "made a counter-offer",
  accept: "accepted the offer",
  decline: "declined",
  expire: "closed the booking: the offer expired",
  cancel: "cancelled the booking",
  edit: "edited the details",
  pay_deposit: "recorded a payment",
  schedule: "scheduled the booking",
  complete: "marked the performance done",
  dispute: "raised a dispute",
  resolve: "resolved the dispute",
  refund: "recorded the refund",
  contract_generated: "drew up the contract from the agreed terms",
  call_started: "started a call",
  call_joined: "joined the call",
  call_left: "left the call",
  call_ended: "ended the call, which lasted",
  call_missed: "closed the call nobody answered",
  call_declined: "declined the call",
};

const PARTY: Record<TimelineEntry["party"], string> = {
  act: "The act",
  organizer: "The organizer",
  admin: "An admin",
  system: "Artist Space",
};

function extra(e: TimelineEntry): string | null {
  const d = e.detail;
  if (typeof d.fee === "number" && typeof d.currency === "string" && e.event !== "accept") {
    return formatMoney(d.fee, d.currency);
  }
  if (typeof d.reason === "string") return `“${d.reason}”`;
  if (typeof d.durationSeconds === "number") return `${Math.ceil(d.durationSeconds / 60)} min`;
  return null;
}

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol class="grid gap-3 border-l-2 border-ink-100 pl-4" data-testid="timeline">
      {entries.map((e) => (
        <li key={e.id} class="relative">
          <span class="absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full bg-saffron-500" />
          <p class="text-sm">
            <span class="font-semibold">{e.actor?.displayName ?? PARTY[e.party]}</span>{" "}
            {WHAT[e.event] ?? e.event}
            {extra(e) && <span class="text-ink-700">: {extra(e)}</span>}
          </p>
          <p class="text-xs text-ink-500">
            {formatDateTime(e.at)} · now {e.toStatus.replace("_", " ")}
          </p>
        </li>
      ))}
    </ol>
  );
}
