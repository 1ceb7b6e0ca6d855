import { HttpError, page } from "fresh";
import { Field, FormMessage } from "../../../components/forms.tsx";
import { formatMoneyExact } from "../../../domain/money_format.ts";
import { formFields } from "../../../lib/form_data.ts";
import type {
  SandboxCheckout,
  SandboxGateway,
  SandboxMethod,
} from "../../../integrations/payments/sandbox.ts";
import { define, type State } from "../../../utils.ts";

/**
 * The sandbox gateway's checkout page: what a payer sees instead of
 * Razorpay's or Stripe's when the app runs without their keys. It takes only
 * test cards and UPI ids and says so at the top; paying sends the payer back
 * to the app with a signed result and delivers the signed webhook, exactly as
 * a gateway would. The checkout's id is unguessable and, like a gateway's
 * page, it asks for no sign-in.
 */
interface Data {
  checkout: SandboxCheckout;
  instruments: SandboxGateway["testInstruments"];
  declined?: string;
  method?: SandboxMethod;
  instrument?: string;
}

function checkoutOf(state: State, ref: string): SandboxCheckout {
  const checkout = state.payments?.sandbox?.checkout(ref) ?? null;
  if (!checkout) throw new HttpError(404);
  return checkout;
}

export const handler = define.handlers<Data>({
  GET(ctx) {
    const checkout = checkoutOf(ctx.state, ctx.params.ref);
    ctx.state.title = "Sandbox checkout";
    return page({ checkout, instruments: ctx.state.payments!.sandbox!.testInstruments });
  },
  async POST(ctx) {
    const checkout = checkoutOf(ctx.state, ctx.params.ref);
    const values = await formFields(ctx.req);
    const method: SandboxMethod = values.method === "upi" ? "upi" : "card";
    const instrument = values[method] ?? "";
    const outcome = await ctx.state.payments!.sandbox!.pay(checkout.ref, method, instrument);
    if (outcome.paid) return new Response(null, { status: 303, headers: { location: outcome.redirect } });
    ctx.state.title = "Sandbox checkout";
    const instruments = ctx.state.payments!.sandbox!.testInstruments;
    return page({ checkout, instruments, declined: outcome.declined, method, instrument }, { status: 422 });
  },
});

function PayForm(
  { method, label, hint, error, value }: {
    method: SandboxMethod;
    label: string;
    hint: string;
    error?: string;
    value?: string;
  },
) {
  return (
    <form
      method="post"
      class="grid gap-3 rounded-2xl bg-white p-5 shadow-sm"
      data-testid={`sandbox-${method}`}
    >
      <input type="hidden" name="method" value={method} />
      <Field
        name={method}
        label={label}
        hint={hint}
        error={error}
        value={value}
        required
        autocomplete="off"
        inputmode={method === "card" ? "numeric" : "text"}
      />
      <button
        type="submit"
        class="justify-self-start rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white"
      >
        Pay with {method === "card" ? "this card" : "UPI"}
      </button>
    </form>
  );
}

export default define.page<typeof handler>(function SandboxCheckoutPage({ data }) {
  const { checkout, instruments: { card, upi }, declined, method, instrument } = data;
  return (
    <section class="max-w-md mx-auto px-4 py-6 grid gap-4">
      <p
        class="rounded-xl border-2 border-saffron-500 bg-saffron-50 px-4 py-3 text-sm font-semibold"
        data-testid="sandbox-banner"
      >
        Sandbox checkout: this server has no payment gateway configured. Only test cards and UPI ids work, and
        no real money moves.
      </p>
      <h1 class="text-xl font-bold">Pay {formatMoneyExact(checkout.amount, checkout.currency)}</h1>
      <p class="text-sm text-ink-700">{checkout.description}</p>
      <FormMessage state={{ message: declined }} />
      <PayForm
        method="upi"
        label="UPI id"
        hint={`Test UPI id: ${upi.success} (${upi.failure} is declined)`}
        value={method === "upi" ? instrument : undefined}
      />
      <PayForm
        method="card"
        label="Card number"
        hint={`Test card: ${card.success} (${card.declined} is declined)`}
        value={method === "card" ? instrument : undefined}
      />
      <p class="text-sm">
        <a href={checkout.cancelUrl} class="text-plum-700 underline">Cancel and go back to the booking</a>
      </p>
    </section>
  );
});
