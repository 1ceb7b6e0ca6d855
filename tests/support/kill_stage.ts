/**
 * The stage of a SIGKILL test: the real app as a subprocess on a scratch
 * PostgreSQL database (PGlite would die with the process), the services on
 * the same database for the set-up, and a second connection that holds a row
 * so that a request stops inside its transaction where the test wants it.
 * `killMidway` kills the server there and waits until PostgreSQL has rolled
 * its transaction back; the test then checks that nothing of it is left.
 */
import assert from "node:assert/strict";
// @ts-types="@types/pg"
import pg from "pg";
import type { Kysely } from "kysely";
import { openDatabase } from "../../db/client.ts";
import type { Database } from "../../db/schema.ts";
import { accessTokenSigner } from "../../services/auth/access_token.ts";
import * as bookings from "../../services/bookings/bookings.ts";
import type { WorkflowDeps } from "../../services/notifications.ts";
import { signedInAt } from "./contracts.ts";
import { scratchPostgres } from "./db.ts";
import { act, cityId, type Person, person } from "./fixtures.ts";
import { type RunningServer, startServer } from "./server.ts";
import { waitFor } from "./wait.ts";
import { outboxDeps } from "./workflow_deps.ts";

const DAY = 24 * 60 * 60 * 1000;
const meta = { ip: "203.0.113.41", userAgent: "kill-test" };

export interface KillStage {
  db: Kysely<Database>;
  /** The services' dependencies, on the server's database, e-mail through its outbox. */
  deps: WorkflowDeps;
  appSecret: string;
  /** A new server on the stage's database (each is closed at the end). */
  start(): Promise<RunningServer>;
  /** An organizer's offer to an artist's act, made through the services. */
  offer(title: string): Promise<{ organizer: Person; artist: Person; actId: string; bookingId: string }>;
  /** A bearer token of a new session of `who`, signed as the servers sign theirs. */
  tokenFor(who: Person): Promise<string>;
  /**
   * Holds the row `lockSql` selects FOR UPDATE on the other connection, sends `request`, and waits until
   * its transaction queues for that row having written to `written` (a table): it stopped midway.
   */
  blockMidway(
    lock: { sql: string; params: unknown[] },
    written: string,
    request: () => Promise<Response>,
  ): Promise<{ pid: number; outcome: Promise<string> }>;
  /** Kills `server` with SIGKILL while the request waits, and waits for PostgreSQL to roll it back. */
  killMidway(server: RunningServer, blocked: { pid: number; outcome: Promise<string> }): Promise<void>;
}

export async function onKillStage(name: string, test: (stage: KillStage) => Promise<void>): Promise<void> {
  const appSecret = `${name}-app-secret-0123456789abcdef0123456789`;
  const jwtSecret = `${name}-jwt-secret-0123456789abcdef0123456789`;
  const scratch = await scratchPostgres();
  const handle = await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" });
  const db = handle.db;
  const locker = new pg.Client({ connectionString: scratch.url });
  await locker.connect();
  const servers: RunningServer[] = [];
  const deps = outboxDeps(db, { appSecret });
  const stage: KillStage = {
    db,
    deps,
    appSecret,
    async start() {
      const server = await startServer({
        env: {
          DATABASE_URL: scratch.url,
          DATABASE_DRIVER: "pg",
          APP_ENV: "development",
          APP_SECRET: appSecret,
          JWT_SECRET: jwtSecret,
        },
      });
      servers.push(server);
      return server;
    },
    async offer(title) {
      const organizer = await person(db, "organizer");
      const artist = await person(db, "artist");
      const { id: actId } = await act(db, artist.userId);
      const { id: bookingId } = await bookings.createBooking(deps, organizer, {
        actId,
        title,
        startsAt: new Date(Date.now() + 40 * DAY).toISOString(),
        durationMinutes: 90,
        cityId: await cityId(db),
        address: "Shanmukhananda Hall",
        offer: { fee: 4_000_000, depositBps: 2500 },
      }, meta);
      return { organizer, artist, actId, bookingId };
    },
    async tokenFor(who) {
      const session = await signedInAt(db, who, new Date());
      return await (await accessTokenSigner(jwtSecret)).issue(
        { userId: who.userId, sessionId: session.sessionId },
        new Date(),
      );
    },
    async blockMidway(lock, written, request) {
      await locker.query("begin");
      await locker.query(lock.sql, lock.params);
      const outcome = request().then(
        (res) => `answered ${res.status}`,
        (err: Error) => `failed: ${err.message}`,
      );
      let blocked: { pid: number; wrote: boolean } | undefined;
      await waitFor(async () => {
        const { rows } = await locker.query<{ pid: number; wrote: boolean }>(
          `select a.pid, exists (
             select 1 from pg_locks l
              where l.pid = a.pid and l.relation = $1::regclass and l.mode = 'RowExclusiveLock'
           ) as wrote
             from pg_stat_activity a
            where a.datname = current_database() and a.wait_event_type = 'Lock'
              and a.pid <> pg_backend_pid()`,
          [written],
        );
        blocked = rows[0];
        return blocked !== undefined;
      }, { timeoutMs: 15_000, what: "the request's transaction waiting for the held row" });
      assert.ok(blocked?.wrote, `the request wrote to ${written} in its transaction before it waited`);
      return { pid: blocked.pid, outcome };
    },
    async killMidway(server, blocked) {
      Deno.kill(server.pid, "SIGKILL");
      assert.match(await blocked.outcome, /^failed/);
      await server.close();
      await locker.query("rollback");
      // Its backend finds the client gone as soon as the row is released, and rolls back.
      await waitFor(async () => {
        const { rows } = await locker.query("select 1 from pg_stat_activity where pid = $1", [blocked.pid]);
        return rows.length === 0;
      }, { timeoutMs: 15_000, what: "the killed server's backend to end" });
    },
  };
  try {
    await test(stage);
  } finally {
    for (const server of servers) await server.close();
    await locker.end().catch(() => {});
    await handle.close();
    await scratch.drop();
  }
}
