/**
 * An act's earnings, summed from its bookings' ledger entries (pure): for
 * each booking what escrow still holds for it, what has been released to
 * the act (after the platform's fee) and, for a band, each member's share of
 * that; and the releases by month, in India's calendar. Amounts are minor
 * units per currency: a total never adds rupees to dollars.
 *
 * Paid out (transfers to the act's bank account) is not in the ledger yet:
 * payouts are made by the gateways' transfer rails once an act links its
 * account, and are counted there.
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
  totals: { currency: string; held: number; released: number; members: Map<string, number> }[];
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
      };
      bookings.set(e.bookingId, b);
    }
    switch (accountKind(e.account as AccountId)) {
      case "escrow":
        b.held += e.amount;
        break;
      case "act_payable":
        // A band split moves part of the act's payable to members: still released, so only releases count.
        if (e.kind === "release") {
          b.released += e.amount;
          const month = indiaWallClock(e.postedAt).date.slice(0, 7);
          const key = `${month} ${e.currency}`;
          const m = months.get(key) ?? { month, currency: e.currency, released: 0 };
          m.released += e.amount;
          months.set(key, m);
        }
        break;
      case "member_payable":
        b.members.set(memberOf(e.account), (b.members.get(memberOf(e.account)) ?? 0) + e.amount);
        break;
      case "platform_fee":
        if (e.kind === "release") b.platformFee += e.amount;
        break;
    }
  }
  const totals = new Map<string, Earnings["totals"][number]>();
  for (const b of bookings.values()) {
    const t = totals.get(b.currency) ?? { currency: b.currency, held: 0, released: 0, members: new Map() };
    t.held += b.held;
    t.released += b.released;
    for (const [user, amount] of b.members) t.members.set(user, (t.members.get(user) ?? 0) + amount);
    totals.set(b.currency, t);
  }
  return {
    bookings: [...bookings.values()].sort((x, y) => y.startsAt.getTime() - x.startsAt.getTime()),
    months: [...months.values()].sort((x, y) => y.month.localeCompare(x.month)),
    totals: [...totals.values()],
  };
}
