import { HttpError, page } from "fresh";
import { formatMoneyExact } from "../../../domain/money_format.ts";
import RazorpayCheckout from "../../../islands/RazorpayCheckout.tsx";
import type { RazorpayGateway } from "../../../integrations/payments/razorpay.ts";
import { type HostedCheckout, hostedCheckout } from "../../../services/payments/checkout.ts";
import { define, signInFirst } from "../../../utils.ts";

/**
 * Where Razorpay payments start: Razorpay's Checkout is a script that opens
 * its payment sheet over a page of ours, for an order the server created.
 * The sheet's result comes back to the booking's return URL, signed.
 */
interface Data {
  checkout: HostedCheckout;
  keyId: string;
}

export const handler = define.handlers<Data>({
  async GET(ctx) {
    const { state } = ctx;
    if (!state.actor) return signInFirst(ctx);
    const razorpay = state.payments?.byName("razorpay") as RazorpayGateway | null | undefined;
    if (!state.payments || !razorpay) throw new HttpError(404);
    const checkout = await hostedCheckout(
      { ...state.deps, gateways: state.payments },
      state.actor,
      ctx.params.id,
    );
    state.title = "Pay with Razorpay";
    return page({ checkout, keyId: razorpay.keyId });
  },
});

export default define.page<typeof handler>(function RazorpayPage({ data: { checkout, keyId } }) {
  return (
    <section class="max-w-md mx-auto px-4 py-6 grid gap-4">
      <h1 class="text-xl font-bold">Pay {formatMoneyExact(checkout.amount, checkout.currency)}</h1>
      <p class="text-sm text-ink-700">{checkout.description}</p>
      <p class="text-sm">
        Razorpay takes the payment: UPI (any app, or scan the QR), cards and netbanking. Artist Space holds it
        until the show.
      </p>
      <RazorpayCheckout
        keyId={keyId}
        orderId={checkout.checkoutRef}
        amount={checkout.amount}
        currency={checkout.currency}
        name="Artist Space"
        description={checkout.description}
        payer={checkout.payer}
        returnUrl={checkout.returnUrl}
      />
      <noscript>
        <p class="text-sm font-semibold">Razorpay's checkout needs JavaScript: turn it on to pay.</p>
      </noscript>
      <p class="text-sm">
        <a href={`/bookings/${checkout.bookingId}`} class="text-plum-700 underline">Back to the booking</a>
      </p>
    </section>
  );
});
