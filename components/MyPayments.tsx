/**
 * What an organizer has paid, newest first: for each payment its booking,
 * when, how much, which part of the fee, where it stands, how it was paid and
 * its tax invoice. A payment through the sandbox is marked as a test that
 * moved no money. With nothing paid yet, the page says where paying starts.
 */
import { formatMoneyExact } from "../domain/money_format.ts";
import { formatDate, formatDateTime } from "../domain/time_format.ts";
import type { myPayments } from "../services/payments/reads.ts";
import { PAYMENT_STATUS, PAYMENT_TYPE } from "./BookingPayments.tsx";

export type PayerPayment = Awaited<ReturnType<typeof myPayments>>[number];

const METHOD: Record<string, string> = {
  upi: "UPI",
  card: "card",
  netbanking: "netbanking",
  wallet: "wallet",
};

function Payment({ p }: { p: PayerPayment }) {
  return (
    <li class="py-3 grid gap-1" data-testid="my-payment">
      <div class="flex flex-wrap items-baseline justify-between gap-2">
        <a href={`/bookings/${p.bookingId}`} class="font-medium text-plum-700 underline">{p.bookingTitle}</a>
        <span class="font-semibold">{formatMoneyExact(p.amount, p.currency)}</span>
      </div>
      <p class="text-sm text-ink-700">
        {PAYMENT_TYPE[p.type]} ·{" "}
        <span class={p.status === "captured" ? "font-semibold text-green-800" : ""}>
          {PAYMENT_STATUS[p.status]}
        </span>
        {p.refundedAmount > 0 && p.status !== "refunded" &&
          `, ${formatMoneyExact(p.refundedAmount, p.currency)} refunded`}
        {p.method && ` · by ${METHOD[p.method] ?? p.method}`} ·{" "}
        {formatDateTime(p.completedAt ?? p.initiatedAt)}
      </p>
      <p class="text-xs text-ink-500">Show on {formatDate(p.bookingStartsAt)}</p>
      {p.gateway === "sandbox" && (
        <p class="text-xs font-semibold text-saffron-700" data-testid="sandbox-payment">
          Sandbox: a test payment, no real money moved.
        </p>
      )}
      {p.failureReason && p.status === "failed" && <p class="text-xs text-red-800">{p.failureReason}</p>}
      {p.invoiceNumber && (
        <p class="text-sm">
          <a
            href={`/api/v1/payments/${p.id}/invoice`}
            class="font-semibold text-plum-700 underline"
            data-testid="invoice-link"
          >
            Tax invoice {p.invoiceNumber}
          </a>
        </p>
      )}
    </li>
  );
}

export function MyPayments({ payments }: { payments: PayerPayment[] }) {
  return (
    <section class="max-w-3xl mx-auto px-4 py-6 grid gap-5">
      <div>
        <h1 class="text-2xl font-bold">Your payments</h1>
        <p class="mt-1 text-sm text-ink-700">
          What you have paid for your bookings. Artist Space holds each payment until the show, then releases
          it to the act.
        </p>
      </div>
      <div class="bg-white rounded-2xl shadow-sm p-5">
        {payments.length === 0
          ? (
            <p class="text-sm" data-testid="payments-empty">
              You have not paid for a booking yet. Payments start on a booking's page: once you and the act
              have both signed its contract, the page shows the deposit due and a button that pays it.{" "}
              <a href="/bookings" class="font-semibold text-plum-700 underline">Your bookings</a>
            </p>
          )
          : (
            <ul class="divide-y divide-ink-100" data-testid="my-payments">
              {payments.map((p) => <Payment key={p.id} p={p} />)}
            </ul>
          )}
      </div>
    </section>
  );
}
