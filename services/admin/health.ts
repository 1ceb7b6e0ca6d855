/**
 * The platform's health for staff and admins: the e-mail outbox's backlog and failures, each background
 * job's last run and last success (overdue by domain/jobs.ts), and the payment side's loose ends (webhook
 * events that matched nothing of ours, refunds and payouts a gateway refused). Read-only; never a payload.
 */
import type { Kysely } from "kysely";
import { type JobRunView, jobSummaries, latestJobRuns } from "../../db/queries/job_runs.ts";
import {
  type MoneyProblem,
  moneyProblems,
  type OutboxBacklog,
  outboxBacklog,
  type OutboxProblem,
  outboxProblems,
  type UnmatchedWebhook,
  unmatchedWebhooks,
  type WebhookActivity,
  webhookActivity,
} from "../../db/queries/platform_health.ts";
import type { Database, JobRunStatus } from "../../db/schema.ts";
import { type Actor, requireStaffOrAdmin } from "../../domain/access.ts";
import { isJobName, isOverdue, JOB_NAMES, JOBS } from "../../domain/jobs.ts";

const LIST = 20;
const RECENT_RUNS = 30;
/** How far back webhook events are looked at. */
const WEBHOOK_WINDOW_MS = 7 * 24 * 60 * 60_000;

export interface JobHealth {
  job: string;
  label: string;
  lastStatus: JobRunStatus | null;
  lastStartedAt: Date | null;
  lastSuccessAt: Date | null;
  overdue: boolean;
}

export interface HealthReport {
  now: Date;
  outbox: OutboxBacklog;
  outboxProblems: OutboxProblem[];
  jobs: JobHealth[];
  recentRuns: JobRunView[];
  webhookWindowDays: number;
  webhooks: WebhookActivity[];
  unmatchedWebhooks: UnmatchedWebhook[];
  moneyProblems: MoneyProblem[];
  /** How many things want a look: overdue or failing jobs, failed e-mails, unmatched events, refused money. */
  attention: number;
}

export async function healthReport(
  deps: { db: Kysely<Database>; now(): Date },
  actor: Actor | null,
): Promise<HealthReport> {
  requireStaffOrAdmin(actor);
  const { db } = deps;
  const now = deps.now();
  const since = new Date(now.getTime() - WEBHOOK_WINDOW_MS);
  const [outbox, problems, summaries, recentRuns, webhooks, unmatched, money] = await Promise.all([
    outboxBacklog(db),
    outboxProblems(db, LIST),
    jobSummaries(db),
    latestJobRuns(db, RECENT_RUNS),
    webhookActivity(db, since),
    unmatchedWebhooks(db, since, LIST),
    moneyProblems(db, LIST),
  ]);
  const byJob = new Map(summaries.map((s) => [s.job, s]));
  // Every job the sweeper should run, and any other name found recorded (a job since retired).
  const names = [...JOB_NAMES, ...summaries.map((s) => s.job).filter((j) => !isJobName(j))];
  const jobs = names.map((job): JobHealth => {
    const s = byJob.get(job);
    return {
      job,
      label: isJobName(job) ? JOBS[job].label : job,
      lastStatus: s?.lastStatus ?? null,
      lastStartedAt: s?.lastStartedAt ?? null,
      lastSuccessAt: s?.lastSuccessAt ?? null,
      overdue: isJobName(job) && isOverdue(job, s?.lastSuccessAt ?? null, now),
    };
  });
  const attention = jobs.filter((j) => j.overdue || j.lastStatus === "failed").length + outbox.failed +
    unmatched.length + money.length;
  return {
    now,
    outbox,
    outboxProblems: problems,
    jobs,
    recentRuns,
    webhookWindowDays: WEBHOOK_WINDOW_MS / (24 * 60 * 60_000),
    webhooks,
    unmatchedWebhooks: unmatched,
    moneyProblems: money,
    attention,
  };
}
