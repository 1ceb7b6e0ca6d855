/**
 * The outbox: account e-mails are written with `enqueue` in the transaction
 * of the change that causes them, then delivered by a dispatcher. Web Push
 * messages are rows here too (services/push/queue.ts writes them, one per
 * subscription), delivered through the `PushChannel` the dispatcher is given.
 *
 * Claiming is one statement: it picks due rows with `for update skip locked`
 * and moves their next_attempt_at a lease ahead, so other dispatchers skip
 * them without a transaction staying open during SMTP (PGlite has one
 * connection; holding it for a send would stall the whole app). Delivery is
 * at least once: a process that dies between sending and recording the send
 * resends when the lease runs out.
 *
 * The payload (tokens, codes) is sealed at rest and wiped once sent; stored
 * and logged errors have the payload's values redacted.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database, OutboxChannel } from "../db/schema.ts";
import type { MailTransport } from "../integrations/mail/transport.ts";
import { logError } from "../lib/log.ts";
import { type Sealer, sealer as createSealer } from "../lib/sealed.ts";
import { isTemplateName, renderMail, type TemplateData, type TemplateName } from "./mail_templates.ts";

export interface OutboxEmail<T extends TemplateName> {
  channel: "email";
  to: string;
  template: T;
  data: TemplateData[T];
}

export interface RunResult {
  sent: number;
  /** Attempts that failed in this run, whether retried later or given up. */
  failed: number;
}

export interface Dispatcher {
  /** Delivers everything due now. Calls made during a run share the one queued after it. */
  runOnce(): Promise<RunResult>;
  /** Polls every `intervalMs`, and runs once promptly. */
  start(intervalMs: number): void;
  /**
   * Stops polling and resolves once the run in progress has finished; that run
   * ends after its current batch. Until the next start(), kicks are ignored.
   */
  stop(): Promise<void>;
  /** Asks for a prompt run, e.g. after committing an enqueue; a burst of kicks makes one run. */
  kick(): void;
}

export interface DispatcherOptions {
  db: Kysely<Database>;
  transport: MailTransport;
  sealer: Sealer;
  now?: () => Date;
  /** Delivers push rows; without it they are left alone (push is off on this server). */
  push?: PushChannel;
}

/** What became of one push row's attempt (services/push/delivery.ts decides). */
export type PushVerdict =
  | { kind: "sent" }
  /** The push service says the subscription no longer exists: give up, and forget the subscription. */
  | { kind: "gone"; error: string }
  /** Worth trying again: the backoff, or `retryAfterMs` when the push service asked for longer. */
  | { kind: "retry"; error: string; retryAfterMs?: number }
  /** Sending again cannot help. */
  | { kind: "failed"; error: string }
  /** Nothing was sent, and nothing should be: the subscription was removed or signed out, or it is too late. */
  | { kind: "dropped"; error: string };

/** How the dispatcher hands over push rows; `send` redacts its errors (the endpoint is a capability). */
export interface PushChannel {
  send(
    row: { recipient: string; template: string; payload: Uint8Array; createdAt: Date },
  ): Promise<PushVerdict>;
  /** In the transaction that marks the row sent. */
  sent(trx: Transaction<Database>, subscriptionId: string, at: Date): Promise<void>;
  /** In the transaction that gives the row up. */
  gone(trx: Transaction<Database>, subscriptionId: string): Promise<void>;
  /** After an attempt that failed. */
  failed(subscriptionId: string): Promise<void>;
}

/** After this many failed attempts a message is marked failed (about two hours of retrying). */
export const MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60_000;
// Must outlast a batch of sends (the SMTP transport times out within ~100 s per message).
const LEASE_MS = 15 * 60_000;
const BATCH_SIZE = 10;
const KICK_DELAY_MS = 20;
const ERROR_MAX_CHARS = 1000;
// Shorter values (a two-letter name) would redact ordinary words from errors.
const REDACT_MIN_CHARS = 4;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The sealer for outbox payloads: its key is derived from APP_SECRET for this purpose only. */
export function outboxSealer(appSecret: string): Sealer {
  return createSealer(appSecret, "outbox");
}

