import { formatMoney } from "../domain/money_format.ts";
import type { AgreedBooking } from "../services/opportunities/opportunity_page.ts";
import type { ApplicationView, OpportunityView } from "../services/opportunities/views.ts";
import { ApplicationList } from "./ApplicationList.tsx";

const BUTTON = "rounded-lg border px-3 py-1.5 text-sm";

/** The poster's (or an admin's) card on a gig: the applications, and editing, closing or cancelling it. */
export function ApplicationsReceived(
  { opportunity: o, applications, agreed }: {
    opportunity: OpportunityView;
    applications: ApplicationView[];
    /** The bookings agreed through the gig's applications. */
    agreed: AgreedBooking[];
  },
) {
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-4">
      <div class="flex flex-wrap items-center justify-between gap-2">
        <h2 class="text-lg font-bold">
          Applications{o.applicationCounts && ` (${o.applicationCounts.total})`}
        </h2>
        {o.status !== "cancelled" && (
          <form method="post" class="flex flex-wrap gap-2">
            <a href={`/opportunities/${o.id}/edit`} class={`${BUTTON} border-ink-300`}>Edit</a>
            {o.status === "open"
              ? (
                <button type="submit" name="intent" value="close" class={`${BUTTON} border-ink-300`}>
                  Close applications
                </button>
              )
              : (
                <button type="submit" name="intent" value="reopen" class={`${BUTTON} border-ink-300`}>
                  Reopen
                </button>
              )}
            <button
              type="submit"
              name="intent"
              value="cancel"
              class={`${BUTTON} border-red-300 text-red-700`}
            >
              Cancel the gig
            </button>
          </form>
        )}
      </div>
      {agreed.length > 0 && (
        <ul class="grid gap-2" data-testid="agreed-bookings">
          {agreed.map((b) => (
            <li key={b.bookingId} class="rounded-xl bg-green-50 text-green-800 p-3 text-sm">
              Booked: {b.actName} for {formatMoney(b.fee, b.currency)}.{" "}
              <a href={`/bookings/${b.bookingId}`} class="underline font-semibold">See the booking</a>
            </li>
          ))}
        </ul>
      )}
      <ApplicationList applications={applications} agreed={agreed} />
    </div>
  );
}
