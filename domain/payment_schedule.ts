/**
 * What the organizer owes, when: the instalments of a signed performance
 * agreement. The contract document fixes the fee, the deposit and the balance
 * (contract_document.ts); the schedule only says when each part falls due,
 * and may split part of the balance into milestones the parties agreed.
 *
 * Rounding: a milestone is floor(balance × bps / 10000) paise, and the final
 * balance instalment takes whatever is left, so the instalments always add up
 * to the fee exactly. Instalments of zero paise (no deposit, a milestone too
 * small to round to a paisa) are left out: nothing is owed for them.
 */
import type { ContractDocument } from "./contract_document.ts";
import { type FieldIssue, ValidationError } from "./errors.ts";
import { feeShare } from "./negotiation.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_MILESTONE_LABEL = 100;
/** Milestones share the balance; at least one paisa must be left for the final balance. */
const WHOLE_BPS = 10_000;

export type InstalmentKind = "deposit" | "milestone" | "balance";

export interface Instalment {
  kind: InstalmentKind;
  label: string;
  /** Minor units (paise for INR). */
  amount: number;
  currency: string;
  /** null: due when the booking is marked complete, not at a date. */
  dueAt: Date | null;
}

/** A part of the balance due earlier than the rest, in basis points of the balance. */
export interface Milestone {
  label: string;
  bps: number;
  dueAt: Date;
}

export interface ScheduleOptions {
  milestones?: readonly Milestone[];
  /** "due_date" (the default): the balance is due at the contract's balanceDueAt; "completion": once the show is done. */
  balanceDue?: "due_date" | "completion";
}

export interface PaymentSchedule {
  currency: string;
  fee: number;
  /** In the order payments are applied: deposit, milestones as given, balance. */
  instalments: Instalment[];
}

function milestoneIssues(milestones: readonly Milestone[], signedAt: Date, startsAt: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  let total = 0;
  milestones.forEach((m, i) => {
    const field = `milestones[${i}]`;
    const label = m.label.trim();
    if (label === "" || label.length > MAX_MILESTONE_LABEL) {
      issues.push({ field: `${field}.label`, message: `A label of 1 to ${MAX_MILESTONE_LABEL} characters` });
    }
    if (!Number.isInteger(m.bps) || m.bps <= 0) {
      issues.push({ field: `${field}.bps`, message: "A whole, positive number of basis points" });
    } else {
      total += m.bps;
    }
    const due = m.dueAt.getTime();
    if (Number.isNaN(due) || due < signedAt.getTime() || due > startsAt.getTime()) {
      issues.push({ field: `${field}.dueAt`, message: "Due between the signing and the start of the show" });
    }
  });
  if (total >= WHOLE_BPS) {
    issues.push({
      field: "milestones",
      message: "The milestones must leave part of the balance (below 100%)",
    });
  }
  return issues;
}

/**
 * The instalments of a contract both parties signed at `signedAt`. The deposit
 * is due `depositDueDaysAfterSigning` days after signing but never after the
 * show starts; the balance at `balanceDueAt` (never before the signing) or at
 * completion. Throws a ValidationError for bad milestones.
 */
export function paymentSchedule(
  doc: ContractDocument,
  signedAt: Date,
  options: ScheduleOptions = {},
): PaymentSchedule {
  const { fee, deposit, balance, currency } = doc.money;
  if (deposit + balance !== fee || deposit < 0 || balance < 0) {
    throw new RangeError("The contract's deposit and balance do not add up to its fee");
  }
  const startsAt = new Date(doc.performance.startsAt);
  const milestones = options.milestones ?? [];
  const issues = milestoneIssues(milestones, signedAt, startsAt);
  if (issues.length > 0) throw new ValidationError("The milestones are not valid", issues);

  const depositDue = Math.max(
    signedAt.getTime(),
    Math.min(signedAt.getTime() + doc.money.depositDueDaysAfterSigning * DAY_MS, startsAt.getTime()),
  );
  const parts: Instalment[] = [
    { kind: "deposit", label: "Deposit", amount: deposit, currency, dueAt: new Date(depositDue) },
  ];
  let left = balance;
  for (const m of milestones) {
    const amount = feeShare(balance, m.bps);
    left -= amount;
    parts.push({ kind: "milestone", label: m.label.trim(), amount, currency, dueAt: new Date(m.dueAt) });
  }
  const balanceDueAt = options.balanceDue === "completion"
    ? null
    : new Date(Math.max(new Date(doc.money.balanceDueAt).getTime(), signedAt.getTime()));
  parts.push({ kind: "balance", label: "Balance", amount: left, currency, dueAt: balanceDueAt });
  return { currency, fee, instalments: parts.filter((p) => p.amount > 0) };
}

export interface NextDue {
  instalment: Instalment;
  /** What is still owed on it, in minor units: its amount less what `paid` already covered. */
  owed: number;
}

/**
 * The first instalment not yet paid in full, with what remains of it, once
 * `paid` minor units have been applied to the instalments in order; null when
 * everything is paid.
 */
export function nextDue(schedule: PaymentSchedule, paid: number): NextDue | null {
  if (!Number.isSafeInteger(paid) || paid < 0) {
    throw new RangeError("paid must be a whole number of minor units");
  }
  let covered = paid;
  for (const instalment of schedule.instalments) {
    if (covered < instalment.amount) return { instalment, owed: instalment.amount - covered };
    covered -= instalment.amount;
  }
  return null;
}
