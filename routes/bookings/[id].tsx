import { page } from "fresh";
import {
  BookingActions,
  type BookingIntent,
  type FailedBookingForm,
  STEP_NOTICES,
} from "../../components/BookingActions.tsx";
import { AcceptConfirmation } from "../../components/AcceptConfirmation.tsx";
import { BookingCard, OffersThread, TermsCard } from "../../components/BookingDetails.tsx";
import { BookingHeading } from "../../components/BookingHeading.tsx";
import { ContractCard } from "../../components/BookingContract.tsx";
import { EarningsLink, PaymentsCard, PaymentStep } from "../../components/BookingPayments.tsx";
import { FormMessage, type FormState, formStateOf } from "../../components/forms.tsx";
import { OfflineBanner } from "../../components/OfflineBanner.tsx";
import { BookingReviews } from "../../components/ReviewForms.tsx";
import { Timeline } from "../../components/Timeline.tsx";
import type { Actor } from "../../domain/access.ts";
import { rupeesInput } from "../../domain/amounts.ts";
import { AppError } from "../../domain/errors.ts";
import { keepsBookingOffline } from "../../domain/offline_copies.ts";
import Chat from "../../islands/Chat.tsx";
import type { OfferDefaults } from "../../islands/OfferComposer.tsx";
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
import { bookingForViewer } from "../../services/bookings/load_booking.ts";
import { acceptOffer, declineOffer, makeOffer } from "../../services/bookings/negotiations.ts";
import type { BookingView, OfferView, TimelineEntry } from "../../services/bookings/views.ts";
import { startPayment } from "../../services/payments/checkout.ts";
import { refundPayment } from "../../services/payments/refunds.ts";
import { type BookingConversation, bookingConversationFor } from "../../services/messages/page_views.ts";
import { type BookingPayments, bookingPaymentsIfShown } from "../../services/payments/reads.ts";
import { type BookingReviewState, reviewStateForBooking } from "../../services/reviews/read.ts";
import { define, signInFirst, type State } from "../../utils.ts";

interface Data {
  booking: BookingView;
  offers: OfferView[];
  timeline: TimelineEntry[];
  now: Date;
  failed?: FailedBookingForm;
  notice?: string;
  /** ?confirm=accept: the viewer asked to accept and is shown the terms once more. */
  confirming?: boolean;
  /** The booking's money; null for those who do not see it (a band's members, a venue's managers). */
  payments: BookingPayments | null;
  /** Why starting a payment failed. */
  paymentError?: string;
  /** Why an admin's refund of a payment was refused. */
  refundError?: { paymentId: string; message: string };
  /** The booking's conversation, for its organizer, the act's owner and the band's members; null for others. */
  conversation: BookingConversation | null;
  viewerId: string;
  /** LiveKit is configured: the booking's group calls go through it. */
  groupCalls: boolean;
  /** The booking's reviews as the viewer may see them, and their form while the window is open. */
  reviews: BookingReviewState | null;
}

type Step = (state: State, actor: Actor, id: string, values: Record<string, string>) => Promise<unknown>;

/** The use case behind each of the page's forms, by the form's `intent`. */
const INTENTS: Record<BookingIntent, Step> = {
  accept: (s, actor, id, v) => acceptOffer(s.deps, actor, id, { round: Number(v.round) }, s.requestMeta),
  decline: (s, actor, id, v) =>
    declineOffer(s.deps, actor, id, v.reason?.trim() ? { reason: v.reason } : {}, s.requestMeta),
  offer: (s, actor, id, v) => makeOffer(s.deps, actor, id, offerInputFromForm(v), s.requestMeta),
  cancel: (s, actor, id, v) => cancelBooking(s.deps, actor, id, { reason: v.reason ?? "" }, s.requestMeta),
  schedule: (s, actor, id) => scheduleBooking(s.deps, actor, id, s.requestMeta),
  complete: (s, actor, id) => completeBooking(s.deps, actor, id, s.requestMeta),
  dispute: (s, actor, id, v) => disputeBooking(s.deps, actor, id, { reason: v.reason ?? "" }, s.requestMeta),
  resolve: (s, actor, id, v) => {
    const reason = v.reason ?? "";
    const ruling = v.outcome === "refund"
      ? { outcome: "refund", refundAmount: minorFromMajor(v.refund, "refundAmount"), reason }
      : { outcome: "release", reason };
    return resolveDispute(s.deps, actor, id, ruling, s.requestMeta);
  },
};

