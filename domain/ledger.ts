/**
 * The payments of each booking as a double-entry ledger, pure: services build
 * postings from business events, apply them here, and store what was applied.
 *
 * Each booking has its own accounts:
 *
 * | account           | balance means                                   | sign rule         |
 * | ----------------- | ----------------------------------------------- | ----------------- |
 * | organizer_funds   | minus everything the organizer has sent         | never above 0     |
 * | escrow            | money held for the booking                      | never below 0     |
 * | act_payable       | owed to the act, not yet split among members    | never below 0     |
 * | member_payable    | owed to one band member (by user id)            | never below 0     |
 * | platform_fee      | the platform's earnings (less gateway fees)     | any               |
 * | gateway_fees      | what the payment gateway kept                   | never below 0     |
 * | organizer_refunds | what went back to the organizer                 | at most what sent |
 * | paid_out          | sent on to one payee's account (by user id)     | never below 0     |
 *
 * An entry's amount is positive for a debit (money arriving in the account)
 * and negative for a credit (money leaving it); a posting's entries sum to
 * zero, so the balances of a booking always do. Amounts are whole minor units
 * of the posting's currency, and a booking's postings share one currency.
 *
 * Postings are immutable and carry an id (the caller derives it from what
 * happened, e.g. the gateway's payment id), so a posting delivered twice is
 * refused the second time and changes nothing. The platform bears the
 * gateway's fee: a capture moves it from platform_fee to gateway_fees, and
 * escrow keeps the whole amount the organizer paid.
 *
 * The platform fee is floor(released * feeBps / 10000) (`feeShare`): rounding
 * favours the act.
 *
 * A release is not final until the dispute window closes: a ruling that
 * refunds a completed show first reverses its releases (`reversalPosting`,
 * the same entries negated), which puts the money back in escrow. Only what
 * has not been paid out can be reversed: a payout (`payoutPosting`, payable to
 * paid_out) leaves the payable lower, and the payable may not go below zero.
 */
import type { CancellationSplit } from "./cancellation_policy.ts";
import { splitByShares } from "./fee_split.ts";
import { feeShare } from "./negotiation.ts";

/** The platform's fee on what is released to acts unless configured otherwise (PLATFORM_FEE_BPS): 10%. */
export const DEFAULT_PLATFORM_FEE_BPS = 1_000;

export const ACCOUNT_KINDS = [
  "organizer_funds",
  "escrow",
  "act_payable",
  "member_payable",
  "platform_fee",
  "gateway_fees",
  "organizer_refunds",
  "paid_out",
] as const;
export type AccountKind = typeof ACCOUNT_KINDS[number];

/** `kind:bookingId`, or `member_payable:bookingId:userId`; built only by `account`. */
export type AccountId = string & { readonly __account: unique symbol };

function idPart(part: string): string {
  if (part === "" || part.includes(":")) throw new RangeError(`"${part}" cannot be part of an account id`);
  return part;
}

export const account = {
  organizerFunds: (bookingId: string) => `organizer_funds:${idPart(bookingId)}` as AccountId,
  escrow: (bookingId: string) => `escrow:${idPart(bookingId)}` as AccountId,
  actPayable: (bookingId: string) => `act_payable:${idPart(bookingId)}` as AccountId,
  memberPayable: (bookingId: string, userId: string) =>
    `member_payable:${idPart(bookingId)}:${idPart(userId)}` as AccountId,
  platformFee: (bookingId: string) => `platform_fee:${idPart(bookingId)}` as AccountId,
  gatewayFees: (bookingId: string) => `gateway_fees:${idPart(bookingId)}` as AccountId,
  organizerRefunds: (bookingId: string) => `organizer_refunds:${idPart(bookingId)}` as AccountId,
  paidOut: (bookingId: string, userId: string) =>
    `paid_out:${idPart(bookingId)}:${idPart(userId)}` as AccountId,
};

