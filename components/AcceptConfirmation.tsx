/**
 * The second look before accepting an offer: everything being agreed, then
 * one form that accepts exactly this offer (its round), so a counter-offer
 * made meanwhile is refused rather than accepted unseen. A plain page, so it
 * works without JavaScript.
 */
import { formatMoney } from "../domain/money_format.ts";
import { formatDateTime } from "../domain/time_format.ts";
import type { BookingView, OfferView } from "../services/bookings/views.ts";
import { BookingTerms, CancellationPolicy } from "./BookingDetails.tsx";

export function AcceptConfirmation(
  { booking, offer }: { booking: BookingView; offer: OfferView & { status: "open" } },
) {
  const t = booking.terms;
  const from = offer.madeBy === "act" ? booking.act.name : booking.organizer.displayName ?? "the organizer";
  return (
    <section
      id="confirm-accept"
      class="bg-white rounded-2xl shadow-sm p-5 grid gap-4 border-2 border-saffron-500"
      aria-labelledby="confirm-accept-title"
      data-testid="confirm-accept"
    >
      <div>
        <h2 id="confirm-accept-title" class="text-lg font-bold">Accept these terms?</h2>
        <p class="mt-1 text-sm text-ink-700">
          The offer from {from} (round {offer.round}, open until{" "}
          {formatDateTime(offer.expiresAt)}). Accepting confirms the booking: both sides are held to these
          terms and the cancellation policy.
        </p>
      </div>
      <p class="text-3xl font-bold" data-testid="confirm-fee">{formatMoney(t.fee, t.currency)}</p>
      <BookingTerms booking={booking} />
      {offer.note && <p class="text-sm text-ink-700">“{offer.note}”</p>}
      <CancellationPolicy tier={t.cancellationTier} />
      <form method="post" action={`/bookings/${booking.id}`} class="flex flex-wrap items-center gap-4">
        <input type="hidden" name="intent" value="accept" />
        <input type="hidden" name="round" value={String(offer.round)} />
        <button
          type="submit"
          class="rounded-lg px-4 py-2 font-semibold bg-saffron-500 hover:bg-saffron-600 text-ink-900"
        >
          Yes, accept these terms
        </button>
        <a href={`/bookings/${booking.id}`} class="text-sm underline">Not yet, back to the booking</a>
      </form>
    </section>
  );
}
