import { page } from "fresh";
import {
  BookingTerms,
  CancellationPolicy,
  OffersThread,
  StatusBadge,
  when,
} from "../../components/BookingDetails.tsx";
import { FormMessage, type FormState, formStateOf } from "../../components/forms.tsx";
import { Timeline } from "../../components/Timeline.tsx";
import { BookingLaterActions } from "../../components/BookingLaterActions.tsx";
import { cancellationSplit } from "../../domain/cancellation_policy.ts";
import { AppError } from "../../domain/errors.ts";
import { formatMoney } from "../../domain/money_format.ts";
import OfferComposer, { type OfferDefaults } from "../../islands/OfferComposer.tsx";
import { formFields } from "../../lib/form_data.ts";
import {
  bookingPage,
  cancelBooking,
  completeBooking,
  disputeBooking,
  resolveDispute,
  scheduleBooking,
} from "../../services/bookings/bookings.ts";
import {
  formFieldOf,
  localFromInstant,
  minorFromMajor,
  offerInputFromForm,
} from "../../services/bookings/form_input.ts";
import { defaultExpiry } from "../../services/bookings/inputs.ts";
import { acceptOffer, declineOffer, makeOffer } from "../../services/bookings/negotiations.ts";
import type { BookingView, OfferView, TimelineEntry } from "../../services/bookings/views.ts";
import { define, type State } from "../../utils.ts";

type Intent = "accept" | "decline" | "offer" | "cancel" | "schedule" | "complete" | "dispute" | "resolve";

interface Data {
  booking: BookingView;
  offers: OfferView[];
  timeline: TimelineEntry[];
  now: Date;
  /** The form that failed, with what was typed. */
  failed?: { intent: Intent; form: FormState; values: Record<string, string> };
  notice?: string;
}

const DONE: Record<Intent, string> = {
  accept: "Accepted: the booking is confirmed.",
  decline: "Declined.",
  offer: "Your offer is sent.",
  cancel: "The booking is cancelled.",
  schedule: "The booking is scheduled.",
  complete: "Marked completed. Thank you for booking live music!",
  dispute: "Your dispute is raised; an Artist Space admin will look at it.",
  resolve: "Your ruling is recorded.",
};

async function load(state: State, id: string): Promise<Omit<Data, "failed" | "notice">> {
  return { ...await bookingPage(state.auth, state.actor, id), now: state.auth.now() };
}

/** Field errors under the form's names (fee in rupees, deposit in percent). */
function formState(err: unknown): FormState {
  const form = formStateOf(err);
  const fields: Record<string, string> = {};
  for (const d of (err as AppError).details) fields[formFieldOf(d)] ??= d.message;
  return { ...form, fields };
}