export function accountKind(id: AccountId): AccountKind {
  return id.slice(0, id.indexOf(":")) as AccountKind;
}

export function accountBooking(id: AccountId): string {
  return id.split(":")[1];
}

export type PostingKind = "capture" | "refund" | "release" | "band_split" | "reversal" | "payout";

export interface Entry {
  account: AccountId;
  /** Minor units: positive debits the account, negative credits it. */
  amount: number;
}

export interface Posting {
  readonly id: string;
  readonly bookingId: string;
  readonly currency: string;
  readonly kind: PostingKind;
  readonly entries: readonly Entry[];
}

export interface Ledger {
  readonly postings: readonly Posting[];
  readonly balances: ReadonlyMap<AccountId, number>;
  /** The currency each booking's postings are in. */
  readonly currencies: ReadonlyMap<string, string>;
}

export type LedgerErrorCode =
  | "already_applied"
  | "empty"
  | "not_integer"
  | "unbalanced"
  | "foreign_account"
  | "mixed_currency"
  | "escrow_overdrawn"
  | "refund_exceeds_paid"
  | "payable_overdrawn"
  | "wrong_sign";

export type ApplyResult =
  | { ok: true; ledger: Ledger }
  | { ok: false; error: { code: LedgerErrorCode; message: string } };

export const emptyLedger: Ledger = { postings: [], balances: new Map(), currencies: new Map() };

export function balanceOf(ledger: Ledger, id: AccountId): number {
  return ledger.balances.get(id) ?? 0;
}

/** Every account that has been posted to, with its balance. */
export function balances(ledger: Ledger): ReadonlyMap<AccountId, number> {
  return ledger.balances;
}

function refuse(code: LedgerErrorCode, message: string): ApplyResult {
  return { ok: false, error: { code, message } };
}

/** The first balance rule the new balances of this booking break, if any. */
function balanceRuleBroken(
  after: (id: AccountId) => number,
  touched: readonly AccountId[],
  bookingId: string,
) {
  const paid = -after(account.organizerFunds(bookingId));
  // Refunds are checked before escrow: a refund beyond what was paid is the clearer reason.
  const refunds = account.organizerRefunds(bookingId);
  if (touched.includes(refunds) && after(refunds) > paid) {
    return refuse("refund_exceeds_paid", `Refunds would exceed the ${paid} the organizer paid`);
  }
  for (const id of touched) {
    const balance = after(id);
    switch (accountKind(id)) {
      case "escrow":
        if (balance < 0) return refuse("escrow_overdrawn", "This would pay out more than is held in escrow");
        break;
      case "act_payable":
      case "member_payable":
        if (balance < 0) return refuse("payable_overdrawn", `This would split more than ${id} is owed`);
        break;
      case "organizer_funds":
        if (balance > 0) {
          return refuse("wrong_sign", "The organizer's funds cannot be paid back through a capture");
        }
        break;
      case "gateway_fees":
      case "organizer_refunds":
      case "paid_out":
        if (balance < 0) return refuse("wrong_sign", `${id} cannot go below zero`);
        break;
      case "platform_fee":
        break;
    }
  }
  return null;
}

