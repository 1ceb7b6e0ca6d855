/**
 * Runs of the background jobs (0028_suspensions_job_runs): written by the sweeper around each job, read by
 * the health page, pruned to the newest runs of each job.
 *
 *   insert into job_runs (job, started_at) values ($job, $now) returning id
 *   update job_runs set status = 'succeeded' | 'failed', finished_at = $now, result = $result, error = $error
 *     where id = $id
 *   delete from job_runs where id in (select id from (select id, row_number() over
 *     (partition by job order by started_at desc, id desc) as n from job_runs) r where n > $keep)
 */
import { type Kysely, sql } from "kysely";
import type { Database, JobRunStatus } from "../schema.ts";

export async function startJobRun(db: Kysely<Database>, job: string, at: Date): Promise<string> {
  const row = await db.insertInto("job_runs").values({ job, started_at: at }).returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishJobRun(
  db: Kysely<Database>,
  id: string,
  outcome:
    | { status: "succeeded"; result: Record<string, unknown>; at: Date }
    | { status: "failed"; error: string; at: Date },
): Promise<void> {
  await db.updateTable("job_runs").set({
    status: outcome.status,
    finished_at: outcome.at,
    result: outcome.status === "succeeded" ? JSON.stringify(outcome.result) : null,
    error: outcome.status === "failed" ? outcome.error : null,
  }).where("id", "=", id).execute();
}

/** Keeps the newest `keep` runs of each job; how many older ones went. */
export async function pruneJobRuns(db: Kysely<Database>, keep: number): Promise<number> {
  const result = await db.deleteFrom("job_runs").where("id", "in", (eb) =>
    eb.selectFrom(
      eb.selectFrom("job_runs").select([
        "id",
        sql<number>`row_number() over (partition by job order by started_at desc, id desc)`.as("n"),
      ]).as("r"),
    ).select("r.id").where("r.n", ">", keep)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface JobRunView {
  id: string;
  job: string;
  status: JobRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  result: Record<string, unknown> | null;
  error: string | null;
}

/** The newest runs of every job, newest first. */
export async function latestJobRuns(db: Kysely<Database>, limit: number): Promise<JobRunView[]> {
  return await db.selectFrom("job_runs").select([
    "id",
    "job",
    "status",
    "started_at as startedAt",
    "finished_at as finishedAt",
    "result",
    "error",
  ]).orderBy("started_at", "desc").orderBy("id", "desc").limit(limit).execute();
}

/** Per job: its last run of any outcome, and when it last succeeded. */
export async function jobSummaries(
  db: Kysely<Database>,
): Promise<{ job: string; lastStatus: JobRunStatus; lastStartedAt: Date; lastSuccessAt: Date | null }[]> {
  const { rows } = await sql<
    { job: string; lastStatus: JobRunStatus; lastStartedAt: Date; lastSuccessAt: Date | null }
  >`select distinct on (job) job, status as "lastStatus", started_at as "lastStartedAt",
      (select max(s.finished_at) from job_runs s where s.job = r.job and s.status = 'succeeded')
        as "lastSuccessAt"
    from job_runs r order by job, started_at desc, id desc`.execute(db);
  return rows.map((r) => ({
    ...r,
    lastStartedAt: new Date(r.lastStartedAt),
    lastSuccessAt: r.lastSuccessAt === null ? null : new Date(r.lastSuccessAt),
  }));
}
