/**
 * A stand-in Stripe for tests: the slice of Stripe's REST API the Stripe
 * gateway uses (Checkout Sessions, PaymentIntents and their charges, balance
 * transactions, refunds, Connect transfers), in memory on a loopback port, so
 * the real SDK runs against it through `host`/`port`/`protocol`.
 *
 * It behaves as Stripe documents, because that is what the adapter must cope
 * with: Bearer (or Basic) auth with the secret key, form-encoded bodies in
 * bracket syntax with unknown parameters refused, ids with Stripe's prefixes,
 * lists newest first, `expand[]` at most four levels deep, and idempotency
 * keys that replay the first response for the same parameters and refuse
 * other parameters with 400 `idempotency_error` (kept 24 hours; a request
 * refused while its parameters are checked is not kept, as on Stripe).
 *
 * What Stripe's checkout page and payment networks do happens through test
 * controls: `pay` settles a session (a declined card leaves the session open
 * for another try, as Checkout does; a failed UPI payment completes it
 * unpaid, as asynchronous methods do), card refunds succeed at once while
 * others stay pending until `succeedRefunds`, sessions expire 24 hours after
 * creation on the stand-in's clock, an account may settle in another currency
 * than the payments' (balance transactions converted, as Stripe converts
 * them), and `webhook` signs events the way Stripe does, with node's HMAC
 * rather than the SDK's, so a mistake in either shows.
 */
import { createHmac } from "node:crypto";
import {
  canonical,
  checkShape,
  decodeForm,
  expandPaths,
  integer,
  LIST_SHAPE,
  listPage,
  metadata,
  type Params,
  type Shape,
  StripeFailure,
  text,
} from "./stripe_wire.ts";

export interface CheckoutSession {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: "payment";
  payment_intent: string | null;
  payment_status: "paid" | "unpaid";
  status: "open" | "complete" | "expired";
  success_url: string;
  url: string | null;
}

export interface PaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  created: number;
  last_payment_error: { type: string; code: string; message: string } | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  payment_method_types: string[];
  status: "requires_payment_method" | "succeeded";
}

export interface Charge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string | null;
  captured: boolean;
  created: number;
  currency: string;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Record<string, string>;
  paid: boolean;
  payment_intent: string;
  payment_method_details: { type: string };
  refunded: boolean;
  status: "succeeded" | "failed";
}

export interface BalanceTransaction {
  id: string;
  object: "balance_transaction";
  amount: number;
  available_on: number;
  created: number;
  currency: string;
  exchange_rate: number | null;
  fee: number;
  fee_details: { amount: number; currency: string; description: string; type: string }[];
  net: number;
  reporting_category: string;
  source: string;
  status: "pending";
  type: "charge" | "refund" | "transfer";
}

export interface Refund {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: string | null;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  status: "pending" | "succeeded";
}

export interface Transfer {
  id: string;
  object: "transfer";
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Record<string, string>;
  reversed: false;
  source_transaction: string | null;
  transfer_group: string | null;
}

type StripeObject = CheckoutSession | PaymentIntent | Charge | BalanceTransaction | Refund | Transfer;

export interface StripeStandIn {
  url: string;
  host: string;
  port: number;
  /**
   * The payer pays on the checkout page. Returns where Stripe then sends the
   * browser (success_url with the session id filled in), or null when a
   * declined card leaves the payer on the page.
   */
  pay(sessionId: string, opts?: { fail?: boolean; method?: "card" | "upi" }): { redirectTo: string | null };
  /** The event Stripe would post for `objectId`, signed now or at `signedAt`. */
  webhook(type: string, objectId: string, opts?: { signedAt?: Date }): { body: string; headers: Headers };
  /** Pending refunds settle; returns their ids. */
  succeedRefunds(): string[];
  readonly sessions: CheckoutSession[];
  readonly refunds: Refund[];
  readonly transfers: Transfer[];
  close(): Promise<void>;
}

const DAY_SECONDS = 24 * 60 * 60;
/** The version events are rendered in when no request has named one. */
const DEFAULT_API_VERSION = "2026-11-18.endive";

