/**
 * What the health page reads besides job runs (./job_runs.ts): the e-mail outbox's backlog and the messages
 * it gave up on, webhook events from the payment gateways that matched nothing of ours, and refunds and
 * payouts the gateways keep refusing. Never an e-mail's payload (sealed tokens and codes) nor a webhook's
 * body: the outbox's `last_error` is already redacted of the payload's values (services/outbox.ts).
 *
 *   select count(*), min(created_at), count(*) filter (where attempts > 0) from outbox where status = 'pending'
 *   select ... from gateway_events e where e.received_at >= $since and e.fact is not null
 *     and not exists (select 1 from payments p where p.gateway = e.gateway
 *                     and p.checkout_ref = e.fact ->> 'checkoutRef')   -- captures and failures
 *     -- refunds: not exists (select 1 from payment_refunds r where r.id::text = e.fact ->> 'refundId')
 */
import { type Kysely, sql } from "kysely";
import type { GatewayName } from "../../domain/payment_status.ts";
import type { Database, OutboxStatus } from "../schema.ts";

export interface OutboxBacklog {
  pending: number;
  /** Pending messages that failed at least once and wait for their next attempt. */
  retrying: number;
  oldestPendingAt: Date | null;
  failed: number;
}

export async function outboxBacklog(db: Kysely<Database>): Promise<OutboxBacklog> {
  const [pending, failed] = await Promise.all([
    db.selectFrom("outbox").where("status", "=", "pending").select([
      (eb) => eb.fn.countAll<string | number>().as("n"),
      sql<string | number>`count(*) filter (where attempts > 0)`.as("retrying"),
      (eb) => eb.fn.min("created_at").as("oldest"),
    ]).executeTakeFirstOrThrow(),
    db.selectFrom("outbox").where("status", "=", "failed")
      .select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    pending: Number(pending.n),
    retrying: Number(pending.retrying),
    oldestPendingAt: pending.oldest ? new Date(pending.oldest) : null,
    failed: Number(failed.n),
  };
}

export interface OutboxProblem {
  id: string;
  channel: string;
  template: string;
  recipient: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
}

/** Messages given up on, and pending ones that have failed before, newest first. */
export async function outboxProblems(db: Kysely<Database>, limit: number): Promise<OutboxProblem[]> {
  const columns = [
    "id",
    "channel",
    "template",
    "recipient",
    "status",
    "attempts",
    "last_error as lastError",
    "created_at as createdAt",
    "next_attempt_at as nextAttemptAt",
  ] as const;
  const [failed, retrying] = await Promise.all([
    db.selectFrom("outbox").select(columns).where("status", "=", "failed")
      .orderBy("created_at", "desc").limit(limit).execute(),
    db.selectFrom("outbox").select(columns).where("status", "=", "pending").where("attempts", ">", 0)
      .orderBy("created_at", "desc").limit(limit).execute(),
  ]);
  return [...failed, ...retrying].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, limit);
}

export interface WebhookActivity {
  gateway: GatewayName;
  received: number;
  /** Events of types we do not act on (recorded once, nothing applied). */
  ignored: number;
  lastReceivedAt: Date;
}

/** Webhook events received since `since`, per gateway. */
export async function webhookActivity(db: Kysely<Database>, since: Date): Promise<WebhookActivity[]> {
  const rows = await db.selectFrom("gateway_events").where("received_at", ">=", since)
    .select([
      "gateway",
      (eb) => eb.fn.countAll<string | number>().as("received"),
      sql<string | number>`count(*) filter (where fact is null)`.as("ignored"),
      (eb) => eb.fn.max("received_at").as("lastReceivedAt"),
    ])
    .groupBy("gateway").orderBy("gateway").execute();
  return rows.map((r) => ({
    gateway: r.gateway,
    received: Number(r.received),
    ignored: Number(r.ignored),
    lastReceivedAt: new Date(r.lastReceivedAt),
  }));
}

export interface UnmatchedWebhook {
  gateway: GatewayName;
  eventId: string;
  type: string;
  /** What the event said happened: payment_captured, payment_failed, refund_processed. */
  kind: string;
  receivedAt: Date;
}

/**
 * Events since `since` that reported money moving on a checkout or refund we have no record of: they were
 * recorded and applied nothing, so someone should look (a payment made on another system, or lost state).
 */
export async function unmatchedWebhooks(
  db: Kysely<Database>,
  since: Date,
  limit: number,
): Promise<UnmatchedWebhook[]> {
  const { rows } = await sql<UnmatchedWebhook>`select e.gateway, e.event_id as "eventId", e.type,
      e.fact ->> 'kind' as kind, e.received_at as "receivedAt"
    from gateway_events e
    where e.received_at >= ${since} and e.fact is not null
      and case e.fact ->> 'kind'
        when 'refund_processed' then not exists (select 1 from payment_refunds r
          where r.id::text = e.fact ->> 'refundId')
        else not exists (select 1 from payments p where p.gateway = e.gateway
          and p.checkout_ref = e.fact ->> 'checkoutRef')
      end
    order by e.received_at desc limit ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, receivedAt: new Date(r.receivedAt) }));
}

export interface MoneyProblem {
  kind: "refund" | "payout";
  id: string;
  bookingId: string;
  amount: number;
  currency: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** Refunds and payouts a gateway refused: failed for good, or retrying after an error. Newest first. */
export async function moneyProblems(db: Kysely<Database>, limit: number): Promise<MoneyProblem[]> {
  const [refunds, payouts] = await Promise.all([
    db.selectFrom("payment_refunds")
      .select([
        "id",
        "booking_id as bookingId",
        "amount",
        "currency",
        "status",
        "attempts",
        "last_error as lastError",
        "created_at as createdAt",
      ])
      .where((eb) =>
        eb.or([eb("status", "=", "failed"), eb.and([eb("status", "=", "requested"), eb("attempts", ">", 0)])])
      )
      .orderBy("created_at", "desc").limit(limit).execute(),
    db.selectFrom("payouts")
      .select([
        "id",
        "booking_id as bookingId",
        "amount",
        "currency",
        "status",
        "attempts",
        "last_error as lastError",
        "created_at as createdAt",
      ])
      .where("last_error", "is not", null)
      .where("status", "in", ["scheduled", "held", "cancelling"])
      .orderBy("created_at", "desc").limit(limit).execute(),
  ]);
  return [
    ...refunds.map((r) => ({ ...r, kind: "refund" as const })),
    ...payouts.map((p) => ({ ...p, kind: "payout" as const })),
  ].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
}
