/**
 * Statements sent to PostgreSQL as named prepared statements, so a
 * connection parses and plans each once and then only binds values. Planning
 * was most of what PostgreSQL spent on our pages: the booking page's nine
 * statements took 1.7 ms of its time unprepared and 0.6 ms prepared, the
 * dashboard's seven 3.6 ms and 0.5 ms (its booking-lists union plans in
 * 0.8 ms and runs in 0.14).
 *
 * After five runs PostgreSQL may keep one generic plan for any values, when
 * it estimates that plan no worse than the ones made for each value. That
 * estimate is blind where the best plan depends on how selective a pattern
 * is: a text search reads a rare word from its GIN index but walks the trust
 * index for a common one, and a LIKE prefix or a trigram match is the same.
 * Statements with such an operator are sent unnamed, planned for their
 * values every time.
 *
 * Only statements with parameters are named (a text without any may hold
 * several statements, as migrations do, which the extended protocol cannot
 * carry), and at most `MAX_NAMES` distinct texts, each named on its second
 * run: PostgreSQL keeps every prepared statement for the life of its
 * session, so texts that vary (an `in` list's length) must not grow that
 * without bound, nor take the places of the statements pages run on every
 * request.
 *
 * A migration that changes a table's columns while an instance runs makes
 * PostgreSQL refuse a prepared `select *` of it ("cached plan must not change
 * result type", before running it). Outside a transaction the statement is
 * sent again unnamed; inside one the transaction fails as any error fails it.
 * Either way that connection sends unnamed statements from then on.
 */
/** Distinct statement texts named per pool (and so prepared, at most, on each of its connections). */
const MAX_NAMES = 200;

/** Operators whose selectivity depends on the pattern they are given: full text, LIKE, pg_trgm. */
const PLANNED_FOR_VALUES = /\s@@\s|\s(?:i?like)\s|\s%\s|\bsimilarity\(/i;

/** SQLSTATE 0A000, raised when a prepared statement's result columns changed under it. */
const STALE_PLAN = "cached plan must not change result type";

/** Which texts get names; one per pool, shared by its connections. */
export class StatementNames {
  readonly #names = new Map<string, string>();
  /** Texts run once, not yet named; cleared when it grows large, so a stream of one-off texts costs nothing. */
  readonly #seen = new Set<string>();

  constructor(private readonly maxNames = MAX_NAMES) {}

  /** The name to prepare `text` under, or undefined to send it unnamed. */
  nameFor(text: string, parameterCount: number): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (parameterCount === 0 || this.#names.size >= this.maxNames || PLANNED_FOR_VALUES.test(text)) {
      return undefined;
    }
    if (!this.#seen.has(text)) {
      if (this.#seen.size >= this.maxNames * 10) this.#seen.clear();
      this.#seen.add(text);
      return undefined;
    }
    this.#seen.delete(text);
    const name = `as_${this.#names.size}`;
    this.#names.set(text, name);
    return name;
  }

  /** The texts named so far. */
  named(): string[] {
    return [...this.#names.keys()];
  }
}

/** What is used of a client class: pg's, or Neon's (pg underneath, at another version). */
type ClientClass = new (...args: any[]) => {
  query(...args: any[]): any;
  /** The server's last word on the session: "I" outside a transaction; absent from Neon's older pg. */
  getTransactionStatus?(): string | null;
};

/**
 * `Base` (pg's Client, or Neon's, which is pg's underneath) sending the statements `names` names as
 * prepared ones. Only the (text, values) form Kysely uses is changed; every other call passes through.
 */
export function preparingClient<C extends ClientClass>(Base: C, names: StatementNames): C {
  return class PreparingClient extends Base {
    #preparing = true;

    override query(config: any, values?: any, callback?: any): any {
      if (
        typeof config !== "string" || !Array.isArray(values) || callback !== undefined || !this.#preparing
      ) {
        return super.query(config, values, callback);
      }
      const name = names.nameFor(config, values.length);
      if (name === undefined) return super.query(config, values);
      return this.#prepared(name, config, values);
    }

    async #prepared(name: string, text: string, values: unknown[]): Promise<unknown> {
      try {
        return await super.query({ name, text, values });
      } catch (err) {
        if (!(err instanceof Error && err.message === STALE_PLAN)) throw err;
        this.#preparing = false;
        if (this.getTransactionStatus?.() !== "I") throw err;
        return await super.query(text, values);
      }
    }
  } as C;
}