export function applyPosting(ledger: Ledger, posting: Posting): ApplyResult {
  if (ledger.postings.some((p) => p.id === posting.id)) {
    return refuse("already_applied", `Posting ${posting.id} has already been applied`);
  }
  if (posting.entries.length === 0) return refuse("empty", "A posting needs entries");
  if (posting.entries.some((e) => !Number.isSafeInteger(e.amount))) {
    return refuse("not_integer", "Amounts must be whole minor units");
  }
  if (posting.entries.reduce((sum, e) => sum + e.amount, 0) !== 0) {
    return refuse("unbalanced", "A posting's debits and credits must sum to zero");
  }
  if (posting.entries.some((e) => accountBooking(e.account) !== posting.bookingId)) {
    return refuse("foreign_account", `Every account must belong to booking ${posting.bookingId}`);
  }
  const currency = ledger.currencies.get(posting.bookingId);
  if (currency !== undefined && currency !== posting.currency) {
    return refuse(
      "mixed_currency",
      `Booking ${posting.bookingId} is paid in ${currency}, not ${posting.currency}`,
    );
  }

  const next = new Map(ledger.balances);
  for (const { account, amount } of posting.entries) next.set(account, (next.get(account) ?? 0) + amount);
  const broken = balanceRuleBroken(
    (id) => next.get(id) ?? 0,
    posting.entries.map((e) => e.account),
    posting.bookingId,
  );
  if (broken) return broken;
  return {
    ok: true,
    ledger: {
      postings: [...ledger.postings, posting],
      balances: next,
      currencies: new Map(ledger.currencies).set(posting.bookingId, posting.currency),
    },
  };
}

/** Applies postings in order, all or none. */
export function applyPostings(ledger: Ledger, postings: readonly Posting[]): ApplyResult {
  let current = ledger;
  for (const posting of postings) {
    const result = applyPosting(current, posting);
    if (!result.ok) return result;
    current = result.ledger;
  }
  return { ok: true, ledger: current };
}

export interface PostingBase {
  /** Unique per business event; postings built from one event get suffixes (`:refund`, `:release`). */
  id: string;
  bookingId: string;
  currency: string;
}

