/**
 * A stand-in Razorpay for tests: the part of its REST API our adapter uses,
 * in memory on a loopback port, answering in Razorpay's wire format (entity
 * JSON with `entity`, prefixed ids, paise, unix seconds, `{ entity:
 * "collection", count, items }` lists, `{ error: { code, description, ... } }`
 * refusals) so that the real SDK can be exercised against it.
 *
 * It checks what Razorpay checks where a mistake would cost money or leak
 * trust: Basic auth with the key pair, refunds no larger than what is left of
 * the payment, the X-Refund-Idempotency header (same key and body: the same
 * refund; same key, other body: refused), transfers only from captured
 * payments and within their amount. Signatures (Checkout's callback, webhooks)
 * are computed here independently of the adapter, with node's crypto.
 *
 * The test controls stand for what happens outside the API: the payer paying
 * through Checkout (`pay`), Razorpay delivering a webhook (`webhook`), and the
 * bank settling refunds (`processRefunds`).
 */
import { createHmac, randomBytes } from "node:crypto";

type Notes = Record<string, string> | [];

export interface OrderEntity {
  id: string;
  entity: "order";
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string | null;
  offer_id: null;
  status: "created" | "attempted" | "paid";
  attempts: number;
  notes: Notes;
  created_at: number;
}

export interface PaymentEntity {
  id: string;
  entity: "payment";
  amount: number;
  currency: string;
  status: "captured" | "refunded" | "failed";
  order_id: string;
  invoice_id: null;
  international: boolean;
  method: "upi" | "card" | "netbanking";
  amount_refunded: number;
  refund_status: null | "partial" | "full";
  captured: boolean;
  description: string | null;
  card_id: string | null;
  bank: string | null;
  wallet: null;
  vpa: string | null;
  email: string;
  contact: string;
  notes: Notes;
  fee: number | null;
  tax: number | null;
  error_code: string | null;
  error_description: string | null;
  error_source: string | null;
  error_step: string | null;
  error_reason: string | null;
  acquirer_data: Record<string, string | null>;
  created_at: number;
}

export interface RefundEntity {
  id: string;
  entity: "refund";
  amount: number;
  currency: string;
  payment_id: string;
  notes: Notes;
  receipt: string | null;
  acquirer_data: { arn: string | null };
  created_at: number;
  batch_id: null;
  status: "pending" | "processed";
  speed_processed: "normal" | null;
  speed_requested: "normal" | "optimum";
}

export interface TransferEntity {
  id: string;
  entity: "transfer";
  status: "pending" | "processed";
  source: string;
  recipient: string;
  amount: number;
  currency: string;
  amount_reversed: number;
  fees: number;
  tax: number;
  notes: Notes;
  linked_account_notes: string[];
  on_hold: boolean;
  on_hold_until: number | null;
  settlement_status: "pending" | "on_hold";
  recipient_settlement_id: null;
  created_at: number;
  processed_at: number | null;
}

/** What Checkout hands to the page's handler after a payment. */
export interface CheckoutCallback {
  razorpay_payment_id: string;
  razorpay_order_id: string;
  razorpay_signature: string;
}

export type WebhookEventName = "payment.captured" | "payment.failed" | "refund.processed";

export interface RazorpayStandIn {
  /** Base URL to give the SDK in place of https://api.razorpay.com. */
  url: string;
  /** The payer pays the order through Checkout: a captured (or failed) payment, and the signed callback. */
  pay(
    orderId: string,
    opts?: { method?: "upi" | "card" | "netbanking"; fail?: boolean },
  ): CheckoutCallback;
  /** A webhook delivery as Razorpay would POST it: the raw body and its headers. */
  webhook(event: WebhookEventName, entityId: string): { body: string; headers: Headers };
  /** The bank confirms every pending refund. */
  processRefunds(): void;
  readonly orders: readonly OrderEntity[];
  readonly payments: readonly PaymentEntity[];
  readonly refunds: readonly RefundEntity[];
  readonly transfers: readonly TransferEntity[];
  close(): Promise<void>;
}

const MAX_COUNT = 100;
const MAX_RECEIPT = 40;
const MAX_NOTES = 15;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{10,}$/;

