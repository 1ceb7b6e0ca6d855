/**
 * A booking's timeline read for trust scores (domain/trust_score.ts): when it
 * was completed, who cancelled it and how close to the show, whom a ruling
 * went against, and which requests and offers each side answered and when.
 *
 * - Completed: the `complete` event, or a ruling that released the money (the
 *   show counts as played).
 * - A ruling with any refund goes against the act (the organizer got money
 *   back); a release goes against the organizer (the money was the act's).
 * - A request (`request`, `offer`, `counter`) is addressed to the other party;
 *   it is answered by that party's next `accept`, `offer` (the act quoting on a
 *   request), `counter` or `decline`, and
 *   unanswered when it lapsed (`expire`). A request withdrawn, cancelled, or
 *   still open is not counted either way.
 */
import type { Party } from "./negotiation.ts";
import type { BookingHistory, RequestAnswer } from "./trust_score.ts";

export interface TimelineEntry {
  event: string;
  party: Party | "admin" | "system";
  at: Date;
  detail: Record<string, unknown>;
}

const ASKS = new Set(["request", "offer", "counter"]);
const ANSWERS = new Set(["accept", "offer", "counter", "decline"]);

/** `timeline` oldest first; `latePayments`: when the organizer's late payments were made. */
export function bookingHistory(
  startsAt: Date,
  timeline: TimelineEntry[],
  latePayments: Date[],
): BookingHistory {
  const history: BookingHistory = {
    startsAt,
    completedAt: null,
    cancelled: null,
    ruling: null,
    requests: [],
    latePayments,
  };
  let open: { at: Date; to: Party } | null = null;
  const close = (answeredAt: Date | null) => {
    if (open) history.requests.push({ ...open, answeredAt } satisfies RequestAnswer & { to: Party });
    open = null;
  };
  for (const e of timeline) {
    if (open && ANSWERS.has(e.event) && e.party === open.to) close(e.at);
    else if (open && e.event === "expire") close(null);
    else if (open && (e.event === "cancel" || e.event === "decline")) open = null;
    if (ASKS.has(e.event) && (e.party === "act" || e.party === "organizer")) {
      open = { at: e.at, to: e.party === "act" ? "organizer" : "act" };
    }
    if (e.event === "complete") history.completedAt = e.at;
    if (e.event === "cancel" && e.party !== "system") history.cancelled = { at: e.at, by: e.party };
    if (e.event === "resolve") {
      const release = e.detail.outcome === "release";
      history.ruling = { at: e.at, against: release ? "organizer" : "act" };
      if (release) history.completedAt = e.at;
    }
  }
  return history;
}

/** How long after the show the balance may still arrive before it counts as late. */
export const BALANCE_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether a payment the organizer made came late: a deposit or milestone is
 * due before the show starts (the payment schedule puts them there), the
 * balance within BALANCE_GRACE_MS of its end.
 */
export function isLatePayment(
  type: "deposit" | "milestone" | "final",
  paidAt: Date,
  show: { startsAt: Date; endsAt: Date },
): boolean {
  const dueBy = type === "final" ? show.endsAt.getTime() + BALANCE_GRACE_MS : show.startsAt.getTime();
  return paidAt.getTime() > dueBy;
}
