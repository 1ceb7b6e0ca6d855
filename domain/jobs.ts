/**
 * The background jobs the sweeper runs (server/jobs.ts), by the names their runs are recorded under, with
 * how often each should run. The health page reads "overdue" from these: a job whose last success is older
 * than twice its period (and a minute's grace) has stopped doing its work, whatever the reason.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface JobInfo {
  label: string;
  /** How often it runs when all is well, in milliseconds. */
  everyMs: number;
}

export const JOBS = {
  expire_offers: { label: "Lapsed offers and unanswered requests", everyMs: MINUTE },
  expire_holds: { label: "Lapsed holds", everyMs: MINUTE },
  send_refunds: { label: "Refunds to the gateways", everyMs: MINUTE },
  send_payouts: { label: "Payouts to acts", everyMs: MINUTE },
  message_digests: { label: "E-mail digests of unread messages", everyMs: MINUTE },
  sweep_calls: { label: "Calls that rang out or went quiet", everyMs: MINUTE },
  reconcile_payments: { label: "Daily reconciliation with the gateways", everyMs: DAY },
  recompute_trust: { label: "Daily recomputation of trust scores", everyMs: DAY },
} as const satisfies Record<string, JobInfo>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

/** Whether a job last succeeded too long ago, or never has. */
export function isOverdue(job: JobName, lastSuccess: Date | null, now: Date): boolean {
  if (!lastSuccess) return true;
  return now.getTime() - lastSuccess.getTime() > 2 * JOBS[job].everyMs + MINUTE;
}
