/**
 * Statements per request for the bench's database-bound targets: the app in
 * process on the same seeded database, its database handle counting what it
 * executes (as tests/statement_counts_test.ts does, where a page's count is
 * also held flat in the rows it lists). Each target is requested once to warm
 * caches and the genres, then once counted.
 */
import { openDatabase } from "../db/client.ts";
import { openTestApp } from "../tests/support/app.ts";
import { StatementCounter } from "../tests/support/statement_counter.ts";
import { organizerBookingPage } from "./workflow.ts";

export interface DatabaseTarget {
  label: string;
  /** null: the demo organizer's confirmed booking's page. */
  path: string | null;
  /** As the demo organizer. */
  signedIn: boolean;
  /** Printed for comparison, with no budget of its own. */
  figuresOnly?: true;
}

/** The statements each target runs, by label. */
export async function statementsPerRequest(
  databaseUrl: string,
  targets: DatabaseTarget[],
): Promise<Map<string, number>> {
  const counter = new StatementCounter();
  const handle = await openDatabase({ driver: "pg", url: databaseUrl, pgliteDir: "" });
  const app = await openTestApp({}, { database: { ...handle, db: handle.db.withPlugin(counter) } });
  try {
    // In process, the app takes paths: the origin is empty.
    const booking = await organizerBookingPage("", (path, init) => app.request(path, init));
    const counts = new Map<string, number>();
    for (const { label, path, signedIn } of targets) {
      const init = { headers: signedIn ? booking.headers : {} };
      await (await app.request(path ?? booking.path, init)).arrayBuffer();
      counter.count = 0;
      const res = await app.request(path ?? booking.path, init);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${label} answered ${res.status}`);
      counts.set(label, counter.count);
    }
    return counts;
  } finally {
    await app.close();
  }
}