class Refusal extends Error {
  constructor(readonly status: number, description: string, readonly field?: string) {
    super(description);
  }
}

export function startRazorpayStandIn(opts: {
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  now?: () => Date;
  /** Refunds are made processed at once (an instant refund) rather than pending until processRefunds(). */
  refundsProcessAtOnce?: boolean;
}): Promise<RazorpayStandIn> {
  const now = () => Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  const accountId = `acc_${entityId()}`;
  // Insertion order is creation order; lists answer newest first, as Razorpay's do.
  const orders = new Map<string, OrderEntity>();
  const payments = new Map<string, PaymentEntity>();
  const refunds = new Map<string, RefundEntity>();
  const transfers = new Map<string, TransferEntity>();
  const refundKeys = new Map<string, { request: string; refundId: string }>();

  async function handle(req: Request): Promise<Response> {
    try {
      authenticate(req.headers.get("authorization"));
      const url = new URL(req.url);
      const body = req.method === "GET" ? {} : await jsonBody(req);
      const path = url.pathname.replace(/\/+$/, "");
      const [, version, resource, id, sub] = path.split("/");
      if (version !== "v1") throw notFound();
      const route = `${req.method} ${resource}${id ? "/:id" : ""}${sub ? `/${sub}` : ""}`;
      switch (route) {
        case "POST orders":
          return Response.json(createOrder(body));
        case "GET orders":
          return Response.json(list(orders, url.searchParams, (o) => {
            const receipt = url.searchParams.get("receipt");
            return receipt === null || o.receipt === receipt;
          }));
        case "GET orders/:id":
          return Response.json(find(orders, id));
        case "GET payments":
          return Response.json(list(payments, url.searchParams));
        case "GET payments/:id":
          return Response.json(find(payments, id));
        case "POST payments/:id/refund":
          return Response.json(refund(find(payments, id), body, req.headers.get("x-refund-idempotency")));
        case "GET refunds":
          return Response.json(list(refunds, url.searchParams));
        case "POST payments/:id/transfers":
          return Response.json(transferFrom(find(payments, id), body));
        case "GET payments/:id/transfers": {
          const payment = find(payments, id);
          const items = [...transfers.values()].filter((t) => t.source === payment.id);
          return Response.json({ entity: "collection", count: items.length, items });
        }
        case "PATCH transfers/:id":
          return Response.json(editTransfer(find(transfers, id), body));
        case "GET transfers/:id":
          return Response.json(find(transfers, id));
        case "POST transfers/:id/reversals":
          return Response.json(reverseTransfer(find(transfers, id), body));
        default:
          throw notFound();
      }
    } catch (err) {
      if (err instanceof Refusal) return refusal(err);
      throw err;
    }
  }

  function authenticate(header: string | null) {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? "");
    if (!match) throw new Refusal(401, "Please provide your api key for authentication purposes.");
    let decoded: string;
    try {
      decoded = atob(match[1]);
    } catch {
      throw new Refusal(401, "The api key provided is invalid");
    }
    const colon = decoded.indexOf(":");
    const [keyId, secret] = colon < 0 ? [decoded, ""] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    if (keyId !== opts.keyId) throw new Refusal(401, "The api key provided is invalid");
    if (secret !== opts.keySecret) throw new Refusal(401, "The api secret provided is invalid");
  }

  function createOrder(body: Record<string, unknown>): OrderEntity {
    const amount = positiveAmount(body.amount);
    const currency = requiredString(body, "currency");
    const receipt = body.receipt === undefined ? null : requiredString(body, "receipt");
    if (receipt !== null && receipt.length > MAX_RECEIPT) {
      throw new Refusal(400, `The receipt may not be greater than ${MAX_RECEIPT} characters.`, "receipt");
    }
    const order: OrderEntity = {
      id: `order_${entityId()}`,
      entity: "order",
      amount,
      amount_paid: 0,
      amount_due: amount,
      currency,
      receipt,
      offer_id: null,
      status: "created",
      attempts: 0,
      notes: notesOf(body.notes),
      created_at: now(),
    };
    orders.set(order.id, order);
    return order;
  }

  function refund(payment: PaymentEntity, body: Record<string, unknown>, key: string | null): RefundEntity {
    let request = "";
    if (key !== null) {
      if (!IDEMPOTENCY_KEY.test(key)) {
        throw new Refusal(
          400,
          "The idempotency key must be at least 10 characters long and contain only letters, digits, hyphens and underscores.",
        );
      }
      request = JSON.stringify([payment.id, canonical(body)]);
      const seen = refundKeys.get(key);
      if (seen && seen.request !== request) {
        throw new Refusal(400, "Different request with the same idempotency key has already been processed.");
      }
      if (seen) return refunds.get(seen.refundId)!;
    }
    if (payment.status === "failed") {
      throw new Refusal(400, "The payment has not been captured yet and cannot be refunded.", "payment_id");
    }
    const left = payment.amount - payment.amount_refunded;
    if (left === 0) throw new Refusal(400, "The payment has been fully refunded already", "payment_id");
    const amount = body.amount === undefined ? left : positiveAmount(body.amount);
    if (amount > left) {
      throw new Refusal(
        400,
        "The refund amount provided is greater than amount not refunded on the payment",
        "amount",
      );
    }
    const processed = opts.refundsProcessAtOnce === true;
    const created: RefundEntity = {
      id: `rfnd_${entityId()}`,
      entity: "refund",
      amount,
      currency: payment.currency,
      payment_id: payment.id,
      notes: notesOf(body.notes),
      receipt: typeof body.receipt === "string" ? body.receipt : null,
      acquirer_data: { arn: processed ? arn() : null },
      created_at: now(),
      batch_id: null,
      status: processed ? "processed" : "pending",
      speed_processed: processed ? "normal" : null,
      speed_requested: body.speed === "optimum" ? "optimum" : "normal",
    };
    refunds.set(created.id, created);
    payment.amount_refunded += amount;
    payment.refund_status = payment.amount_refunded === payment.amount ? "full" : "partial";
    if (payment.refund_status === "full") payment.status = "refunded";
    if (key !== null) refundKeys.set(key, { request, refundId: created.id });
    return created;
  }

  function transferFrom(payment: PaymentEntity, body: Record<string, unknown>) {
    if (payment.status !== "captured") {
      throw new Refusal(400, "Transfers can only be created for captured payments", "payment_id");
    }
    if (!Array.isArray(body.transfers) || body.transfers.length === 0) {
      throw new Refusal(400, "The transfers field is required.", "transfers");
    }
    let available = payment.amount -
      [...transfers.values()].filter((t) => t.source === payment.id).reduce((sum, t) => sum + t.amount, 0);
    const items: TransferEntity[] = [];
    for (const spec of body.transfers as Record<string, unknown>[]) {
      const account = requiredString(spec, "account");
      if (!/^acc_[A-Za-z0-9]{14}$/.test(account)) {
        throw new Refusal(400, "The account id provided does not exist", "account");
      }
      const amount = positiveAmount(spec.amount);
      if (requiredString(spec, "currency") !== payment.currency) {
        throw new Refusal(400, "Currency of the transfer should be the same as the payment", "currency");
      }
      if (amount > available) {
        throw new Refusal(
          400,
          "The sum of amount requested for transfer is greater than the captured amount",
          "amount",
        );
      }
      available -= amount;
      const hold = holdOf(spec);
      items.push({
        id: `trf_${entityId()}`,
        entity: "transfer",
        status: "pending",
        source: payment.id,
        recipient: account,
        amount,
        currency: payment.currency,
        amount_reversed: 0,
        fees: 0,
        tax: 0,
        notes: notesOf(spec.notes),
        linked_account_notes: [],
        ...hold,
        settlement_status: hold.on_hold ? "on_hold" : "pending",
        recipient_settlement_id: null,
        created_at: now(),
        processed_at: null,
      });
    }
    for (const t of items) transfers.set(t.id, t);
    return { entity: "collection", count: items.length, items };
  }

  function editTransfer(transfer: TransferEntity, body: Record<string, unknown>): TransferEntity {
    if (body.on_hold === undefined) throw new Refusal(400, "The on hold field is required.", "on_hold");
    Object.assign(transfer, holdOf(body));
    transfer.settlement_status = transfer.on_hold ? "on_hold" : "pending";
    return transfer;
  }

  /** Route's reversal: the amount comes back from the linked account, at most what is left of the transfer. */
  function reverseTransfer(transfer: TransferEntity, body: Record<string, unknown>) {
    const left = transfer.amount - transfer.amount_reversed;
    const amount = body.amount === undefined ? left : Number(body.amount);
    if (!Number.isInteger(amount) || amount < 1 || amount > left) {
      throw new Refusal(400, "The reversal amount exceeds the amount left on the transfer.", "amount");
    }
    transfer.amount_reversed += amount;
    return {
      id: `rvrsl_${entityId()}`,
      entity: "reversal",
      transfer_id: transfer.id,
      amount,
      currency: transfer.currency,
      created_at: now(),
    };
  }

  function holdOf(spec: Record<string, unknown>): { on_hold: boolean; on_hold_until: number | null } {
    const flag = spec.on_hold;
    if (flag !== undefined && ![true, false, 0, 1, "0", "1"].includes(flag as never)) {
      throw new Refusal(400, "The on hold field must be true or false.", "on_hold");
    }
    const onHold = flag === true || flag === 1 || flag === "1";
    if (!onHold || spec.on_hold_until === undefined) return { on_hold: onHold, on_hold_until: null };
    const until = Number(spec.on_hold_until);
    if (!Number.isInteger(until) || until <= now()) {
      throw new Refusal(400, "on_hold_until should be a future timestamp", "on_hold_until");
    }
    return { on_hold: true, on_hold_until: until };
  }

  function list<T extends { created_at: number }>(
    entities: Map<string, T>,
    query: URLSearchParams,
    keep: (entity: T) => boolean = () => true,
  ) {
    const number = (name: string, fallback: number) => {
      const raw = query.get(name);
      if (raw === null || raw === "") return fallback;
      if (!/^\d+$/.test(raw)) throw new Refusal(400, `The ${name} must be an integer.`, name);
      return Number(raw);
    };
    const count = number("count", 10);
    if (count < 1 || count > MAX_COUNT) {
      throw new Refusal(400, `The count must be between 1 and ${MAX_COUNT}.`, "count");
    }
    const from = number("from", 0);
    const to = number("to", Number.MAX_SAFE_INTEGER);
    const skip = number("skip", 0);
    const items = [...entities.values()]
      .filter((e) => e.created_at >= from && e.created_at <= to && keep(e))
      .reverse()
      .slice(skip, skip + count);
    return { entity: "collection", count: items.length, items };
  }

  function pay(orderId: string, payOpts: { method?: "upi" | "card" | "netbanking"; fail?: boolean } = {}) {
    const order = orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    if (order.status === "paid") throw new Error(`order ${orderId} is already paid`);
    const method = payOpts.method ?? "upi";
    const failed = payOpts.fail === true;
    // 2% of the amount, and 18% GST on that fee; Razorpay's `fee` includes the tax.
    const base = Math.round(order.amount * 2 / 100);
    const tax = Math.round(base * 18 / 100);
    const payment: PaymentEntity = {
      id: `pay_${entityId()}`,
      entity: "payment",
      amount: order.amount,
      currency: order.currency,
      status: failed ? "failed" : "captured",
      order_id: order.id,
      invoice_id: null,
      international: false,
      method,
      amount_refunded: 0,
      refund_status: null,
      captured: !failed,
      description: null,
      card_id: method === "card" ? `card_${entityId()}` : null,
      bank: method === "netbanking" ? "HDFC" : null,
      wallet: null,
      vpa: method === "upi" ? "payer@okhdfcbank" : null,
      email: "payer@example.com",
      contact: "+919900000000",
      notes: [],
      fee: failed ? null : base + tax,
      tax: failed ? null : tax,
      error_code: failed ? "BAD_REQUEST_ERROR" : null,
      error_description: failed ? "Payment was cancelled by the payer" : null,
      error_source: failed ? "customer" : null,
      error_step: failed ? "payment_authentication" : null,
      error_reason: failed ? "payment_cancelled" : null,
      acquirer_data: method === "upi" ? { rrn: String(randomBytes(6).readUIntBE(0, 6)) } : {},
      created_at: now(),
    };
    payments.set(payment.id, payment);
    order.attempts++;
    if (failed) {
      order.status = "attempted";
    } else {
      order.status = "paid";
      order.amount_paid = order.amount;
      order.amount_due = 0;
    }
    return {
      razorpay_payment_id: payment.id,
      razorpay_order_id: order.id,
      razorpay_signature: hmacHex(opts.keySecret, `${order.id}|${payment.id}`),
    };
  }

  function webhook(event: WebhookEventName, id: string) {
    let payload: Record<string, { entity: unknown }>;
    if (event === "refund.processed") {
      const refunded = refunds.get(id);
      if (refunded?.status !== "processed") throw new Error(`no processed refund ${id}`);
      payload = { refund: { entity: refunded }, payment: { entity: payments.get(refunded.payment_id) } };
    } else {
      const payment = payments.get(id);
      const wanted = event === "payment.failed" ? ["failed"] : ["captured", "refunded"];
      if (!payment || !wanted.includes(payment.status)) throw new Error(`no payment ${id} for ${event}`);
      payload = { payment: { entity: payment } };
    }
    const body = JSON.stringify({
      entity: "event",
      account_id: accountId,
      event,
      contains: Object.keys(payload),
      payload,
      created_at: now(),
    });
    const headers = new Headers({
      "content-type": "application/json",
      "x-razorpay-event-id": entityId(),
      "x-razorpay-signature": hmacHex(opts.webhookSecret, body),
    });
    return { body, headers };
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handle);
  const snapshot = <T>(entities: Map<string, T>): readonly T[] => structuredClone([...entities.values()]);
  return Promise.resolve({
    url: `http://127.0.0.1:${server.addr.port}`,
    pay,
    webhook,
    processRefunds() {
      for (const r of refunds.values()) {
        if (r.status !== "pending") continue;
        r.status = "processed";
        r.speed_processed = "normal";
        r.acquirer_data.arn = arn();
      }
    },
    get orders() {
      return snapshot(orders);
    },
    get payments() {
      return snapshot(payments);
    },
    get refunds() {
      return snapshot(refunds);
    },
    get transfers() {
      return snapshot(transfers);
    },
    close: () => server.shutdown(),
  });
}

