/**
 * The open disputes, oldest first, as cards that read on a phone: who
 * raised it and why, when, the show and what the organizer has paid.
 */
import { formatMoneyExact } from "../../domain/money_format.ts";
import { formatDate, formatDateTime } from "../../domain/time_format.ts";
import type { DisputeLine } from "../../services/admin/disputes.ts";

const PARTY: Record<string, string> = { act: "the act", organizer: "the organizer", admin: "an admin" };

export function DisputeList({ disputes }: { disputes: DisputeLine[] }) {
  if (disputes.length === 0) {
    return <p class="text-sm text-ink-700" data-testid="no-disputes">No dispute is waiting for a ruling.</p>;
  }
  return (
    <ol class="grid gap-4" data-testid="disputes">
      {disputes.map((d) => (
        <li key={d.bookingId} class="bg-white rounded-2xl shadow-sm p-4 grid gap-1" data-testid="dispute">
          <p class="text-xs text-ink-500">
            Raised {d.raisedAt ? formatDateTime(d.raisedAt) : "(date unknown)"}
            {d.raisedBy.party && (
              <>
                {" "}by {d.raisedBy.name ?? "someone"}, {PARTY[d.raisedBy.party] ?? d.raisedBy.party}
              </>
            )}
          </p>
          <h2 class="text-lg font-bold">
            <a href={`/admin/disputes/${d.bookingId}`} class="underline">{d.title}</a>
          </h2>
          <p class="text-sm text-ink-700">
            {d.actName} for {d.organizerName ?? "an organizer"} · show on {formatDate(d.startsAt)}
          </p>
          <p class="text-sm" data-testid="paid">
            Paid {formatMoneyExact(d.paid, d.currency)} of {formatMoneyExact(d.fee, d.currency)}
          </p>
          {d.reason && (
            <blockquote
              class="whitespace-pre-wrap border-l-4 border-ink-100 pl-3 text-sm"
              data-testid="reason"
            >
              {d.reason}
            </blockquote>
          )}
        </li>
      ))}
    </ol>
  );
}
