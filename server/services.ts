/**
 * The composition of what use cases depend on: token signing, the outbox and
 * its dispatcher, the mail transport. main.ts and the tests build the app
 * from this, so both run the same wiring.
 */
import type { Config } from "../config/env.ts";
import { frankingKeyFrom, type MessageDeps } from "../services/messages/deps.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { DevMailbox } from "../integrations/mail/dev_mailbox.ts";
import { createMailTransport } from "../integrations/mail/mod.ts";
import type { MailTransport } from "../integrations/mail/transport.ts";
import { createStorage, type Storage } from "../integrations/storage/mod.ts";
import { type ContractPdfMaker, createContractPdfMaker } from "../integrations/contract_pdf/mod.ts";
import { accessTokenSigner } from "../services/auth/access_token.ts";
import type { ServiceDeps } from "../services/deps.ts";
import type { MoneySettings } from "../services/payments/settings.ts";
import { DEFAULT_PLATFORM_FEE_BPS } from "../domain/ledger.ts";
import { createDispatcher, type Dispatcher, enqueue, outboxSealer } from "../services/outbox.ts";
import { type FeedSigner, feedSigner } from "../services/calendar/feed.ts";
import { createPaymentGateways, type PaymentGateways } from "../integrations/payments/mod.ts";
import { sandboxSecretFrom, type WebhookSender } from "../integrations/payments/sandbox.ts";
import { createRazorpayGateway } from "../integrations/payments/razorpay.ts";
import { createStripeGateway } from "../integrations/payments/stripe.ts";
import type { LiveDeps } from "../api/live.ts";
import { liveEventFor } from "../services/messages/live_events.ts";
import { callLiveEventFor } from "../services/calls/live.ts";
import { LIVE_CHANNEL } from "../services/messages/live_signal.ts";
import { markDeliveredUpTo } from "../services/messages/read.ts";
import { createMessageHub, type MessageHub } from "./live/message_hub.ts";
import type { CallDeps } from "../services/calls/deps.ts";
import { createLiveKit } from "../integrations/livekit.ts";
import { createPushSender } from "../integrations/push/web_push.ts";
import { pushChannel } from "../services/push/delivery.ts";
import type { PushDeps } from "../services/push/deps.ts";

export interface Services {
  deps: ServiceDeps;
  dispatcher: Dispatcher;
  /** The in-memory mailbox of development and tests; null when mail really leaves. */
  mailbox: DevMailbox | null;
  /** Uploaded files: local disk (served at /media/*) or an S3-compatible bucket. */
  storage: Storage;
  /** Signs and checks the secret URLs of the iCalendar feeds. */
  calendarFeeds: FeedSigner;
  /** Renders contract PDFs and seals the signed ones with the platform's certificate. */
  contractPdf: ContractPdfMaker;
  /** The payment gateways this deployment takes payments through. */
  payments: PaymentGateways;
  /** End-to-end encrypted messages: the database, the clock and the key that countersigns them. */
  messages: MessageDeps;
  /**
   * Live messages: this instance's connections (LISTENing from the first on;
   * stop the hub to shut down, as they never end by themselves), and where
   * their acknowledgements go.
   */
  live: LiveDeps & { hub: MessageHub };
  /** Calls: the database, the clock and LiveKit (null when not configured: calls go peer to peer). */
  calls: CallDeps;
}

export async function createServices(
  config: Config,
  database: DatabaseHandle,
  options: {
    transport?: MailTransport;
    now?: () => Date;
    /** Delivers the sandbox gateway's webhooks; by default over HTTP to the app's own origin. */
    sandboxWebhooks?: WebhookSender;
  } = {},
): Promise<Services> {
  const now = options.now ?? (() => new Date());
  const sealer = outboxSealer(config.secrets.APP_SECRET);
  const transport = options.transport ?? createMailTransport(config);
  // Development and test also take a loopback push service: the tests' stand-in.
  const allowLoopback = config.env !== "production";
  const dispatcher = createDispatcher({
    db: database.db,
    transport,
    sealer,
    now,
    push: config.push
      ? pushChannel({ db: database.db, sender: createPushSender(config.push), sealer, allowLoopback, now })
      : undefined,
  });
  const push: PushDeps | null = config.push
    ? { publicKey: config.push.publicKey, allowLoopback, sealer, kick: () => dispatcher.kick() }
    : null;
  const deps: ServiceDeps = {
    db: database.db,
    signer: await accessTokenSigner(config.secrets.JWT_SECRET),
    async sendEmail(trx, to, message) {
      await enqueue(trx, { channel: "email", to, ...message }, sealer);
      // The run starts after a short delay, by when the enqueuing
      // transaction has normally committed; the poll catches any straggler.
      dispatcher.kick();
    },
    origin: config.appOrigin ?? `http://localhost:${config.port}`,
    now,
    money: moneySettings(config),
    push,
  };
  const messages: MessageDeps = {
    db: database.db,
    now,
    frankingKey: frankingKeyFrom(config.secrets.APP_SECRET),
    push,
  };
  return {
    deps,
    dispatcher,
    mailbox: transport instanceof DevMailbox ? transport : null,
    storage: createStorage(config),
    calendarFeeds: feedSigner(config.secrets.APP_SECRET),
    contractPdf: await createContractPdfMaker(config),
    payments: await paymentGateways(config, deps.origin, now, options.sandboxWebhooks),
    messages,
    live: {
      hub: createMessageHub({
        listen: database.listen,
        channel: LIVE_CHANNEL,
        load: async (payload) =>
          await liveEventFor(database.db, payload) ?? await callLiveEventFor(database.db, payload),
      }),
      delivered: (actor, conversationId, seq) => markDeliveredUpTo(messages, actor, conversationId, seq),
    },
    calls: {
      db: database.db,
      now,
      livekit: config.livekit ? createLiveKit(config.livekit) : null,
      ice: config.ice,
      push,
    },
  };
}

/** The platform's fee and invoicing as configured; the demo seed charges and invoices its payments alike. */
export function moneySettings(config: Config): MoneySettings {
  return {
    platformFeeBps: config.payments.platformFeeBps ?? DEFAULT_PLATFORM_FEE_BPS,
    invoiceSupplier: config.payments.invoiceSupplier,
  };
}

async function paymentGateways(
  config: Config,
  origin: string,
  now: () => Date,
  sandboxSend?: WebhookSender,
): Promise<PaymentGateways> {
  const { razorpay, stripe } = config.payments;
  const stripeApi = stripe?.apiUrl ? new URL(stripe.apiUrl) : null;
  return createPaymentGateways(config.payments, {
    origin,
    now,
    sandboxSecret: await sandboxSecretFrom(config.secrets.APP_SECRET),
    sandboxSend,
    razorpay: razorpay
      ? createRazorpayGateway({
        keyId: razorpay.keyId,
        keySecret: razorpay.keySecret,
        webhookSecret: razorpay.webhookSecret,
        apiBaseUrl: razorpay.apiUrl,
        checkoutPageUrl: (paymentId) => `${origin}/payments/${paymentId}/razorpay`,
        now,
      })
      : null,
    stripe: stripe
      ? createStripeGateway({
        secretKey: stripe.secretKey,
        webhookSecret: stripe.webhookSecret,
        api: stripeApi
          ? {
            host: stripeApi.hostname,
            port: Number(stripeApi.port || (stripeApi.protocol === "https:" ? 443 : 80)),
            protocol: stripeApi.protocol === "https:" ? "https" : "http",
          }
          : undefined,
        now,
      })
      : null,
  });
}