async function jsonBody(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (text === "") return {};
  try {
    const parsed = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
  } catch {
    // refused below, like any other body that is not a JSON object
  }
  throw new Refusal(400, "The request body should be a valid JSON object");
}

function find<T>(entities: Map<string, T>, id: string): T {
  const entity = entities.get(decodeURIComponent(id));
  if (!entity) throw new Refusal(400, "The id provided does not exist");
  return entity;
}

function notFound(): Refusal {
  return new Refusal(400, "The requested URL was not found on the server.");
}

function positiveAmount(value: unknown): number {
  const amount = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof amount !== "number" || !Number.isInteger(amount)) {
    throw new Refusal(400, "The amount must be an integer.", "amount");
  }
  if (amount < 100) throw new Refusal(400, "The amount must be atleast INR 1.00", "amount");
  return amount;
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw new Refusal(400, `The ${field} field is required.`, field);
  }
  return value;
}

/** Razorpay answers an empty notes map as `[]`, a PHP array; adapters have to cope. */
function notesOf(value: unknown): Notes {
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new Refusal(400, "The notes must be an array.", "notes");
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_NOTES) {
    throw new Refusal(400, `The notes may not have more than ${MAX_NOTES} items.`, "notes");
  }
  if (entries.length === 0) return [];
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

/** Key order does not make two requests different. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function refusal(err: Refusal): Response {
  const validation = err.field !== undefined;
  return Response.json({
    error: {
      code: "BAD_REQUEST_ERROR",
      description: err.message,
      source: validation ? "business" : "NA",
      step: validation ? "payment_initiation" : "NA",
      reason: validation ? "input_validation_failed" : "NA",
      metadata: {},
      ...(validation ? { field: err.field } : {}),
    },
  }, { status: err.status });
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The 14 base-62 characters after an id's prefix (`pay_`, `order_`, ...). */
function entityId(): string {
  return [...randomBytes(14)].map((b) => BASE62[b % 62]).join("");
}

function arn(): string {
  return String(randomBytes(6).readUIntBE(0, 6)).padStart(15, "7");
}

function hmacHex(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message).digest("hex");
}