// Own keys only: a posted "toString" is not an intent.
const isIntent = (value: string | null | undefined): value is BookingIntent =>
  value != null && Object.hasOwn(INTENTS, value);

const PAID_NOTICE = "Payment received. Artist Space holds it until the show; both sides have been told.";
const REFUND_NOTICE = "Refund sent to the gateway. It shows as refunded once the gateway confirms it.";
const REVIEW_NOTICE =
  "Your review is in. The other side reads it once theirs is in, or when the 14 days are over.";
const REPLY_NOTICE = "Your reply is posted under the review.";
const PENDING_NOTICE = "The gateway has not confirmed your payment yet. This page shows it once it does.";

/** Field errors under the form's names (fee in rupees, deposit in percent). */
function formState(err: AppError): FormState {
  const fields: Record<string, string> = {};
  for (const d of err.details) fields[formFieldOf(d)] ??= d.message;
  return { ...formStateOf(err), fields };
}

/** The page, with the notice of a step gone through or the form that failed. */
async function show(
  state: State,
  id: string,
  extra: Pick<Data, "failed" | "notice" | "confirming" | "paymentError" | "refundError">,
  status?: number,
) {
  // Read once for the page's four services; each checks the viewer against it again, and they read side by
  // side.
  const booking = await bookingForViewer(state.db, state.actor, id);
  const [view, payments, conversation, reviews] = await Promise.all([
    bookingPage(state.deps, state.actor, booking),
    bookingPaymentsIfShown(state.db, state.payments ?? null, state.actor, booking),
    state.actor && bookingConversationFor(state.db, state.actor, booking),
    state.actor && reviewStateForBooking(state.db, state.actor, booking, state.deps.now()),
  ]);
  const data = {
    ...view,
    payments,
    conversation,
    viewerId: state.actor?.userId ?? "",
    groupCalls: state.groupCalls ?? false,
    reviews,
    now: state.deps.now(),
    ...extra,
  };
  state.title = data.booking.title;
  return page(data, { status });
}

/** The offer form starts from the current terms, or from what was typed when it failed. */
function offerDefaults(b: BookingView, now: Date, typed?: Record<string, string>): OfferDefaults {
  const t = b.terms;
  return {
    fee: typed?.fee ?? (t.fee > 0 ? rupeesInput(t.fee) : ""),
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

/** An admin refunds part or all of one payment; the refund goes to the gateway at once. */
async function refund(state: State, actor: Actor, id: string, values: Record<string, string>) {
  const paymentId = values.payment ?? "";
  if (!state.payments) {
    return show(state, id, { refundError: { paymentId, message: "Payments are not configured" } }, 503);
  }
  try {
    await refundPayment({ ...state.deps, gateways: state.payments }, actor, paymentId, {
      amount: minorFromMajor(values.amount, "amount"),
      reason: values.reason ?? "",
    }, state.requestMeta);
  } catch (err) {
    if (!(err instanceof AppError) || err.code === "NOT_FOUND" || err.code === "UNAUTHORIZED") throw err;
    const form = formStateOf(err);
    const message = Object.values(form.fields)[0] ?? form.message ?? err.message;
    return show(state, id, { refundError: { paymentId, message } }, form.status);
  }
  return new Response(null, { status: 303, headers: { location: `/bookings/${id}?done=refund` } });
}

/** The organizer pays what is due: off to the gateway's checkout, or back here with why not. */
async function pay(state: State, actor: Actor, id: string) {
  if (!state.payments) {
    return show(state, id, { paymentError: "Payments are not configured on this server" }, 503);
  }
  try {
    const { redirectUrl } = await startPayment({ ...state.deps, gateways: state.payments }, actor, id);
    return new Response(null, { status: 303, headers: { location: redirectUrl } });
  } catch (err) {
    if (!(err instanceof AppError) || err.code === "NOT_FOUND" || err.code === "UNAUTHORIZED") throw err;
    return show(state, id, { paymentError: err.message }, formStateOf(err).status);
  }
}

export const handler = define.handlers<Data>({
  GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const done = ctx.url.searchParams.get("done");
    return show(ctx.state, ctx.params.id, {
      notice: done === "paid"
        ? PAID_NOTICE
        : done === "pending"
        ? PENDING_NOTICE
        : done === "refund"
        ? REFUND_NOTICE
        : done === "review"
        ? REVIEW_NOTICE
        : done === "reply"
        ? REPLY_NOTICE
        : isIntent(done)
        ? STEP_NOTICES[done]
        : undefined,
      confirming: ctx.url.searchParams.get("confirm") === "accept",
    });
  },
  async POST(ctx) {
    const { state, params: { id } } = ctx;
    if (!state.actor) return signInFirst(ctx);
    const values = await formFields(ctx.req);
    const { intent } = values;
    if (intent === "pay") return await pay(state, state.actor, id);
    if (intent === "refund") return await refund(state, state.actor, id, values);
    if (!isIntent(intent)) return ctx.redirect(`/bookings/${id}`, 303);
    // An accept that does not name the offer it saw (an old page) looks at the terms first.
    if (intent === "accept" && !values.round) return ctx.redirect(`/bookings/${id}?confirm=accept`, 303);
    try {
      await INTENTS[intent](state, state.actor, id, values);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === "NOT_FOUND" || err.code === "UNAUTHORIZED") throw err;
      const form = formState(err);
      return show(state, id, { failed: { intent, form, values } }, form.status);
    }
    return ctx.redirect(`/bookings/${id}?done=${intent}`, 303);
  },
});