function minorUnits(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be whole minor units of at least ${min}`);
  }
  return value;
}

function posting(base: PostingBase, kind: PostingKind, entries: Entry[]): Posting {
  return {
    id: base.id,
    bookingId: base.bookingId,
    currency: base.currency,
    kind,
    entries: entries.filter((e) => e.amount !== 0),
  };
}

/** The organizer paid `amount` into escrow; the gateway kept `gatewayFee`, which the platform bears. */
export function capturePosting(base: PostingBase & { amount: number; gatewayFee: number }): Posting {
  const amount = minorUnits("The amount", base.amount, 1);
  const gatewayFee = minorUnits("The gateway fee", base.gatewayFee, 0);
  const b = base.bookingId;
  return posting(base, "capture", [
    { account: account.organizerFunds(b), amount: -amount },
    { account: account.escrow(b), amount },
    { account: account.platformFee(b), amount: -gatewayFee },
    { account: account.gatewayFees(b), amount: gatewayFee },
  ]);
}

/** `amount` goes back from escrow to the organizer. */
export function refundPosting(base: PostingBase & { amount: number }): Posting {
  const amount = minorUnits("The refund", base.amount, 1);
  return posting(base, "refund", [
    { account: account.escrow(base.bookingId), amount: -amount },
    { account: account.organizerRefunds(base.bookingId), amount },
  ]);
}

/** `amount` leaves escrow for the act, less the platform's fee (floored). */
export function releasePosting(base: PostingBase & { amount: number; feeBps: number }): Posting {
  const amount = minorUnits("The release", base.amount, 1);
  if (!Number.isInteger(base.feeBps) || base.feeBps < 0 || base.feeBps > 10_000) {
    throw new RangeError("The platform fee must be whole basis points from 0 to 10000");
  }
  const fee = feeShare(amount, base.feeBps);
  const b = base.bookingId;
  return posting(base, "release", [
    { account: account.escrow(b), amount: -amount },
    { account: account.actPayable(b), amount: amount - fee },
    { account: account.platformFee(b), amount: fee },
  ]);
}

const suffixed = (base: PostingBase, suffix: string): PostingBase => ({
  ...base,
  id: `${base.id}:${suffix}`,
});

/** Settles a cancellation: what the act keeps is released to it, the rest refunded. Zero parts post nothing. */
export function cancellationPostings(
  base: PostingBase & { split: CancellationSplit; feeBps: number },
): Posting[] {
  const { retainedForAct, refundToOrganizer } = base.split;
  return [
    ...(refundToOrganizer > 0
      ? [refundPosting({ ...suffixed(base, "refund"), amount: refundToOrganizer })]
      : []),
    ...(retainedForAct > 0
      ? [releasePosting({ ...suffixed(base, "release"), amount: retainedForAct, feeBps: base.feeBps })]
      : []),
  ];
}

export type Ruling = { outcome: "release" } | { outcome: "refund"; amount: number };

/** An admin's ruling on a dispute: release all that is `held`, or refund `amount` and release the rest. */
export function rulingPostings(
  base: PostingBase & { ruling: Ruling; held: number; feeBps: number },
): Posting[] {
  const held = minorUnits("What is held", base.held, 0);
  const refund = base.ruling.outcome === "refund" ? minorUnits("The refund", base.ruling.amount, 1) : 0;
  return [
    ...(refund > 0 ? [refundPosting({ ...suffixed(base, "refund"), amount: refund })] : []),
    ...(held - refund > 0
      ? [releasePosting({ ...suffixed(base, "release"), amount: held - refund, feeBps: base.feeBps })]
      : []),
  ];
}

/** The show took place: everything `held` is released to the act, less the platform fee. */
export function completionPostings(base: PostingBase & { held: number; feeBps: number }): Posting[] {
  const held = minorUnits("What is held", base.held, 0);
  return held > 0
    ? [releasePosting({ ...suffixed(base, "release"), amount: held, feeBps: base.feeBps })]
    : [];
}

export interface MemberShare {
  userId: string;
  feeShareBps: number;
}

/**
 * Splits `amount` of the act's payable among band members by their fee shares
 * (`splitByShares`); the remainder stays in act_payable as the band's own.
 */
export function bandSplitPosting(
  base: PostingBase & { amount: number; members: readonly MemberShare[] },
): Posting {
  const amount = minorUnits("The amount", base.amount, 0);
  const { parts } = splitByShares(amount, base.members.map((m) => m.feeShareBps));
  const b = base.bookingId;
  const toMembers = parts.reduce((sum, part) => sum + part, 0);
  return posting(base, "band_split", [
    { account: account.actPayable(b), amount: -toMembers },
    ...base.members.map((m, i) => ({ account: account.memberPayable(b, m.userId), amount: parts[i] })),
  ]);
}

/** Undoes `original` (a release or a band split) with its entries negated, under a new id. */
export function reversalPosting(original: Posting, id: string): Posting {
  if (original.kind !== "release" && original.kind !== "band_split") {
    throw new RangeError(`Only releases and band splits are reversed, not a ${original.kind}`);
  }
  return {
    id,
    bookingId: original.bookingId,
    currency: original.currency,
    kind: "reversal",
    entries: original.entries.map((e) => ({ account: e.account, amount: -e.amount })),
  };
}

/**
 * The releases and band splits of the booking not yet reversed, newest first:
 * reversing them in this order never takes a member's share back from the
 * act before the act has it back from the member.
 */
export function reversibleReleases(ledger: Ledger, bookingId: string): Posting[] {
  const reversed = new Set(ledger.postings.filter((p) => p.kind === "reversal").map((p) => p.id));
  return ledger.postings
    .filter((p) => p.bookingId === bookingId && (p.kind === "release" || p.kind === "band_split"))
    .filter((p) => !reversed.has(`${p.id}:reversal`))
    .reverse();
}

/** `amount` owed to `userId` (from the act's payable, or from their member share) leaves for their account. */
export function payoutPosting(
  base: PostingBase & { amount: number; userId: string; fromMemberShare: boolean },
): Posting {
  const amount = minorUnits("The payout", base.amount, 1);
  const b = base.bookingId;
  return posting(base, "payout", [
    {
      account: base.fromMemberShare ? account.memberPayable(b, base.userId) : account.actPayable(b),
      amount: -amount,
    },
    { account: account.paidOut(b, base.userId), amount },
  ]);
}