export const handler = define.handlers<Data>({
  async GET(ctx) {
    const { id } = ctx.params;
    if (!ctx.state.actor) return ctx.redirect(`/login?next=/bookings/${id}`, 303);
    const data = await load(ctx.state, id);
    ctx.state.title = data.booking.title;
    const done = ctx.url.searchParams.get("done") as Intent | null;
    return page({ ...data, notice: done ? DONE[done] : undefined });
  },
  async POST(ctx) {
    const { id } = ctx.params;
    const { state } = ctx;
    if (!state.actor) return ctx.redirect(`/login?next=/bookings/${id}`, 303);
    const values = await formFields(ctx.req);
    const intent = values.intent as Intent;
    try {
      if (intent === "accept") await acceptOffer(state.auth, state.actor, id, state.requestMeta);
      else if (intent === "decline") {
        await declineOffer(
          state.auth,
          state.actor,
          id,
          values.reason?.trim() ? { reason: values.reason } : {},
          state.requestMeta,
        );
      } else if (intent === "offer") {
        await makeOffer(state.auth, state.actor, id, offerInputFromForm(values), state.requestMeta);
      } else if (intent === "cancel") {
        await cancelBooking(state.auth, state.actor, id, { reason: values.reason ?? "" }, state.requestMeta);
      } else if (intent === "schedule") await scheduleBooking(state.auth, state.actor, id, state.requestMeta);
      else if (intent === "complete") await completeBooking(state.auth, state.actor, id, state.requestMeta);
      else if (intent === "dispute") {
        await disputeBooking(state.auth, state.actor, id, { reason: values.reason ?? "" }, state.requestMeta);
      } else if (intent === "resolve") {
        const ruling = values.outcome === "refund"
          ? { outcome: "refund", refundAmount: minorFromMajor(values.refund) }
          : { outcome: "release" };
        await resolveDispute(state.auth, state.actor, id, ruling, state.requestMeta);
      } else return ctx.redirect(`/bookings/${id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === "NOT_FOUND" || err.code === "UNAUTHORIZED") throw err;
      const form = formState(err);
      const data = await load(state, id);
      ctx.state.title = data.booking.title;
      return page({ ...data, failed: { intent, form, values } }, { status: form.status });
    }
    return ctx.redirect(`/bookings/${id}?done=${intent}`, 303);
  },
});

function composerDefaults(b: BookingView, now: Date, typed?: Record<string, string>): OfferDefaults {
  const t = b.terms;
  return {
    fee: typed?.fee ?? (t.fee > 0 ? String(t.fee / 100) : ""),
    deposit: typed?.deposit ?? String(t.depositBps / 100),
    startsAt: typed?.startsAt ?? localFromInstant(t.startsAt),
    durationMinutes: typed?.durationMinutes ?? String(t.durationMinutes),
    expiresAt: typed?.expiresAt ?? localFromInstant(defaultExpiry(new Date(t.startsAt), now)),
    travel: typed?.travel ?? t.travel,
    accommodation: typed?.accommodation ?? t.accommodation,
    sound: typed?.sound ?? t.sound,
    cancellationTier: typed?.cancellationTier ?? t.cancellationTier,
    note: typed?.note ?? "",
  };
}

const BUTTON = "rounded-lg px-4 py-2 font-semibold";
const CARD = "bg-white rounded-2xl shadow-sm p-5";

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

export default define.page<typeof handler>(function BookingPage({ data }) {
  const { booking, offers, timeline, now, failed, notice } = data;
  const allowed = booking.viewer.allowedEvents;
  const errorsFor = (intent: Intent) => failed?.intent === intent ? failed.form.fields : {};
  const canOffer = allowed.includes("offer") || allowed.includes("counter");
  const waitingOn = booking.turn && booking.turn !== booking.viewer.role
    ? `Waiting for ${booking.turn === "act" ? "the act" : "the organizer"} to answer`
    : null;
  return (
    <section class="max-w-2xl mx-auto px-4 py-6 grid gap-5">
      <div>
        <p class="text-sm text-ink-500">
          <a href="/bookings" class="underline">Your bookings</a>
        </p>
        <h1 class="text-2xl font-bold mt-1">{booking.title}</h1>
        <p class="mt-1 text-sm text-ink-700 flex flex-wrap items-center gap-2">
          <StatusBadge status={booking.status} />
          <a
            href={`/${booking.act.kind === "band" ? "bands" : "artists"}/${booking.act.slug}`}
            class="underline"
          >
            {booking.act.name}
          </a>
          <span>· organized by {booking.organizer.displayName ?? "an organizer"}</span>
        </p>
        {(booking.openOffer || waitingOn) && (
          <p class="mt-1 text-xs text-ink-500">
            {[
              booking.openOffer && `Offer open until ${when.format(new Date(booking.openOffer.expiresAt))}`,
              waitingOn,
            ].filter(Boolean).join(" · ")}
          </p>
        )}
      </div>
      <FormMessage state={{ message: notice }} tone="ok" />
      {failed && <FormMessage state={failed.form} />}

      <div class={CARD}>
        <h2 class="font-bold mb-3">Terms</h2>
        <BookingTerms booking={booking} />
        {booking.message && <p class="mt-3 text-sm text-ink-700">“{booking.message}”</p>}
        <div class="mt-4">
          <CancellationPolicy tier={booking.terms.cancellationTier} />
        </div>
        {booking.cancellation && (
          <p class="mt-3 text-sm rounded-lg bg-red-50 text-red-800 p-3" data-testid="cancellation">
            Cancelled by the {String(booking.cancellation.cancelledBy)}:{" "}
            {String(booking.cancellation.ruleLabel)}. The act is owed{" "}
            {formatMoney(Number(booking.cancellation.owedToAct), booking.terms.currency)}; refund to the
            organizer {formatMoney(Number(booking.cancellation.refundToOrganizer), booking.terms.currency)}.
          </p>
        )}
      </div>

      {allowed.length > 0 && (
        <div class={`${CARD} grid gap-4`} data-testid="actions">
          <h2 class="font-bold">Your move</h2>
          <BookingLaterActions
            allowed={allowed}
            paid={booking.paid}
            currency={booking.terms.currency}
            errorsFor={errorsFor}
          />
          {allowed.includes("accept") && (
            <form method="post">
              <input type="hidden" name="intent" value="accept" />
              <button
                type="submit"
                class={`${BUTTON} w-full bg-saffron-500 hover:bg-saffron-600 text-ink-900`}
              >
                Accept {formatMoney(booking.terms.fee, booking.terms.currency)}
              </button>
            </form>
          )}
          {canOffer && (
            <details open={failed?.intent === "offer" || booking.status === "inquiry"}>
              <summary class="cursor-pointer font-semibold">
                {allowed.includes("counter") ? "Make a counter-offer" : "Make an offer"}
              </summary>
              <form method="post" class="mt-3 grid gap-4" novalidate>
                <input type="hidden" name="intent" value="offer" />
                <OfferComposer
                  values={composerDefaults(
                    booking,
                    now,
                    failed?.intent === "offer" ? failed.values : undefined,
                  )}
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
      )}

      <div class={CARD}>
        <h2 class="font-bold mb-3">Offers</h2>
        <OffersThread offers={offers} currency={booking.terms.currency} />
      </div>
      <div class={CARD}>
        <h2 class="font-bold mb-3">Timeline</h2>
        <Timeline entries={timeline} />
      </div>
    </section>
  );
});