export default define.page<typeof handler>(function BookingPage({ data }) {
  const { booking, now, failed } = data;
  const offer = offerDefaults(booking, now, failed?.intent === "offer" ? failed.values : undefined);
  const toAccept = data.confirming && booking.viewer.allowedEvents.includes("accept")
    ? data.offers.find((o): o is OfferView & { status: "open" } => o.status === "open")
    : undefined;
  const keptOffline = keepsBookingOffline(
    { status: booking.status, endsAt: booking.terms.endsAt, role: booking.viewer.role },
    now,
  );
  return (
    <section class="max-w-2xl mx-auto px-4 py-6 grid gap-5">
      {keptOffline && <OfflineBanner />}
      <BookingHeading booking={booking} />
      <FormMessage state={{ message: data.notice }} tone="ok" />
      {failed && <FormMessage state={failed.form} />}
      {data.confirming && !toAccept && (
        <FormMessage state={{ message: "There is no offer for you to accept now." }} />
      )}
      {data.payments && <PaymentStep booking={booking} payments={data.payments} error={data.paymentError} />}
      {!toAccept && <ContractCard booking={booking} />}
      {!toAccept && data.payments && (
        <PaymentsCard
          payments={data.payments}
          admin={booking.viewer.role === "admin"}
          refundError={data.refundError}
        />
      )}
      {!toAccept && <EarningsLink booking={booking} />}
      {(booking.viewer.role === "admin" || booking.viewer.role === "staff") && (
        <p class="text-sm">
          <a href={`/bookings/${booking.id}/disclosures`} class="underline" data-testid="disclosures-link">
            Messages the parties disclosed
          </a>{" "}
          (their conversation is end-to-end encrypted; admins see only what a party chooses to show)
        </p>
      )}
      {toAccept ? <AcceptConfirmation booking={booking} offer={toAccept} /> : (
        <>
          <TermsCard booking={booking} />
          <BookingActions booking={booking} offer={offer} now={now} failed={failed} />
        </>
      )}
      {data.conversation && !toAccept && (
        <BookingCard title="Messages">
          <div class="grid gap-3">
            <Chat
              conversationId={data.conversation.id}
              userId={data.viewerId}
              lastSeq={data.conversation.lastSeq}
              unread={data.conversation.unread}
              openAtOnce={false}
              canDisclose
              groupCalls={data.groupCalls}
            />
            <a
              href={`/messages/${data.conversation.id}`}
              class="text-sm underline"
              data-testid="conversation-link"
            >
              Open the conversation on its own page
            </a>
          </div>
        </BookingCard>
      )}
      {data.reviews && !toAccept && (data.reviews.closesAt || data.reviews.reviews.length > 0) && (
        <BookingCard title="Reviews">
          <BookingReviews bookingId={booking.id} state={data.reviews} />
        </BookingCard>
      )}
      <BookingCard title="Offers">
        <OffersThread offers={data.offers} currency={booking.terms.currency} />
      </BookingCard>
      <BookingCard title="Timeline">
        <Timeline entries={data.timeline} />
      </BookingCard>
    </section>
  );
});
