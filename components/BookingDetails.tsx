/** Server-rendered parts of a booking page: the terms, the policy in words, the offers thread. */
import type { ComponentChildren } from "preact";
import { cancellationRules } from "../domain/cancellation_policy.ts";
import { formatMoney } from "../domain/money_format.ts";
import { formatDateTime } from "../domain/time_format.ts";
import type { BookingView, OfferView } from "../services/bookings/views.ts";

const PAYER: Record<string, string> = {
  organizer: "the organizer",
  act: "the act",
  shared: "shared",
  none: "not needed",
  venue: "the venue",
};

export const STATUS_LABEL: Record<BookingView["status"], string> = {
  inquiry: "Request",
  offered: "Offer made",
  negotiating: "Negotiating",
  confirmed: "Confirmed",
  paid_deposit: "Deposit paid",
  scheduled: "Scheduled",
  completed: "Completed",
  cancelled: "Cancelled",
  disputed: "Disputed",
  refunded: "Refunded",
};

export function StatusBadge({ status }: { status: BookingView["status"] }) {
  const tone = status === "cancelled" || status === "refunded" || status === "disputed"
    ? "bg-red-50 text-red-800"
    : status === "inquiry" || status === "offered" || status === "negotiating"
    ? "bg-saffron-50 text-saffron-700"
    : "bg-green-50 text-green-800";
  return <span class={`rounded-full px-2 py-0.5 text-xs font-semibold ${tone}`}>{STATUS_LABEL[status]}</span>;
}

export function BookingTerms({ booking }: { booking: BookingView }) {
  const t = booking.terms;
  const money = (n: number) => formatMoney(n, t.currency);
  const rows: [string, string][] = [
    ["When", `${formatDateTime(t.startsAt)} · ${t.durationMinutes} min`],
    [
      "Where",
      [booking.venue?.name, booking.address, booking.city?.name].filter(Boolean).join(", ") || "To be agreed",
    ],
    ["Fee", t.fee > 0 ? money(t.fee) : "Not quoted yet"],
    ["Deposit", `${money(t.deposit)} (${t.depositBps / 100}%), balance ${money(t.balance)}`],
    ["Travel", PAYER[t.travel]],
    ["Stay", PAYER[t.accommodation]],
    ["Sound", PAYER[t.sound]],
  ];
  if (booking.paid > 0) rows.push(["Paid so far", money(booking.paid)]);
  return (
    <dl class="grid grid-cols-3 gap-x-3 gap-y-2 text-sm" data-testid="terms">
      {rows.map(([k, v]) => [
        <dt key={`${k}-k`} class="text-ink-500">{k}</dt>,
        <dd key={`${k}-v`} class="col-span-2">{v}</dd>,
      ])}
    </dl>
  );
}

export function CancellationPolicy({ tier }: { tier: BookingView["terms"]["cancellationTier"] }) {
  return (
    <div class="text-sm" data-testid="policy">
      <p class="font-semibold capitalize">{tier} cancellation policy</p>
      <ul class="mt-1 list-disc pl-5 text-ink-700">
        {cancellationRules(tier).map((r) => (
          <li key={r.label}>If the organizer cancels with {r.label.split(": ")[1]}.</li>
        ))}
        <li>If the act cancels, everything paid is refunded.</li>
      </ul>
    </div>
  );
}

/** One of the booking page's cards, under its heading. */
export function BookingCard({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5">
      <h2 class="font-bold mb-3">{title}</h2>
      {children}
    </div>
  );
}

/** The terms as they stand, the request's message, the policy, and what a cancellation settled. */
export function TermsCard({ booking }: { booking: BookingView }) {
  const { cancellation, terms } = booking;
  return (
    <BookingCard title="Terms">
      <BookingTerms booking={booking} />
      {booking.message && <p class="mt-3 text-sm text-ink-700">“{booking.message}”</p>}
      <div class="mt-4">
        <CancellationPolicy tier={terms.cancellationTier} />
      </div>
      {cancellation && (
        <p class="mt-3 text-sm rounded-lg bg-red-50 text-red-800 p-3" data-testid="cancellation">
          Cancelled by the {String(cancellation.cancelledBy)}:{" "}
          {String(cancellation.ruleLabel)}. The act is owed{" "}
          {formatMoney(Number(cancellation.owedToAct), terms.currency)}; refund to the organizer{" "}
          {formatMoney(Number(cancellation.refundToOrganizer), terms.currency)}.
        </p>
      )}
    </BookingCard>
  );
}

export function OffersThread({ offers, currency }: { offers: OfferView[]; currency: string }) {
  if (offers.length === 0) return <p class="text-sm text-ink-500">No offers yet.</p>;
  return (
    <ol class="grid gap-2" data-testid="offers">
      {offers.map((o) => (
        <li
          key={o.round}
          class={`rounded-xl p-3 text-sm ${o.madeBy === "act" ? "bg-ink-50" : "bg-saffron-50"}`}
        >
          <p>
            <span class="font-semibold">
              Round {o.round}: {o.madeBy === "act" ? "the act" : "the organizer"}
            </span>{" "}
            offered {formatMoney(o.fee, currency)}, deposit {o.depositBps / 100}%, {o.cancellationTier} policy
          </p>
          {o.note && <p class="text-ink-700 mt-1">“{o.note}”</p>}
          <p class="text-xs text-ink-500 mt-1">
            {o.status === "open" ? `Open until ${formatDateTime(o.expiresAt)}` : o.status}
          </p>
        </li>
      ))}
    </ol>
  );
}
