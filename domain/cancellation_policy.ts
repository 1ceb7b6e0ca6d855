/**
 * Who gets what when a confirmed booking is cancelled. The act agreed to one
 * of three tiers in the offer; the tier and the notice (time from the
 * cancellation to the performance start) decide the share of the fee the act
 * is owed when the ORGANIZER cancels:
 *
 * | tier     | notice              | owed to the act |
 * | -------- | ------------------- | --------------- |
 * | flexible | 7 days or more      | 0%              |
 * | flexible | 48 hours to 7 days  | 25%             |
 * | flexible | under 48 hours      | 50%             |
 * | standard | 30 days or more     | 0%              |
 * | standard | 7 to 30 days        | 50%             |
 * | standard | under 7 days        | 100%            |
 * | strict   | 60 days or more     | 25%             |
 * | strict   | 14 to 60 days       | 75%             |
 * | strict   | under 14 days       | 100%            |
 *
 * When the ACT cancels it has broken the deal: it is owed nothing and the
 * organizer gets back everything paid. An ADMIN cancels for force majeure or
 * fraud, where nobody should profit: everything paid is refunded too.
 *
 * What the act is owed is kept from what the organizer already paid; any rest
 * is a claim against the organizer (`outstandingFromOrganizer`) that people
 * pursue, never a charge the platform makes on its own.
 */
import { type CancellationTier, feeShare } from "./negotiation.ts";

export type Canceller = "act" | "organizer" | "admin";

export interface CancellationInput {
  tier: CancellationTier;
  cancelledBy: Canceller;
  /** Minor units, as agreed. */
  fee: number;
  /** Minor units the organizer has paid so far. */
  paid: number;
  startsAt: Date;
  now: Date;
}

export interface CancellationSplit {
  noticeMs: number;
  ruleLabel: string;
  owedToActBps: number;
  /** floor(fee * owedToActBps / 10000). */
  owedToAct: number;
  /** The part of what was paid that the act keeps. */
  retainedForAct: number;
  refundToOrganizer: number;
  /** What the act is owed beyond what was paid: a claim, not collected automatically. */
  outstandingFromOrganizer: number;
}

export interface CancellationRule {
  minNoticeMs: number;
  owedToActBps: number;
  label: string;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

// Longest notice first: the first rule whose minimum the notice meets applies.
const RULES: Record<CancellationTier, readonly CancellationRule[]> = {
  flexible: [
    { minNoticeMs: 7 * DAY_MS, owedToActBps: 0, label: "flexible: 7 days' notice or more, 0% of the fee" },
    {
      minNoticeMs: 48 * HOUR_MS,
      owedToActBps: 2_500,
      label: "flexible: 48 hours to 7 days' notice, 25% of the fee",
    },
    { minNoticeMs: 0, owedToActBps: 5_000, label: "flexible: under 48 hours' notice, 50% of the fee" },
  ],
  standard: [
    { minNoticeMs: 30 * DAY_MS, owedToActBps: 0, label: "standard: 30 days' notice or more, 0% of the fee" },
    { minNoticeMs: 7 * DAY_MS, owedToActBps: 5_000, label: "standard: 7 to 30 days' notice, 50% of the fee" },
    { minNoticeMs: 0, owedToActBps: 10_000, label: "standard: under 7 days' notice, 100% of the fee" },
  ],
  strict: [
    {
      minNoticeMs: 60 * DAY_MS,
      owedToActBps: 2_500,
      label: "strict: 60 days' notice or more, 25% of the fee",
    },
    { minNoticeMs: 14 * DAY_MS, owedToActBps: 7_500, label: "strict: 14 to 60 days' notice, 75% of the fee" },
    { minNoticeMs: 0, owedToActBps: 10_000, label: "strict: under 14 days' notice, 100% of the fee" },
  ],
};

const REFUND_ALL_LABELS: Record<Exclude<Canceller, "organizer">, string> = {
  act: "cancelled by the act: nothing owed to the act, everything paid is refunded",
  admin: "cancelled by an admin: everything paid is refunded",
};

/** The tier's rules, longest notice first, for pages that explain the policy. */
export function cancellationRules(tier: CancellationTier): readonly CancellationRule[] {
  return RULES[tier];
}

function ruleFor(tier: CancellationTier, noticeMs: number): CancellationRule {
  const rules = RULES[tier];
  // Negative notice (a split computed after the start) counts as the shortest notice.
  return rules.find((rule) => noticeMs >= rule.minNoticeMs) ?? rules[rules.length - 1];
}

export function cancellationSplit(input: CancellationInput): CancellationSplit {
  const { tier, cancelledBy, fee, paid } = input;
  if (!Number.isSafeInteger(fee) || fee < 0 || !Number.isSafeInteger(paid) || paid < 0) {
    throw new RangeError("fee and paid must be non-negative whole minor units");
  }
  const noticeMs = input.startsAt.getTime() - input.now.getTime();
  const { owedToActBps, label } = cancelledBy === "organizer"
    ? ruleFor(tier, noticeMs)
    : { owedToActBps: 0, label: REFUND_ALL_LABELS[cancelledBy] };
  const owedToAct = feeShare(fee, owedToActBps);
  const retainedForAct = Math.min(paid, owedToAct);
  return {
    noticeMs,
    ruleLabel: label,
    owedToActBps,
    owedToAct,
    retainedForAct,
    refundToOrganizer: paid - retainedForAct,
    outstandingFromOrganizer: owedToAct - retainedForAct,
  };
}
