/**
 * Counts the SQL statements a database handle executes, when plugged into it
 * (`db.withPlugin(counter)`): by their results, since a query nested in
 * another (a search's tier) passes through transformQuery too. BEGIN and
 * COMMIT do not pass through plugins.
 */
import type { KyselyPlugin } from "kysely";

export class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery: KyselyPlugin["transformQuery"] = (args) => args.node;
  transformResult: KyselyPlugin["transformResult"] = (args) => {
    this.count++;
    return Promise.resolve(args.result);
  };
}
