/**
 * Paying: the organizer starts a checkout for what is due next, goes to the
 * gateway's page (or the sandbox's), and comes back. The return is verified
 * with the gateway and applied like the webhook that will also report it;
 * whichever arrives first counts the money, the other changes nothing
 * (apply_fact.ts).
 *
 * A payment row is written before the gateway is called, with an
 * idempotency key per booking, instalment and attempt
 * (`booking:<id>:deposit:1`), so a retried click or a timeout reuses the same
 * gateway order or session instead of making a second one.
 */
import { loadBooking } from "../bookings/load_booking.ts";
import { bookingTransaction } from "../bookings/step_runner.ts";
import {
  findPayment,
  insertPayment,
  openPaymentOf,
  payerContact,
  paymentAttempts,
  setPaymentColumns,
} from "../../db/queries/payments.ts";
import type { Payment } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import {
  AppError,
  Conflict,
  ExternalServiceError,
  InvalidSignature,
  NotFound,
  ServiceUnavailable,
} from "../../domain/errors.ts";
import { requirePayer } from "../../domain/payment_access.ts";
import { SignatureRejected } from "../../integrations/payments/gateway.ts";
import { requireId } from "../validation.ts";
import { applyFact } from "./apply_fact.ts";
import type { PaymentDeps } from "./deps.ts";
import { dueOn } from "./due.ts";
import { type PaymentView, paymentViews } from "./views.ts";

export interface StartedPayment {
  payment: PaymentView;
  /** Where to send the payer: the gateway's checkout page. */
  redirectUrl: string;
}

/** Starts (or resumes) the checkout of what the organizer owes next on the booking. */
export async function startPayment(
  deps: PaymentDeps,
  actor: Actor | null,
  bookingId: string,
): Promise<StartedPayment> {
  const a = requireActor(actor);
  const { payment, description } = await bookingTransaction(deps, async (trx) => {
    const loaded = await loadBooking(trx, bookingId, { lock: true });
    requirePayer(a, loaded.people);
    const due = dueOn(loaded.snapshot, loaded.contract);
    if (!due.payable) throw new Conflict(due.reason);
    const currency = loaded.row.currency;
    const gateway = deps.gateways.forCurrency(currency);
    if (!gateway) throw new ServiceUnavailable(`Payments in ${currency} are not configured on this server`);
    const description = `${due.instalment.label} for "${loaded.row.title}" with ${loaded.act.name}`;
    const open = await openPaymentOf(trx, loaded.row.id, due.type, due.amount);
    if (open && open.gateway === gateway.name) return { payment: open, description };
    const attempt = await paymentAttempts(trx, loaded.row.id, due.type) + 1;
    const payment = await insertPayment(trx, {
      booking_id: loaded.row.id,
      payer_id: a.userId,
      payee_id: loaded.people.actOwnerId,
      amount: due.amount,
      currency,
      payment_type: due.type,
      gateway: gateway.name,
      idempotency_key: `booking:${loaded.row.id}:${due.type}:${attempt}`,
      initiated_at: deps.now(),
    });
    return { payment, description };
  });

  const gateway = deps.gateways.byName(payment.gateway);
  if (!gateway) throw new ServiceUnavailable(`The ${payment.gateway} gateway is no longer configured`);
  const payer = await payerContact(deps.db, payment.payer_id);
  const bookingPage = `${deps.origin}/bookings/${payment.booking_id}`;
  let started;
  try {
    started = await gateway.startCheckout({
      paymentId: payment.id,
      idempotencyKey: payment.idempotency_key,
      amount: payment.amount,
      currency: payment.currency,
      description,
      payer: { name: payer.display_name ?? payer.email, email: payer.email },
      returnUrl: `${bookingPage}/payments/${payment.id}/return`,
      cancelUrl: bookingPage,
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new ExternalServiceError(`The ${gateway.name} gateway could not start the checkout; try again`);
  }
  if (payment.checkout_ref !== started.checkoutRef) {
    await setPaymentColumns(deps.db, payment.id, { checkout_ref: started.checkoutRef });
  }
  const [view] = await paymentViews(deps.db, [{ ...payment, checkout_ref: started.checkoutRef }]);
  return { payment: view, redirectUrl: started.redirectUrl };
}

/** The payer is back from checkout with the gateway's parameters: verify them and count the money. */
export async function confirmPayment(
  deps: PaymentDeps,
  actor: Actor | null,
  paymentId: string,
  params: Readonly<Record<string, string>>,
): Promise<PaymentView> {
  const a = requireActor(actor);
  const payment = await foundPayment(deps, paymentId);
  const booking = await loadBooking(deps.db, payment.booking_id);
  requirePayer(a, booking.people);
  const gateway = deps.gateways.byName(payment.gateway);
  if (!gateway) throw new ServiceUnavailable(`The ${payment.gateway} gateway is not configured`);
  if (!payment.checkout_ref) throw new Conflict("This payment's checkout was never started");
  let fact;
  try {
    fact = await gateway.confirmReturn(payment.checkout_ref, params);
  } catch (err) {
    if (err instanceof SignatureRejected) throw new InvalidSignature(err.message);
    throw err;
  }
  if (fact) await bookingTransaction(deps, (trx) => applyFact(trx, deps, gateway.name, fact));
  const [view] = await paymentViews(deps.db, [(await findPayment(deps.db, payment.id))!]);
  return view;
}

/** The payment, or NotFound; the caller checks that the actor is its payer. */
async function foundPayment(deps: PaymentDeps, paymentId: string): Promise<Payment> {
  const payment = await findPayment(deps.db, requireId(paymentId, "Payment"));
  if (!payment) throw new NotFound("Payment not found");
  return payment;
}

const PAYMENT_LABEL: Record<Payment["payment_type"], string> = {
  deposit: "Deposit",
  milestone: "Milestone",
  final: "Balance",
};

export interface HostedCheckout {
  paymentId: string;
  bookingId: string;
  checkoutRef: string;
  amount: number;
  currency: string;
  description: string;
  payer: { name: string; email: string };
  returnUrl: string;
}

/**
 * What a checkout page of ours needs to open a gateway's payment sheet for
 * an initiated payment (Razorpay's Checkout is a script on our page): the
 * payer's only, and only while the payment can still be paid.
 */
export async function hostedCheckout(
  deps: PaymentDeps,
  actor: Actor | null,
  paymentId: string,
): Promise<HostedCheckout> {
  const a = requireActor(actor);
  const payment = await foundPayment(deps, paymentId);
  const booking = await loadBooking(deps.db, payment.booking_id);
  requirePayer(a, booking.people);
  if (!payment.checkout_ref || (payment.status !== "initiated" && payment.status !== "failed")) {
    throw new Conflict(`This payment is ${payment.status}; start again from the booking`);
  }
  const payer = await payerContact(deps.db, payment.payer_id);
  return {
    paymentId: payment.id,
    bookingId: payment.booking_id,
    checkoutRef: payment.checkout_ref,
    amount: payment.amount,
    currency: payment.currency,
    description: `${PAYMENT_LABEL[payment.payment_type]} for "${booking.row.title}" with ${booking.act.name}`,
    payer: { name: payer.display_name ?? payer.email, email: payer.email },
    returnUrl: `${deps.origin}/bookings/${payment.booking_id}/payments/${payment.id}/return`,
  };
}
