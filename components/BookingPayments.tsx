/**
 * A booking's money on its page: what is due next (and, for the organizer,
 * the button that pays it), the schedule of instalments from the signed
 * contract, the payments made with their tax invoices, and refunds. The
 * sandbox gateway of development is named as such wherever a payer meets it.
 * Plain forms and links: paying works without JavaScript.
 */
import { formatMoneyExact } from "../domain/money_format.ts";
import { formatDate, formatDateTime } from "../domain/time_format.ts";
import type { BookingView } from "../services/bookings/views.ts";
import type { BookingPayments } from "../services/payments/reads.ts";
import type { PaymentView } from "../services/payments/views.ts";
import { BookingCard } from "./BookingDetails.tsx";

/** A payment's status as payers and payees read it. */
export const PAYMENT_STATUS: Record<PaymentView["status"], string> = {
  initiated: "Checkout started",
  authorized: "Authorised",
  captured: "Received",
  failed: "Failed",
  refunded: "Refunded",
  cancelled: "Cancelled",
};

/** Which part of the fee a payment is. */
export const PAYMENT_TYPE: Record<PaymentView["type"], string> = {
  deposit: "Deposit",
  milestone: "Milestone",
  final: "Balance",
};

const GATEWAY: Record<NonNullable<BookingPayments["gateway"]>, string> = {
  razorpay: "Razorpay (UPI, cards, netbanking)",
  stripe: "Stripe (cards)",
  sandbox: "the sandbox",
};

/** What is due next, and the button that pays it for the organizer. */
export function PaymentStep(
  { booking, payments, error }: { booking: BookingView; payments: BookingPayments; error?: string },
) {
  const { next } = payments;
  if (!next) return null;
  const t = booking.terms;
  const money = formatMoneyExact(next.amount, payments.currency);
  const dueAt = payments.instalments.find((i) => i.label === next.label)?.dueAt ?? null;
  const payer = booking.viewer.role === "organizer";
  return (
    <section
      class="rounded-2xl border-2 border-saffron-500 bg-saffron-50 p-5 grid gap-2"
      aria-labelledby="payment-title"
      data-testid="payment-step"
    >
      <h2 id="payment-title" class="text-lg font-bold">{next.label}</h2>
      <p class="text-sm">
        Next:{" "}
        {next.type === "deposit" ? `the deposit of ${money} (${t.depositBps / 100}% of the fee)` : money}{" "}
        {dueAt ? `is due by ${formatDate(dueAt)}.` : "is due once the show is completed."}
      </p>
      <p class="text-sm text-ink-700">
        {payer
          ? "Artist Space holds what you pay until the show, then releases it to the act."
          : "The organizer pays through Artist Space; the money is held until the show, then released to you."}
      </p>
      {error && <p class="text-sm font-semibold text-red-800" role="alert">{error}</p>}
      {payer && payments.gateway && (
        <form method="post" action={`/bookings/${booking.id}`} class="grid gap-2">
          <input type="hidden" name="intent" value="pay" />
          <button
            type="submit"
            class="justify-self-start rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white"
            data-testid="pay"
          >
            Pay {money}
          </button>
          <p class="text-xs text-ink-700">
            The tax invoice names you by your{" "}
            <a href="/account/billing" class="underline">billing details</a>. {payments.gateway === "sandbox"
              ? "Sandbox: this server takes test payments only. No real money moves."
              : `You pay on ${GATEWAY[payments.gateway]}'s secure page and come back here.`}
          </p>
        </form>
      )}
      {payer && !payments.gateway && (
        <p class="text-sm font-semibold" data-testid="payments-off">
          Payments in {payments.currency} are not configured on this server yet.
        </p>
      )}
    </section>
  );
}