const SESSION_CREATE: Record<string, Shape> = {
  mode: true,
  line_items: [{
    quantity: true,
    price_data: { currency: true, unit_amount: true, product_data: { name: true, description: true } },
  }],
  customer_email: true,
  client_reference_id: true,
  metadata: "map",
  payment_intent_data: { metadata: "map", description: true },
  success_url: true,
  cancel_url: true,
  expires_at: true,
  payment_method_types: [true],
  expand: [true],
};

const REFUND_CREATE: Record<string, Shape> = {
  payment_intent: true,
  charge: true,
  amount: true,
  metadata: "map",
  reason: true,
  expand: [true],
};

const TRANSFER_CREATE: Record<string, Shape> = {
  amount: true,
  currency: true,
  destination: true,
  transfer_group: true,
  source_transaction: true,
  metadata: "map",
  description: true,
  expand: [true],
};

/** Which fields of which object hold ids that `expand[]` may replace by their objects. */
const EXPANDABLE: Record<string, readonly string[]> = {
  "checkout.session": ["payment_intent"],
  payment_intent: ["latest_charge"],
  charge: ["balance_transaction", "payment_intent"],
  refund: ["balance_transaction", "charge", "payment_intent"],
  transfer: ["balance_transaction", "source_transaction"],
  balance_transaction: ["source"],
};

const RETRIEVABLE: Record<string, string> = {
  payment_intents: "pi_",
  charges: "ch_",
  balance_transactions: "txn_",
  refunds: "re_",
  transfers: "tr_",
};

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomId(prefix: string, length = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return prefix + Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join("");
}

/** Stripe's processing fee on a payment: 2.9% + 30 minor units, rounded to a whole unit. */
function processingFee(amount: number): number {
  return Math.round(amount * 29 / 1000) + 30;
}

interface KeptResponse {
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
  at: number;
}

