/**
 * `deno task payments:reconcile [days]`: compares what each configured
 * gateway lists for the last `days` (default 2) with the ledger, applies what
 * the ledger missed, and prints the report as JSON. Exits 1 when something
 * disagrees, so a scheduler can alert on it. The app runs the same job daily.
 */
import { loadConfig } from "../config/env.ts";
import { openDatabase } from "../db/client.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { reconcile } from "../services/payments/reconcile.ts";
import { createServices } from "../server/services.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

if (import.meta.main) {
  const [command, daysArg = "2"] = Deno.args;
  const days = Number(daysArg);
  if (command !== "reconcile" || !Number.isInteger(days) || days < 1 || days > 90) {
    console.error("usage: deno run -A cli/payments.ts reconcile [days, 1 to 90]");
    Deno.exit(2);
  }
  const config = await loadConfig();
  const database = await openDatabase(config.database);
  try {
    // A database the app has not started on yet still has its tables to compare.
    await migrateToLatest(database.db);
    const services = await createServices(config, database);
    const to = new Date();
    const report = await reconcile(
      { ...services.deps, gateways: services.payments },
      new Date(to.getTime() - days * DAY_MS),
      to,
    );
    console.log(JSON.stringify(report, null, 2));
    if (report.discrepancies.length > 0) Deno.exitCode = 1;
    await services.dispatcher.stop();
  } finally {
    await database.close();
  }
}
