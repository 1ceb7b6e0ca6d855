import { HttpError } from "fresh";
import { confirmPayment } from "../../../../../services/payments/checkout.ts";
import { define, signInFirst } from "../../../../../utils.ts";

/**
 * Where a gateway's checkout sends the payer back, with its own parameters
 * (Razorpay's signed ids, Stripe's session id, the sandbox's signed result).
 * They are verified and the payment counted as the webhook would count it;
 * then the payer sees the booking. A forged return is refused (400).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { state, params } = ctx;
    if (!state.actor) return signInFirst(ctx);
    if (!state.payments) throw new HttpError(404);
    const query = Object.fromEntries(ctx.url.searchParams);
    const payment = await confirmPayment(
      { ...state.deps, gateways: state.payments },
      state.actor,
      params.paymentId,
      query,
    );
    if (payment.bookingId !== params.id) throw new HttpError(404);
    const done = payment.status === "captured" ? "paid" : "pending";
    return ctx.redirect(`/bookings/${payment.bookingId}?done=${done}`, 303);
  },
});
