/**
 * The gateways this deployment takes payments through, chosen from
 * configuration: Razorpay for INR and Stripe for other currencies when their
 * keys are set, and otherwise the sandbox gateway where it is allowed
 * (development and test). A currency with neither has no gateway: the app
 * says that payments are not configured instead of offering a dead button.
 */
import type { PaymentsConfig } from "../../config/env.ts";
import type { GatewayName } from "../../domain/payment_status.ts";
import type { PaymentGateway } from "./gateway.ts";
import { createSandboxGateway, type SandboxGateway, type WebhookSender } from "./sandbox.ts";

export interface PaymentGateways {
  /** The gateway that takes payments in `currency`, or null when none is configured. */
  forCurrency(currency: string): PaymentGateway | null;
  /** A gateway by name, for its webhooks and reconciliation; null when it is not configured. */
  byName(name: GatewayName): PaymentGateway | null;
  /** Every configured gateway. */
  all(): PaymentGateway[];
  /** The sandbox, when on: its checkout page is served by the app. */
  sandbox: SandboxGateway | null;
}

export interface GatewayOptions {
  /** The app's public origin (checkout pages, webhook delivery of the sandbox). */
  origin: string;
  /** Signs the sandbox's returns and webhooks. */
  sandboxSecret: string;
  /** Overrides the sandbox's webhook delivery (tests deliver in-process). */
  sandboxSend?: WebhookSender;
  /** Adapters for configured gateways, built by the caller from `config`. */
  razorpay?: PaymentGateway | null;
  stripe?: PaymentGateway | null;
  now?: () => Date;
}

export function createPaymentGateways(config: PaymentsConfig, options: GatewayOptions): PaymentGateways {
  const sandbox = config.sandbox
    ? createSandboxGateway({
      secret: options.sandboxSecret,
      origin: options.origin,
      send: options.sandboxSend,
      now: options.now,
    })
    : null;
  const razorpay = options.razorpay ?? null;
  const stripe = options.stripe ?? null;
  const named: Record<GatewayName, PaymentGateway | null> = { razorpay, stripe, sandbox };
  return {
    forCurrency: (currency) => (currency === "INR" ? razorpay : stripe) ?? sandbox,
    byName: (name) => named[name] ?? null,
    all: () => [razorpay, stripe, sandbox].filter((g): g is PaymentGateway => g !== null),
    sandbox,
  };
}
