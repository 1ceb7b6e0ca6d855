/**
 * Razorpay Checkout for one order: Razorpay's own script and payment sheet
 * (UPI intent and QR, cards, netbanking, wallets), loaded only when the payer
 * asks, so the page costs nothing until then. On success Razorpay hands back
 * the payment id, the order id and their signature; the island takes the
 * payer to our return URL with them, where the server verifies the signature
 * before counting anything. Without JavaScript the sheet cannot open, and the
 * island says so.
 */
import { useSignal } from "@preact/signals";

interface Props {
  keyId: string;
  orderId: string;
  amount: number;
  currency: string;
  name: string;
  description: string;
  payer: { name: string; email: string };
  returnUrl: string;
}

const SCRIPT = "https://checkout.razorpay.com/v1/checkout.js";

interface RazorpaySuccess {
  razorpay_payment_id: string;
  razorpay_order_id: string;
  razorpay_signature: string;
}

type RazorpayConstructor = new (options: Record<string, unknown>) => { open(): void };

function loadScript(): Promise<RazorpayConstructor> {
  const existing = (globalThis as { Razorpay?: RazorpayConstructor }).Razorpay;
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = SCRIPT;
    script.onload = () => resolve((globalThis as unknown as { Razorpay: RazorpayConstructor }).Razorpay);
    script.onerror = () => reject(new Error("Razorpay's checkout could not be loaded"));
    document.head.append(script);
  });
}

export default function RazorpayCheckout(props: Props) {
  const problem = useSignal<string | null>(null);
  const opening = useSignal(false);

  async function open() {
    opening.value = true;
    problem.value = null;
    try {
      const Razorpay = await loadScript();
      new Razorpay({
        key: props.keyId,
        order_id: props.orderId,
        amount: props.amount,
        currency: props.currency,
        name: props.name,
        description: props.description,
        prefill: { name: props.payer.name, email: props.payer.email },
        handler(success: RazorpaySuccess) {
          const url = new URL(props.returnUrl);
          for (const [key, value] of Object.entries(success)) url.searchParams.set(key, value);
          location.assign(url.href);
        },
        modal: { ondismiss: () => opening.value = false },
      }).open();
    } catch (err) {
      problem.value = err instanceof Error ? err.message : String(err);
      opening.value = false;
    }
  }

  return (
    <div class="grid gap-2">
      <button
        type="button"
        onClick={open}
        disabled={opening.value}
        class="justify-self-start rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white disabled:opacity-60"
      >
        {opening.value ? "Opening Razorpay…" : "Pay with Razorpay"}
      </button>
      {problem.value && <p class="text-sm font-semibold text-red-800" role="alert">{problem.value}</p>}
    </div>
  );
}
