/**
 * The booking page's "Your move" card: a form for each step the booking
 * machine allows the viewer now, each posting its `intent` to the page. The
 * form that failed opens again with what was typed and its errors.
 */
import { cancellationSplit } from "../domain/cancellation_policy.ts";
import { formatMoney } from "../domain/money_format.ts";
import OfferComposer, { type OfferDefaults } from "../islands/OfferComposer.tsx";
import type { BookingView } from "../services/bookings/views.ts";
import { BookingLaterActions } from "./BookingLaterActions.tsx";
import type { FormState } from "./forms.tsx";

/** What the page says once a form's step has gone through, by the form's `intent`. */
export const STEP_NOTICES = {
  accept: "Accepted: the booking is confirmed.",
  decline: "Declined.",
  offer: "Your offer is sent.",
  cancel: "The booking is cancelled.",
  schedule: "The booking is scheduled.",
  complete: "Marked completed. Thank you for booking live music!",
  dispute: "Your dispute is raised; an Artist Space admin will look at it.",
  resolve: "Your ruling is recorded.",
};

export type BookingIntent = keyof typeof STEP_NOTICES;

/** The form that failed, with what was typed. */
export interface FailedBookingForm {
  intent: BookingIntent;
  form: FormState;
  values: Record<string, string>;
}

const BUTTON = "rounded-lg px-4 py-2 font-semibold";

function ReasonField({ name, error, value }: { name: string; error?: string; value?: string }) {
  return (
    <div>
      <label for={name} class="block text-sm font-semibold text-ink-700">Reason</label>
      <textarea
        id={name}
        name="reason"
        rows={2}
        maxLength={1000}
        aria-invalid={error ? "true" : undefined}
        class={`mt-1 w-full rounded-lg border px-3 py-2 ${error ? "border-red-400" : "border-ink-100"}`}
      >
        {value ?? ""}
      </textarea>
      {error && <p class="mt-1 text-sm text-red-700">{error}</p>}
    </div>
  );
}

/** What cancelling now would cost whom, before anyone commits to it. */
function CancelCost({ booking, now }: { booking: BookingView; now: Date }) {
  const t = booking.terms;
  const booked = booking.status === "confirmed" || booking.status === "paid_deposit" ||
    booking.status === "scheduled";
  const by = booking.viewer.role;
  if (!booked || (by !== "act" && by !== "organizer" && by !== "admin")) {
    return <p class="text-sm text-ink-500">Nothing is owed: the booking is not confirmed yet.</p>;
  }
  const split = cancellationSplit({
    tier: t.cancellationTier,
    cancelledBy: by,
    fee: t.fee,
    paid: booking.paid,
    startsAt: new Date(t.startsAt),
    now,
  });
  const money = (n: number) => formatMoney(n, t.currency);
  return (
    <p class="text-sm" data-testid="cancel-cost">
      Cancelling now ({split.ruleLabel}): the act is owed {money(split.owedToAct)}, keeps{" "}
      {money(split.retainedForAct)} of what was paid, the organizer gets back {money(split.refundToOrganizer)}
      {split.outstandingFromOrganizer > 0 && <>, and still owes {money(split.outstandingFromOrganizer)}</>}.
    </p>
  );
}

export function BookingActions(
  { booking, offer, now, failed }: {
    booking: BookingView;
    /** What the offer form starts from. */
    offer: OfferDefaults;
    now: Date;
    failed?: FailedBookingForm;
  },
) {
  const allowed = booking.viewer.allowedEvents;
  if (allowed.length === 0) return null;
  const errorsFor = (intent: BookingIntent) => failed?.intent === intent ? failed.form.fields : {};
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-4" data-testid="actions">
      <h2 class="font-bold">Your move</h2>
      <BookingLaterActions
        allowed={allowed}
        paid={booking.paid}
        currency={booking.terms.currency}
        errorsFor={errorsFor}
      />
      {allowed.includes("accept") && (
        // A look at the terms first (AcceptConfirmation): one tap must not agree to a fee.
        <form method="get" action={`/bookings/${booking.id}#confirm-accept`}>
          <input type="hidden" name="confirm" value="accept" />
          <button type="submit" class={`${BUTTON} w-full bg-saffron-500 hover:bg-saffron-600 text-ink-900`}>
            Accept {formatMoney(booking.terms.fee, booking.terms.currency)}…
          </button>
        </form>
      )}
      {(allowed.includes("offer") || allowed.includes("counter")) && (
        <details open={failed?.intent === "offer" || booking.status === "inquiry"}>
          <summary class="cursor-pointer font-semibold">
            {allowed.includes("counter") ? "Make a counter-offer" : "Make an offer"}
          </summary>
          <form method="post" class="mt-3 grid gap-4" novalidate>
            <input type="hidden" name="intent" value="offer" />
            <OfferComposer
              values={offer}
              errors={errorsFor("offer")}
              currency={booking.terms.currency}
              withSchedule
            />
            <button type="submit" class={`${BUTTON} bg-ink-900 text-white`}>Send offer</button>
          </form>
        </details>
      )}
      {allowed.includes("decline") && (
        <details open={failed?.intent === "decline"}>
          <summary class="cursor-pointer font-semibold">Decline</summary>
          <form method="post" class="mt-3 grid gap-3">
            <input type="hidden" name="intent" value="decline" />
            <ReasonField name="decline-reason" error={errorsFor("decline").reason} />
            <button type="submit" class={`${BUTTON} border border-red-300 text-red-700`}>Decline</button>
          </form>
        </details>
      )}
      {allowed.includes("cancel") && (
        <details open={failed?.intent === "cancel"}>
          <summary class="cursor-pointer font-semibold">Cancel the booking</summary>
          <form method="post" class="mt-3 grid gap-3">
            <input type="hidden" name="intent" value="cancel" />
            <CancelCost booking={booking} now={now} />
            <ReasonField
              name="cancel-reason"
              error={errorsFor("cancel").reason}
              value={failed?.intent === "cancel" ? failed.values.reason : undefined}
            />
            <button type="submit" class={`${BUTTON} border border-red-300 text-red-700`}>
              Cancel booking
            </button>
          </form>
        </details>
      )}
    </div>
  );
}
