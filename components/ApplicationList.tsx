import { formatMoney } from "../domain/money_format.ts";
import type { AgreedBooking } from "../services/opportunities/opportunity_page.ts";
import type { ApplicationView } from "../services/opportunities/views.ts";
import { ApplicationStatusBadge } from "./ApplicationForm.tsx";
import { STATUS_LABEL } from "./BookingDetails.tsx";
import { MessageButton } from "./MessageButton.tsx";

const BUTTON = "rounded-lg border px-3 py-1.5 text-sm";

/**
 * The poster's view of the applications: each act's pitch and fee, and what
 * can be done with it. An application that became an agreed booking shows the
 * agreed fee and links to the booking instead of the fee first asked.
 */
export function ApplicationList(
  { applications, agreed = [] }: { applications: ApplicationView[]; agreed?: AgreedBooking[] },
) {
  if (applications.length === 0) return <p class="text-sm text-ink-500">No applications yet.</p>;
  return (
    <ul class="grid gap-3" data-testid="applications">
      {applications.map((a) => {
        const live = a.status === "submitted" || a.status === "shortlisted";
        const booked = agreed.find((b) => b.bookingId === a.bookingId);
        return (
          <li key={a.id} class="border border-ink-100 rounded-xl p-4 grid gap-2">
            <p class="flex items-center justify-between gap-2">
              <a
                href={`/${a.act.kind === "band" ? "bands" : "artists"}/${a.act.slug}`}
                class="font-semibold underline"
              >
                {a.act.name}
              </a>
              <ApplicationStatusBadge status={a.status} />
            </p>
            {booked
              ? (
                <p class="text-sm font-semibold text-green-800" data-testid="agreed-fee">
                  {STATUS_LABEL[booked.status]} at {formatMoney(booked.fee, booked.currency)} agreed
                </p>
              )
              : (
                <p class="text-sm font-semibold text-saffron-700">{formatMoney(a.proposedFee, a.currency)}</p>
              )}
            <p class="text-sm whitespace-pre-line">{a.pitch}</p>
            {a.bookingId && (
              <a href={`/bookings/${a.bookingId}`} class="text-sm text-saffron-700 underline">
                {booked ? "See the booking" : "Go to the negotiation"}
              </a>
            )}
            <MessageButton applicationId={a.id} />
            {live && (
              <form method="post" class="flex flex-wrap gap-2">
                <input type="hidden" name="applicationId" value={a.id} />
                <button
                  type="submit"
                  name="intent"
                  value="negotiate"
                  class="rounded-lg bg-saffron-500 hover:bg-saffron-600 font-semibold px-3 py-1.5 text-sm"
                >
                  Start negotiation
                </button>
                {a.status === "submitted" && (
                  <button type="submit" name="intent" value="shortlist" class={`${BUTTON} border-ink-300`}>
                    Shortlist
                  </button>
                )}
                <button
                  type="submit"
                  name="intent"
                  value="reject"
                  class={`${BUTTON} border-red-300 text-red-700`}
                >
                  Reject
                </button>
              </form>
            )}
          </li>
        );
      })}
    </ul>
  );
}
