/**
 * An act's earnings, summed from its bookings' ledger entries (pure): for
 * each booking what escrow still holds for it, what has been released to
 * the act (after the platform's fee) and, for a band, each member's share of
 * that; and the releases by month, in India's calendar. Amounts are minor
 * units per currency: a total never adds rupees to dollars.
 *
 * Paid out is what has left for the payees' accounts (payout postings); a
 * member's share is what the band splits gave them, whether paid out yet or
 * not. A ruling's reversal takes a release back, in the month it happens.
 */
import { indiaWallClock } from "./india_time.ts";
import { type AccountId, accountKind } from "./ledger.ts";

export interface EarningsEntryInput {
  bookingId: string;
  title: string;
  startsAt: Date;
  currency: string;
  kind: string;
  postedAt: Date;
  account: string;
  amount: number;
}

export interface BookingEarnings {
  bookingId: string;
  title: string;
  startsAt: Date;
  currency: string;
  /** In escrow now: paid by the organizer, not yet released or refunded. */
  held: number;
  /** Released to the act after the platform's fee. */
  released: number;
  /** The platform's fee on what was released. */
  platformFee: number;
  /** Each band member's share of `released`, by user id. */
  members: Map<string, number>;
  /** Sent on to the payees' accounts. */
  paidOut: number;
}

export interface MonthEarnings {
  /** "YYYY-MM" in India. */
  month: string;
  currency: string;
  released: number;
}

export interface Earnings {
  bookings: BookingEarnings[];
  months: MonthEarnings[];
  /** Per currency: held, released and each member's total. */
  totals: {
    currency: string;
    held: number;
    released: number;
    paidOut: number;
    members: Map<string, number>;
  }[];
}

function memberOf(account: string): string {
  return account.split(":")[2];
}

export function summarizeEarnings(entries: readonly EarningsEntryInput[]): Earnings {
  const bookings = new Map<string, BookingEarnings>();
  const months = new Map<string, MonthEarnings>();
  for (const e of entries) {
    let b = bookings.get(e.bookingId);
    if (!b) {
      b = {
        bookingId: e.bookingId,
        title: e.title,
        startsAt: e.startsAt,
        currency: e.currency,
        held: 0,
        released: 0,
        platformFee: 0,
        members: new Map(),
        paidOut: 0,
      };
      bookings.set(e.bookingId, b);
    }
    switch (accountKind(e.account as AccountId)) {
      case "escrow":
        b.held += e.amount;
        break;
      case "act_payable":
        // A band split moves part of the act's payable to members and a payout sends it on: both are
        // still released, so only releases (and their reversals) count.
        if (e.kind === "release" || e.kind === "reversal") {
          b.released += e.amount;
          const month = indiaWallClock(e.postedAt).date.slice(0, 7);
          const key = `${month} ${e.currency}`;
          const m = months.get(key) ?? { month, currency: e.currency, released: 0 };
          m.released += e.amount;
          months.set(key, m);
        }
        break;
      case "member_payable":
        if (e.kind !== "payout") {
          b.members.set(memberOf(e.account), (b.members.get(memberOf(e.account)) ?? 0) + e.amount);
        }
        break;
      case "platform_fee":
        if (e.kind === "release" || e.kind === "reversal") b.platformFee += e.amount;
        break;
      case "paid_out":
        b.paidOut += e.amount;
        break;
    }
  }
  const totals = new Map<string, Earnings["totals"][number]>();
  for (const b of bookings.values()) {
    const t = totals.get(b.currency) ??
      { currency: b.currency, held: 0, released: 0, paidOut: 0, members: new Map() };
    t.held += b.held;
    t.released += b.released;
    t.paidOut += b.paidOut;
    for (const [user, amount] of b.members) t.members.set(user, (t.members.get(user) ?? 0) + amount);
    totals.set(b.currency, t);
  }
  return {
    bookings: [...bookings.values()].sort((x, y) => y.startsAt.getTime() - x.startsAt.getTime()),
    months: [...months.values()].sort((x, y) => y.month.localeCompare(x.month)),
    totals: [...totals.values()],
  };
}