function Instalments({ payments }: { payments: BookingPayments }) {
  let covered = payments.paid;
  return (
    <ul class="grid gap-1 text-sm" data-testid="instalments">
      {payments.instalments.map((i) => {
        const paid = Math.min(covered, i.amount);
        covered -= paid;
        return (
          <li class="flex flex-wrap justify-between gap-2">
            <span>
              {i.label}: {formatMoneyExact(i.amount, i.currency)}
              <span class="text-ink-500">
                {i.dueAt ? `, due ${formatDate(i.dueAt)}` : ", due at completion"}
              </span>
            </span>
            <span class={paid === i.amount ? "text-green-800 font-semibold" : "text-ink-700"}>
              {paid === i.amount
                ? "Paid"
                : paid > 0
                ? `${formatMoneyExact(paid, i.currency)} paid`
                : "To pay"}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** An admin's refund of one captured payment, outside the cancellation policy. */
function RefundForm(
  { bookingId, payment, error }: { bookingId: string; payment: PaymentView; error?: string },
) {
  const left = payment.amount - payment.refundedAmount;
  return (
    <details class="basis-full" open={error !== undefined}>
      <summary class="cursor-pointer text-sm font-semibold text-plum-700">Refund this payment</summary>
      <form method="post" action={`/bookings/${bookingId}`} class="mt-2 grid gap-2" data-testid="refund-form">
        <input type="hidden" name="intent" value="refund" />
        <input type="hidden" name="payment" value={payment.id} />
        <label class="text-sm font-semibold" for={`refund-amount-${payment.id}`}>
          Amount in rupees (empty: all that is left, {formatMoneyExact(left, payment.currency)})
        </label>
        <input
          id={`refund-amount-${payment.id}`}
          name="amount"
          inputmode="decimal"
          class="rounded-lg border border-ink-100 px-3 py-2"
        />
        <label class="text-sm font-semibold" for={`refund-reason-${payment.id}`}>Reason</label>
        <input
          id={`refund-reason-${payment.id}`}
          name="reason"
          required
          class="rounded-lg border border-ink-100 px-3 py-2"
        />
        {error && <p class="text-sm font-semibold text-red-800" role="alert">{error}</p>}
        <button
          type="submit"
          class="justify-self-start rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white"
        >
          Refund
        </button>
      </form>
    </details>
  );
}

function History(
  { payments, refundable, refundError }: {
    payments: BookingPayments;
    refundable: boolean;
    refundError?: { paymentId: string; message: string };
  },
) {
  if (payments.payments.length === 0 && payments.refunds.length === 0) return null;
  return (
    <ul class="grid gap-2 text-sm" data-testid="payment-history">
      {payments.payments.map((p) => (
        <li class="flex flex-wrap justify-between gap-2 border-t border-ink-100 pt-2">
          <span>
            {PAYMENT_TYPE[p.type]} {formatMoneyExact(p.amount, p.currency)}
            {p.method && <span class="text-ink-500">{` by ${p.method}`}</span>}
            <span class="text-ink-500">
              , {formatDateTime(p.completedAt ?? p.initiatedAt)}
              {p.gateway === "sandbox" && " (sandbox)"}
            </span>
          </span>
          <span class="flex gap-3">
            <span class={p.status === "captured" ? "font-semibold text-green-800" : "text-ink-700"}>
              {PAYMENT_STATUS[p.status]}
              {p.refundedAmount > 0 && p.status !== "refunded" &&
                `, ${formatMoneyExact(p.refundedAmount, p.currency)} refunded`}
            </span>
            {p.invoiceNumber && (
              <a
                href={`/api/v1/payments/${p.id}/invoice`}
                class="font-semibold text-plum-700 underline"
                data-testid="invoice-link"
              >
                Tax invoice {p.invoiceNumber}
              </a>
            )}
          </span>
          {refundable && p.status === "captured" && (
            <RefundForm
              bookingId={payments.bookingId}
              payment={p}
              error={refundError?.paymentId === p.id ? refundError.message : undefined}
            />
          )}
        </li>
      ))}
      {payments.refunds.map((r) => (
        <li class="flex flex-wrap justify-between gap-2 border-t border-ink-100 pt-2">
          <span>Refund {formatMoneyExact(r.amount, r.currency)} ({r.reason})</span>
          <span>
            {r.status === "processed" ? `Refunded ${formatDate(r.processedAt!)}` : "On its way back"}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The schedule and history, for the booking's parties, admins and staff; admins may refund from it. */
export function PaymentsCard(
  { payments, admin, refundError }: {
    payments: BookingPayments;
    admin: boolean;
    refundError?: { paymentId: string; message: string };
  },
) {
  if (payments.instalments.length === 0 && payments.payments.length === 0) return null;
  return (
    <BookingCard title="Payments">
      <div class="grid gap-3" data-testid="payments-card">
        <p class="text-sm">
          {formatMoneyExact(payments.paid, payments.currency)} of{" "}
          {formatMoneyExact(payments.fee, payments.currency)}{" "}
          paid{payments.blocked && !payments.next ? `. ${payments.blocked}.` : "."}
        </p>
        <Instalments payments={payments} />
        <History payments={payments} refundable={admin} refundError={refundError} />
      </div>
    </BookingCard>
  );
}

/** For the act's side (its owner, a band's members) and admins: where the act's earnings are. */
export function EarningsLink({ booking }: { booking: BookingView }) {
  const { role } = booking.viewer;
  if (role !== "act" && role !== "member" && role !== "admin" && role !== "staff") return null;
  const { act } = booking;
  return (
    <p class="text-sm" data-testid="earnings-link">
      <a
        href={`/${act.kind === "band" ? "bands" : "artists"}/${act.slug}/earnings`}
        class="font-semibold text-plum-700 underline"
      >
        {role === "member" ? `Your share of ${act.name}'s earnings` : `${act.name}'s earnings`}
      </a>
    </p>
  );
}