export function startStripeStandIn(
  opts: {
    secretKey: string;
    webhookSecret: string;
    now?: () => Date;
    /**
     * The account's own currency when it is not the payments' (an Indian
     * account settles in INR): charges' balance transactions are converted
     * into it at `exchangeRate`, as Stripe converts them.
     */
    settlement?: { currency: string; exchangeRate: number };
  },
): Promise<StripeStandIn> {
  const clock = opts.now ?? (() => new Date());
  const unixNow = () => Math.floor(clock().getTime() / 1000);
  const objects = new Map<string, StripeObject>();
  const order: string[] = [];
  /** What the session was created with that Stripe keeps but does not show on it. */
  const intentMetadata = new Map<string, Record<string, string>>();
  const kept = new Map<string, KeptResponse>();
  let apiVersion = DEFAULT_API_VERSION;

  function store<T extends StripeObject>(object: T): T {
    if (!objects.has(object.id)) order.push(object.id);
    objects.set(object.id, object);
    return object;
  }

  function all<T extends StripeObject>(kind: T["object"]): T[] {
    return order.map((id) => objects.get(id)!).filter((o): o is T => o.object === kind);
  }

  function find<T extends StripeObject>(kind: T["object"], id: string): T | undefined {
    const object = objects.get(id);
    return object?.object === kind ? object as T : undefined;
  }

  /** Open sessions past `expires_at` are expired, as Stripe's own sweep does. */
  function expireSessions(): void {
    for (const session of all<CheckoutSession>("checkout.session")) {
      if (session.status === "open" && session.expires_at <= unixNow()) {
        session.status = "expired";
        session.url = null;
      }
    }
  }

  function noSuch(kind: string, id: string, param: string, status = 400): StripeFailure {
    return new StripeFailure(status, "invalid_request_error", `No such ${kind}: '${id}'`, {
      code: "resource_missing",
      param,
    });
  }

  function lookup(id: string): StripeObject | undefined {
    return objects.get(id);
  }

  function expanded<T>(object: T, params: Params): T {
    return expandPaths(object, params, lookup, EXPANDABLE);
  }

  function createSession(params: Params, baseUrl: string): CheckoutSession {
    checkShape(params, SESSION_CREATE);
    const mode = text(params, ["mode"], true);
    if (mode !== "payment") {
      throw new StripeFailure(400, "invalid_request_error", `The stand-in supports mode=payment only.`, {
        param: "mode",
      }, false);
    }
    const successUrl = text(params, ["success_url"], true);
    const cancelUrl = text(params, ["cancel_url"]) ?? null;
    for (const [name, url] of [["success_url", successUrl], ["cancel_url", cancelUrl]] as const) {
      if (url !== null && !URL.canParse(url)) {
        throw new StripeFailure(400, "invalid_request_error", `Not a valid URL`, { param: name }, false);
      }
    }
    const items = Array.isArray(params.line_items) ? params.line_items : [];
    if (items.length === 0) {
      throw new StripeFailure(400, "invalid_request_error", "Missing required param: line_items.", {
        code: "parameter_missing",
        param: "line_items",
      }, false);
    }
    let total = 0;
    const currencies = new Set<string>();
    items.forEach((_, i) => {
      const item = ["line_items", String(i)];
      const quantity = integer(params, [...item, "quantity"], true, 1);
      currencies.add(text(params, [...item, "price_data", "currency"], true).toLowerCase());
      const unitAmount = integer(params, [...item, "price_data", "unit_amount"], true, 0);
      text(params, [...item, "price_data", "product_data", "name"], true);
      total += quantity * unitAmount;
    });
    if (currencies.size > 1) {
      throw new StripeFailure(400, "invalid_request_error", "All line items must share one currency.", {
        param: "line_items",
      }, false);
    }
    const created = unixNow();
    const id = randomId("cs_test_", 58);
    intentMetadata.set(id, metadata(params, ["payment_intent_data", "metadata"]));
    return store<CheckoutSession>({
      id,
      object: "checkout.session",
      amount_subtotal: total,
      amount_total: total,
      cancel_url: cancelUrl,
      client_reference_id: text(params, ["client_reference_id"]) ?? null,
      created,
      currency: [...currencies][0],
      customer_email: text(params, ["customer_email"]) ?? null,
      expires_at: integer(params, ["expires_at"]) ?? created + DAY_SECONDS,
      livemode: false,
      metadata: metadata(params, ["metadata"]),
      mode: "payment",
      payment_intent: null,
      payment_status: "unpaid",
      status: "open",
      success_url: successUrl,
      url: `${baseUrl}/c/pay/${id}`,
    });
  }

  function createRefund(params: Params): Refund {
    checkShape(params, REFUND_CREATE);
    const intentId = text(params, ["payment_intent"]);
    const chargeId = text(params, ["charge"]);
    if (!intentId && !chargeId) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        "One of the following params should be provided for this request: payment_intent or charge.",
        {},
        false,
      );
    }
    let charge: Charge | undefined;
    if (intentId) {
      const intent = find<PaymentIntent>("payment_intent", intentId);
      if (!intent) throw noSuch("payment_intent", intentId, "payment_intent");
      if (intent.status !== "succeeded") {
        throw new StripeFailure(
          400,
          "invalid_request_error",
          `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
          { param: "payment_intent" },
        );
      }
      charge = find<Charge>("charge", intent.latest_charge!);
    } else {
      charge = find<Charge>("charge", chargeId!);
      if (!charge) throw noSuch("charge", chargeId!, "charge");
    }
    const remaining = charge!.amount - charge!.amount_refunded;
    if (remaining === 0) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        `Charge ${charge!.id} has already been refunded.`,
        {
          code: "charge_already_refunded",
        },
      );
    }
    const amount = integer(params, ["amount"], false, 1) ?? remaining;
    if (amount > remaining) {
      throw new StripeFailure(
        400,
        "invalid_request_error",
        `Refund amount (${amount} ${
          charge!.currency
        }) is greater than unrefunded amount on charge (${remaining} ${charge!.currency}).`,
        { code: "amount_too_large", param: "amount" },
      );
    }
    charge!.amount_refunded += amount;
    charge!.refunded = charge!.amount_refunded === charge!.amount;
    const refund = store<Refund>({
      id: randomId("re_"),
      object: "refund",
      amount,
      balance_transaction: null,
      charge: charge!.id,
      created: unixNow(),
      currency: charge!.currency,
      metadata: metadata(params, ["metadata"]),
      payment_intent: charge!.payment_intent,
      reason: text(params, ["reason"]) ?? null,
      status: "pending",
    });
    if (charge!.payment_method_details.type === "card") settle(refund);
    return refund;
  }

  function settle(refund: Refund): void {
    refund.status = "succeeded";
    refund.balance_transaction = store<BalanceTransaction>({
      id: randomId("txn_"),
      object: "balance_transaction",
      amount: -refund.amount,
      available_on: unixNow(),
      created: unixNow(),
      currency: refund.currency,
      exchange_rate: null,
      fee: 0,
      fee_details: [],
      net: -refund.amount,
      reporting_category: "refund",
      source: refund.id,
      status: "pending",
      type: "refund",
    }).id;
  }

  function createTransfer(params: Params): Transfer {
    checkShape(params, TRANSFER_CREATE);
    const amount = integer(params, ["amount"], true, 1);
    const currency = text(params, ["currency"], true).toLowerCase();
    const destination = text(params, ["destination"], true);
    if (!destination.startsWith("acct_")) throw noSuch("destination", destination, "destination");
    const sourceId = text(params, ["source_transaction"]) ?? null;
    if (sourceId !== null) {
      const source = find<Charge>("charge", sourceId);
      if (!source || source.status !== "succeeded") throw noSuch("charge", sourceId, "source_transaction");
      // The transfer draws on the charge's funds as they landed in the account's balance.
      const funds = find<BalanceTransaction>("balance_transaction", source.balance_transaction!)!;
      if (funds.currency !== currency) {
        throw new StripeFailure(
          400,
          "invalid_request_error",
          `The currency of source_transaction's balance transaction (${funds.currency}) must be the same as the transfer currency (${currency}).`,
          { param: "currency" },
        );
      }
      const transferred = all<Transfer>("transfer").filter((t) => t.source_transaction === sourceId)
        .reduce((sum, t) => sum + t.amount, 0);
      if (transferred + amount > funds.amount) {
        throw new StripeFailure(
          400,
          "invalid_request_error",
          `Transfers using source_transaction ${sourceId} cannot exceed its amount (${funds.amount} ${funds.currency}).`,
          { code: "transfer_source_balance_parameters_mismatch", param: "amount" },
        );
      }
    }
    const id = randomId("tr_");
    const txn = store<BalanceTransaction>({
      id: randomId("txn_"),
      object: "balance_transaction",
      amount: -amount,
      available_on: unixNow(),
      created: unixNow(),
      currency,
      exchange_rate: null,
      fee: 0,
      fee_details: [],
      net: -amount,
      reporting_category: "transfer",
      source: id,
      status: "pending",
      type: "transfer",
    });
    return store<Transfer>({
      id,
      object: "transfer",
      amount,
      amount_reversed: 0,
      balance_transaction: txn.id,
      created: unixNow(),
      currency,
      description: text(params, ["description"]) ?? null,
      destination,
      destination_payment: randomId("py_"),
      livemode: false,
      metadata: metadata(params, ["metadata"]),
      reversed: false,
      source_transaction: sourceId,
      transfer_group: text(params, ["transfer_group"]) ?? null,
    });
  }

  function list<T extends StripeObject>(kind: T["object"], params: Params, url: string) {
    checkShape(params, LIST_SHAPE);
    const page = listPage(all<T>(kind), params, kind, url);
    return { ...page, data: page.data.map((item) => expandPaths(item, params, lookup, EXPANDABLE, "data.")) };
  }

  function route(method: string, path: string, params: Params, baseUrl: string): unknown {
    const parts = path.split("/").slice(2);
    if (method === "POST" && path === "/v1/checkout/sessions") {
      return expanded(createSession(params, baseUrl), params);
    }
    if (method === "GET" && path === "/v1/checkout/sessions") {
      return list<CheckoutSession>("checkout.session", params, path);
    }
    if (method === "GET" && parts.length === 3 && parts[0] === "checkout" && parts[1] === "sessions") {
      checkShape(params, { expand: [true] });
      const session = find<CheckoutSession>("checkout.session", parts[2]);
      if (!session) throw noSuch("checkout.session", parts[2], "session", 404);
      return expanded(session, params);
    }
    if (method === "POST" && path === "/v1/refunds") return expanded(createRefund(params), params);
    if (method === "GET" && path === "/v1/refunds") return list<Refund>("refund", params, path);
    if (method === "POST" && path === "/v1/transfers") return expanded(createTransfer(params), params);
    if (method === "GET" && parts.length === 2 && parts[0] in RETRIEVABLE) {
      checkShape(params, { expand: [true] });
      const object = objects.get(parts[1]);
      const kind = parts[0].replace(/s$/, "");
      if (!object || !parts[1].startsWith(RETRIEVABLE[parts[0]])) throw noSuch(kind, parts[1], "id", 404);
      return expanded(object, params);
    }
    throw new StripeFailure(
      404,
      "invalid_request_error",
      `Unrecognized request URL (${method}: ${path}).`,
      {},
      false,
    );
  }

  function authorised(header: string | null): StripeFailure | null {
    let key: string | null = null;
    if (header?.startsWith("Bearer ")) key = header.slice("Bearer ".length);
    else if (header?.startsWith("Basic ")) key = atob(header.slice("Basic ".length)).replace(/:.*$/, "");
    if (!key) {
      return new StripeFailure(
        401,
        "invalid_request_error",
        "You did not provide an API key. Provide it in the Authorization header, as Bearer auth.",
        {},
        false,
      );
    }
    return key === opts.secretKey
      ? null
      : new StripeFailure(401, "invalid_request_error", "Invalid API Key provided.", {}, false);
  }

  async function handle(req: Request, baseUrl: string): Promise<Response> {
    const url = new URL(req.url);
    const requestId = randomId("req_", 14);
    apiVersion = req.headers.get("stripe-version") ?? apiVersion;
    const respond = (status: number, body: string, extra: Record<string, string> = {}) =>
      new Response(body, {
        status,
        headers: {
          "content-type": "application/json",
          "request-id": requestId,
          "stripe-version": apiVersion,
          ...extra,
        },
      });
    const fail = (failure: StripeFailure) => respond(failure.status, JSON.stringify(failure.body()));

    const denied = authorised(req.headers.get("authorization"));
    if (denied) return fail(denied);
    expireSessions();

    let params: Params;
    try {
      params = decodeForm(req.method === "GET" ? url.search.slice(1) : await req.text());
    } catch (failure) {
      if (failure instanceof StripeFailure) return fail(failure);
      throw failure;
    }

    // Stripe ignores idempotency keys on GET and DELETE; they change nothing.
    const key = req.method === "POST" ? req.headers.get("idempotency-key") : null;
    const fingerprint = `${req.method} ${url.pathname} ${canonical(params)}`;
    if (key !== null) {
      if (key.length > 255) {
        return fail(
          new StripeFailure(
            400,
            "invalid_request_error",
            "Idempotency keys can be up to 255 characters.",
            {},
          ),
        );
      }
      const previous = kept.get(key);
      if (previous && previous.at + DAY_SECONDS > unixNow()) {
        if (previous.fingerprint !== fingerprint) {
          return fail(
            new StripeFailure(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. ` +
                `Try using a key other than '${key}' if you meant to execute a different request.`,
            ),
          );
        }
        return respond(previous.status, previous.body, {
          "idempotent-replayed": "true",
          "original-request": previous.requestId,
        });
      }
    }

    let status = 200;
    let body: string;
    let keep = true;
    try {
      body = JSON.stringify(route(req.method, url.pathname, params, baseUrl));
    } catch (failure) {
      if (!(failure instanceof StripeFailure)) throw failure;
      status = failure.status;
      body = JSON.stringify(failure.body());
      keep = failure.keptForIdempotency;
    }
    if (key !== null && keep) kept.set(key, { fingerprint, status, body, requestId, at: unixNow() });
    return respond(status, body, key !== null ? { "idempotency-key": key } : {});
  }

  function pay(sessionId: string, payOpts: { fail?: boolean; method?: "card" | "upi" } = {}) {
    expireSessions();
    const session = find<CheckoutSession>("checkout.session", sessionId);
    if (!session) throw new Error(`no such session ${sessionId}`);
    if (session.status !== "open") throw new Error(`session ${sessionId} is ${session.status}, not open`);
    const method = payOpts.method ?? "card";
    const created = unixNow();
    // A declined card is tried again on the same PaymentIntent, as Checkout does.
    const intent =
      (session.payment_intent && find<PaymentIntent>("payment_intent", session.payment_intent)) ||
      store<PaymentIntent>({
        id: randomId("pi_"),
        object: "payment_intent",
        amount: session.amount_total,
        amount_received: 0,
        currency: session.currency,
        created,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        metadata: { ...intentMetadata.get(session.id) },
        payment_method_types: [method],
        status: "requires_payment_method",
      });
    const chargeId = randomId("ch_");
    let balanceTransaction: string | null = null;
    if (!payOpts.fail) {
      const rate = opts.settlement?.exchangeRate ?? 1;
      const amount = Math.round(session.amount_total * rate);
      const currency = opts.settlement?.currency.toLowerCase() ?? session.currency;
      const fee = processingFee(amount);
      balanceTransaction = store<BalanceTransaction>({
        id: randomId("txn_"),
        object: "balance_transaction",
        amount,
        available_on: created + 2 * DAY_SECONDS,
        created,
        currency,
        exchange_rate: opts.settlement ? rate : null,
        fee,
        fee_details: [{ amount: fee, currency, description: "Stripe processing fees", type: "stripe_fee" }],
        net: amount - fee,
        reporting_category: "charge",
        source: chargeId,
        status: "pending",
        type: "charge",
      }).id;
    }
    const declined = method === "card" ? { code: "card_declined", message: "Your card was declined." } : {
      code: "payment_method_provider_decline",
      message: "The UPI payment was declined by the payer's bank.",
    };
    store<Charge>({
      id: chargeId,
      object: "charge",
      amount: session.amount_total,
      amount_captured: payOpts.fail ? 0 : session.amount_total,
      amount_refunded: 0,
      balance_transaction: balanceTransaction,
      captured: !payOpts.fail,
      created,
      currency: session.currency,
      failure_code: payOpts.fail ? declined.code : null,
      failure_message: payOpts.fail ? declined.message : null,
      livemode: false,
      metadata: { ...intent.metadata },
      paid: !payOpts.fail,
      payment_intent: intent.id,
      payment_method_details: { type: method },
      refunded: false,
      status: payOpts.fail ? "failed" : "succeeded",
    });
    Object.assign(intent, {
      latest_charge: chargeId,
      payment_method_types: [method],
      status: payOpts.fail ? "requires_payment_method" : "succeeded",
      amount_received: payOpts.fail ? 0 : intent.amount,
      last_payment_error: payOpts.fail
        ? { type: method === "card" ? "card_error" : "invalid_request_error", ...declined }
        : null,
    });
    session.payment_intent = intent.id;
    if (payOpts.fail && method === "card") return { redirectTo: null };
    session.status = "complete";
    session.url = null;
    if (!payOpts.fail) session.payment_status = "paid";
    return { redirectTo: session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id) };
  }

  function webhook(type: string, objectId: string, hookOpts: { signedAt?: Date } = {}) {
    expireSessions();
    const object = objects.get(objectId);
    if (!object) throw new Error(`no such object ${objectId}`);
    const event = {
      id: randomId("evt_"),
      object: "event",
      api_version: apiVersion,
      created: unixNow(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    // Stripe posts events pretty-printed; the signature covers these exact bytes.
    const body = JSON.stringify(event, null, 2);
    const timestamp = Math.floor((hookOpts.signedAt ?? clock()).getTime() / 1000);
    const signature = createHmac("sha256", opts.webhookSecret).update(`${timestamp}.${body}`).digest("hex");
    return {
      body,
      headers: new Headers({
        "content-type": "application/json; charset=utf-8",
        "stripe-signature": `t=${timestamp},v1=${signature}`,
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      }),
    };
  }

  function succeedRefunds(): string[] {
    const pending = all<Refund>("refund").filter((r) => r.status === "pending");
    pending.forEach(settle);
    return pending.map((r) => r.id);
  }

  let baseUrl = "";
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) => handle(req, baseUrl),
  );
  const { hostname, port } = server.addr;
  baseUrl = `http://${hostname}:${port}`;

  return Promise.resolve({
    url: baseUrl,
    host: hostname,
    port,
    pay,
    webhook,
    succeedRefunds,
    get sessions() {
      expireSessions();
      return structuredClone(all<CheckoutSession>("checkout.session"));
    },
    get refunds() {
      return structuredClone(all<Refund>("refund"));
    },
    get transfers() {
      return structuredClone(all<Transfer>("transfer"));
    },
    close: () => server.shutdown(),
  });
}
