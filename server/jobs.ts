/**
 * Work the clock causes rather than a request: offers, requests and holds
 * that lapse; refunds and payouts waiting for their gateway; e-mail digests of
 * unread messages; calls that rang out or went quiet; the daily reconciliation of each gateway's payments
 * with the ledger; and the daily recomputation of every trust score.
 * Every request on a booking also expires its own lapsed offer first, so the
 * sweep only decides how soon the other party hears of it, not what is true.
 *
 * Each job's run is recorded in job_runs under its name in domain/jobs.ts (start, end, what it did or the
 * error), so the admin console's health page can say when each last worked; a pass keeps the newest
 * KEPT_RUNS of each job. A job that throws is marked failed and the pass goes on to the others; the pass
 * then fails with every failed job named.
 */
import { finishJobRun, pruneJobRuns, startJobRun } from "../db/queries/job_runs.ts";
import type { JobName } from "../domain/jobs.ts";
import { logError, logInfo } from "../lib/log.ts";
import { expireDueOffers } from "../services/bookings/expiry.ts";
import { expireDueHolds } from "../services/calendar/holds.ts";
import type { PaymentDeps } from "../services/payments/deps.ts";
import { reconcile } from "../services/payments/reconcile.ts";
import { sendDuePayouts } from "../services/payments/payouts.ts";
import { sendDueRefunds } from "../services/payments/refunds.ts";
import { sendMessageDigests } from "../services/messages/digest.ts";
import type { CallDeps } from "../services/calls/deps.ts";
import { sweepCalls } from "../services/calls/sweep.ts";
import { recomputeAllTrust } from "../services/trust/nightly.ts";

export interface Sweeper {
  /** One pass over every job; what each one did. */
  runOnce(): Promise<
    {
      bookings: number;
      holds: number;
      refunds: number;
      payouts: number;
      digests: number;
      calls: number;
      /** Trust scores the daily recomputation changed (0 on the passes in between). */
      trust: number;
    }
  >;
  start(intervalMs: number): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Each reconciliation looks back two days, so a day it missed (a restart) is covered by the next. */
const RECONCILE_LOOKBACK_MS = 2 * DAY_MS;
/** Runs kept per job: a few hours of minute-by-minute passes, half a year of daily ones. */
export const KEPT_RUNS = 200;
/** Stored errors are for reading on the health page, not whole stack traces. */
const ERROR_MAX = 2000;

export function createSweeper(deps: PaymentDeps, callDeps: CallDeps): Sweeper {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> | null = null;
  let reconciledAt = 0;
  let trustRecomputedAt = 0;

  /** Runs one job, recording its run; `summary` says what it did, for the record. */
  async function tracked<T>(
    job: JobName,
    work: () => Promise<T>,
    summary: (result: T) => Record<string, unknown>,
  ): Promise<T> {
    const run = await startJobRun(deps.db, job, deps.now());
    try {
      const result = await work();
      await finishJobRun(deps.db, run, { status: "succeeded", result: summary(result), at: deps.now() });
      return result;
    } catch (err) {
      const error = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, ERROR_MAX);
      await finishJobRun(deps.db, run, { status: "failed", error, at: deps.now() });
      throw err;
    }
  }
  const count = (n: number) => ({ count: n });

  async function runOnce() {
    const failed: { job: JobName; err: unknown }[] = [];
    /** A job that throws is recorded and the pass goes on: a gateway that is down must not stop expiry. */
    const attempt = async <T, F>(
      job: JobName,
      work: () => Promise<T>,
      summary: (result: T) => Record<string, unknown>,
      otherwise: F,
    ): Promise<T | F> => {
      try {
        return await tracked(job, work, summary);
      } catch (err) {
        failed.push({ job, err });
        return otherwise;
      }
    };
    const bookings = await attempt("expire_offers", () => expireDueOffers(deps), count, 0);
    const holds = await attempt("expire_holds", () => expireDueHolds(deps), count, 0);
    const refunds = await attempt("send_refunds", () => sendDueRefunds(deps), count, 0);
    const payouts = await attempt("send_payouts", () => sendDuePayouts(deps), count, 0);
    const digests = await attempt("message_digests", () => sendMessageDigests(deps), count, 0);
    const calls = await attempt("sweep_calls", () => sweepCalls(callDeps), count, 0);
    if (bookings || holds || refunds || payouts || digests || calls) {
      logInfo("swept", { bookings, holds, refunds, payouts, digests, calls });
    }
    const now = deps.now();
    if (now.getTime() - reconciledAt >= DAY_MS) {
      reconciledAt = now.getTime();
      const report = await attempt(
        "reconcile_payments",
        () => reconcile(deps, new Date(now.getTime() - RECONCILE_LOOKBACK_MS), now),
        (r) => ({ checked: r.checked, repaired: r.repaired.length, discrepancies: r.discrepancies.length }),
        null,
      );
      if (report) {
        logInfo("reconciled payments", {
          checked: report.checked,
          repaired: report.repaired.length,
          discrepancies: report.discrepancies,
        });
      }
    }
    let trust = 0;
    if (now.getTime() - trustRecomputedAt >= DAY_MS) {
      trustRecomputedAt = now.getTime();
      trust = await attempt("recompute_trust", () => recomputeAllTrust(deps), (n) => ({ changed: n }), 0);
      logInfo("recomputed trust scores", { changed: trust });
    }
    await pruneJobRuns(deps.db, KEPT_RUNS);
    if (failed.length > 0) {
      // The pass as a whole still fails, naming each job and why, for the log.
      throw new AggregateError(
        failed.map((f) => f.err),
        failed.map(({ job, err }) => `${job} failed: ${err instanceof Error ? err.message : String(err)}`)
          .join("; "),
      );
    }
    return { bookings, holds, refunds, payouts, digests, calls, trust };
  }

  return {
    runOnce,
    start(intervalMs) {
      timer ??= setInterval(() => {
        // A slow pass (a large backlog) must not overlap the next one.
        running ??= runOnce().catch((err) => logError(err, { msg: "sweep failed" }))
          .finally(() => running = null);
      }, intervalMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
