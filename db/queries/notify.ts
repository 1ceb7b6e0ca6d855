/** PostgreSQL's NOTIFY: delivered to listeners when (and only if) the calling transaction commits. */
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";

export async function notifyChannel(db: Kysely<Database>, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}
