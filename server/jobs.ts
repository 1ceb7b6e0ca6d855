/**
 * Work the clock causes rather than a request: offers, requests and holds
 * that lapse; refunds and payouts waiting for their gateway; e-mail digests of
 * unread messages; calls that rang out or went quiet; the daily reconciliation of each gateway's payments
 * with the ledger; and the daily recomputation of every trust score.
 * Every request on a booking also expires its own lapsed offer first, so the
 * sweep only decides how soon the other party hears of it, not what is true.
 */
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

export function createSweeper(deps: PaymentDeps, callDeps: CallDeps): Sweeper {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> | null = null;
  let reconciledAt = 0;
  let trustRecomputedAt = 0;

  async function runOnce() {
    const bookings = await expireDueOffers(deps);
    const holds = await expireDueHolds(deps);
    const refunds = await sendDueRefunds(deps);
    const payouts = await sendDuePayouts(deps);
    const digests = await sendMessageDigests(deps);
    const calls = await sweepCalls(callDeps);
    if (bookings || holds || refunds || payouts || digests || calls) {
      logInfo("swept", { bookings, holds, refunds, payouts, digests, calls });
    }
    const now = deps.now();
    if (now.getTime() - reconciledAt >= DAY_MS) {
      reconciledAt = now.getTime();
      const report = await reconcile(deps, new Date(now.getTime() - RECONCILE_LOOKBACK_MS), now);
      logInfo("reconciled payments", {
        checked: report.checked,
        repaired: report.repaired.length,
        discrepancies: report.discrepancies,
      });
    }
    let trust = 0;
    if (now.getTime() - trustRecomputedAt >= DAY_MS) {
      trustRecomputedAt = now.getTime();
      trust = await recomputeAllTrust(deps);
      logInfo("recomputed trust scores", { changed: trust });
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
