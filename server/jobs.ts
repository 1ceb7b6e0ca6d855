/**
 * Work the clock causes rather than a request: offers, requests and holds
 * that lapse.
 * Every request on a booking also expires its own lapsed offer first, so the
 * sweep only decides how soon the other party hears of it, not what is true.
 */
import { logError, logInfo } from "../lib/log.ts";
import { expireDueOffers } from "../services/bookings/expiry.ts";
import { expireDueHolds } from "../services/calendar/holds.ts";
import type { WorkflowDeps } from "../services/notifications.ts";

export interface Sweeper {
  /** One pass over every job; what each one did. */
  runOnce(): Promise<{ bookings: number; holds: number }>;
  start(intervalMs: number): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function createSweeper(deps: WorkflowDeps): Sweeper {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> | null = null;

  async function runOnce() {
    const bookings = await expireDueOffers(deps);
    const holds = await expireDueHolds(deps);
    if (bookings || holds) logInfo("expired", { bookings, holds });
    return { bookings, holds };
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