/** Writes a message to the outbox as part of `trx`; returns its id. Kick the dispatcher after commit. */
export async function enqueue<T extends TemplateName>(
  trx: Kysely<Database>,
  message: OutboxEmail<T>,
  sealer: Sealer,
): Promise<string> {
  // Outside a transaction the message could outlive a rolled-back change, or vice versa.
  if (!trx.isTransaction) throw new TypeError("enqueue needs a transaction, not a database");
  if (!EMAIL.test(message.to)) throw new TypeError("enqueue needs a single e-mail address as `to`");
  if (!isTemplateName(message.template)) throw new TypeError(`Unknown mail template: ${message.template}`);
  const row = await trx.insertInto("outbox")
    .values({
      channel: message.channel,
      recipient: message.to,
      template: message.template,
      payload: await sealer.seal(message.data),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

interface Claimed {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  payload: Uint8Array | null;
  attempts: number;
  created_at: Date;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, transport, sealer, push } = options;
  const channels: OutboxChannel[] = push ? ["email", "push"] : ["email"];
  const now = options.now ?? (() => new Date());
  const later = (ms: number) => new Date(now().getTime() + ms);

  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<RunResult> | undefined;
  let stopped = false;
  let interval: ReturnType<typeof setInterval> | undefined;
  let kickTimer: ReturnType<typeof setTimeout> | undefined;

  // Returned in the order the messages were written (RETURNING alone has no order).
  function claim(): Promise<Claimed[]> {
    return db
      .with("claimed", (qb) =>
        qb.updateTable("outbox")
          .set((eb) => ({ attempts: eb("attempts", "+", 1), next_attempt_at: later(LEASE_MS) }))
          .where("id", "in", (eb) =>
            eb.selectFrom("outbox")
              .select("id")
              .where("status", "=", "pending")
              .where("channel", "in", channels)
              .where("next_attempt_at", "<=", now())
              .orderBy("next_attempt_at")
              .orderBy("created_at")
              .limit(BATCH_SIZE)
              .forUpdate()
              .skipLocked())
          .returning(["id", "channel", "recipient", "template", "payload", "attempts", "created_at"]))
      .selectFrom("claimed")
      .selectAll()
      .orderBy("created_at")
      .execute();
  }

  // `attempts` fences the updates below: if our lease ran out and another
  // dispatcher claimed the row again, our late verdict must not overwrite its.
  async function deliver(row: Claimed): Promise<boolean> {
    if (row.channel === "push") return await deliverPush(row, push!);
    let secrets: string[] = [];
    try {
      if (row.attempts > MAX_ATTEMPTS) throw new Error("the last attempt was interrupted before it finished");
      if (row.payload === null) throw new Error("the payload is missing");
      if (!isTemplateName(row.template)) throw new Error(`unknown template ${row.template}`);
      const data = await sealer.open(row.payload);
      secrets = stringsIn(data);
      const mail = renderMail(row.template, data as TemplateData[TemplateName]);
      await transport.send({ to: row.recipient, ...mail });
    } catch (err) {
      await recordFailure(row, redact(err instanceof Error ? err.message : String(err), secrets));
      return false;
    }
    await db.updateTable("outbox")
      .set({ status: "sent", sent_at: now(), payload: null })
      .where("id", "=", row.id)
      .where("attempts", "=", row.attempts)
      .execute();
    return true;
  }

  async function deliverPush(row: Claimed, channel: PushChannel): Promise<boolean> {
    let verdict: PushVerdict;
    try {
      if (row.attempts > MAX_ATTEMPTS) throw new Error("the last attempt was interrupted before it finished");
      if (row.payload === null) throw new Error("the payload is missing");
      verdict = await channel.send({
        recipient: row.recipient,
        template: row.template,
        payload: row.payload,
        createdAt: new Date(row.created_at),
      });
    } catch (err) {
      verdict = { kind: "retry", error: err instanceof Error ? err.message : String(err) };
    }
    switch (verdict.kind) {
      case "sent":
        try {
          await db.transaction().execute(async (trx) => {
            const marked = await trx.updateTable("outbox")
              .set({ status: "sent", sent_at: now(), payload: null })
              .where("id", "=", row.id)
              .where("attempts", "=", row.attempts)
              .executeTakeFirst();
            if (marked.numUpdatedRows > 0n) await channel.sent(trx, row.recipient, now());
          });
        } catch (err) {
          // The device has it; the row says otherwise until its lease runs out, and then it goes
          // again with the same Topic and tag, which the push service and the device collapse.
          logError(err, {
            msg: "outbox: a push was sent but not recorded; it goes again after its lease",
            outboxId: row.id,
          });
          return false;
        }
        return true;
      case "gone":
      case "dropped":
        await db.transaction().execute(async (trx) => {
          const given = await trx.updateTable("outbox")
            .set({ status: "failed", last_error: verdict.error.slice(0, ERROR_MAX_CHARS) })
            .where("id", "=", row.id)
            .where("attempts", "=", row.attempts)
            .executeTakeFirst();
          if (verdict.kind === "gone" && given.numUpdatedRows > 0n) await channel.gone(trx, row.recipient);
        });
        return false;
      case "retry":
      case "failed":
        await recordFailure(row, verdict.error.slice(0, ERROR_MAX_CHARS), {
          giveUp: verdict.kind === "failed",
          notBeforeMs: verdict.kind === "retry" ? verdict.retryAfterMs : undefined,
        });
        await channel.failed(row.recipient);
        return false;
    }
  }

  async function recordFailure(
    row: Claimed,
    error: string,
    opts: { giveUp?: boolean; notBeforeMs?: number } = {},
  ): Promise<void> {
    const giveUp = opts.giveUp || row.attempts >= MAX_ATTEMPTS;
    logError(error, {
      msg: giveUp ? "outbox: delivery failed, giving up" : "outbox: delivery failed, will retry",
      outboxId: row.id,
      template: row.template,
      attempts: row.attempts,
    });
    await db.updateTable("outbox")
      .set(
        giveUp ? { status: "failed", last_error: error } : {
          last_error: error,
          next_attempt_at: later(Math.max(backoffMs(row.attempts), opts.notBeforeMs ?? 0)),
        },
      )
      .where("id", "=", row.id)
      .where("attempts", "=", row.attempts)
      .execute();
  }

  async function drain(): Promise<RunResult> {
    const result: RunResult = { sent: 0, failed: 0 };
    for (;;) {
      const batch = await claim();
      for (const row of batch) {
        if (await deliver(row)) result.sent++;
        else result.failed++;
      }
      if (batch.length < BATCH_SIZE || stopped) return result;
    }
  }

  function runOnce(): Promise<RunResult> {
    if (queued) return queued;
    const run = chain.then(() => {
      queued = undefined;
      return drain();
    });
    queued = run;
    chain = run.catch(() => {});
    return run;
  }

  function tick(): void {
    runOnce().catch((err) => logError(err, { msg: "outbox: dispatch run failed" }));
  }

  function kick(): void {
    if (kickTimer !== undefined || stopped) return;
    kickTimer = setTimeout(() => {
      kickTimer = undefined;
      tick();
    }, KICK_DELAY_MS);
  }

  return {
    runOnce,
    kick,
    start(intervalMs) {
      if (interval !== undefined) throw new Error("The outbox dispatcher is already started");
      stopped = false;
      interval = setInterval(tick, intervalMs);
      kick();
    },
    async stop() {
      stopped = true;
      clearInterval(interval);
      clearTimeout(kickTimer);
      interval = kickTimer = undefined;
      await chain;
    },
  };
}

/** 30 s x 2^attempts, capped at an hour: 1, 2, 4 ... 32 min, then hourly. */
function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** attempts, BACKOFF_CAP_MS);
}

/** Every string in the payload, and the query values and path segments of its links (tokens live there). */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") {
    const url = URL.parse(value);
    if (!url) return [value];
    return [value, ...url.searchParams.values(), ...url.pathname.split("/")];
  }
  if (value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap(stringsIn);
}

function redact(message: string, secrets: string[]): string {
  let safe = message;
  for (const secret of secrets) {
    if (secret.length >= REDACT_MIN_CHARS) safe = safe.replaceAll(secret, "[redacted]");
  }
  return safe.slice(0, ERROR_MAX_CHARS);
}
