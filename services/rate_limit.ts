/**
 * Rate limits kept in the database, so that every app instance counts
 * against the same number (PGlite in development, PostgreSQL in production).
 *
 * Each (limit, subject) has a fixed window that opens with its first hit and
 * lasts `windowSeconds`; the first hit after it has ended opens the next one.
 * Counting is one `insert ... on conflict do update` statement: PostgreSQL
 * locks the row for the update and applies the increment to the newest
 * version, so concurrent requests on any number of connections are counted
 * exactly, with no read-then-write race and no transaction needed.
 *
 * Known trade-off of fixed windows: a client can spend one window's allowance
 * at its end and the next one's at its start, so up to 2 x max in a short
 * burst. For these limits (brute force, abuse) that is acceptable.
 *
 * Time comes from the caller's clock (`now`). App instances keep NTP time,
 * and milliseconds of skew do not matter for windows of minutes.
 *
 * A hit can be taken back (`release`) when the request turns out not to be
 * what the limit counts: the sign-in limits count an attempt before its
 * password is checked, so that concurrent guesses cannot all slip under the
 * limit, and give the hit back when the password was right.
 *
 * One limit is counted per instance instead (see `InstanceCounters`): the
 * anonymous per-address API limit, which every anonymous API request would
 * otherwise pay for with a database write.
 */
import type { Kysely } from "kysely";
import { RateLimited } from "../domain/errors.ts";
import type { Database } from "../db/schema.ts";

export interface Limit {
  /** Part of the stored key: renaming a limit starts every counter of it afresh. */
  readonly name: string;
  readonly max: number;
  readonly windowSeconds: number;
  /**
   * "instance": counted in each app instance's memory (`InstanceCounters`),
   * not in the database. Only for a generous abuse limit, where N instances
   * allowing up to N x max and a restart forgiving everyone are acceptable,
   * and never for a limit that guards credentials.
   */
  readonly counted?: "database" | "instance";
}

export interface RateLimitResult {
  allowed: boolean;
  /** How many more requests the current window allows. */
  remaining: number;
  /** When refused, the seconds to wait (the Retry-After header); 0 when allowed. */
  retryAfterSeconds: number;
  /** Seconds until the current window ends and counting starts over. */
  resetSeconds: number;
}

const MINUTES_15 = 15 * 60;
const HOUR = 60 * 60;

// Failed sign-ins, never successful ones (services/auth/login_limits.ts).
// Spec section 5.4's "5 attempts per 15 minutes" is this one, keyed on
// (identifier, address), so an attacker elsewhere cannot lock a victim out.
export const LOGIN_PER_ACCOUNT_IP: Limit = { name: "login_account_ip", max: 5, windowSeconds: MINUTES_15 };
// Failed sign-ins from one address for all identifiers together: a ceiling
// on guessing across many accounts (password spraying) from one place, set
// so that a shared address does not reach it in normal use. In India many
// people share one public IPv4 address: a mobile carrier's NAT splits an
// address's ports into blocks, one per subscriber, so hundreds share it at
// once; a college or office Wi-Fi puts up to a few thousand behind one.
// What counts is how many of them fail to sign in here in one quarter hour.
// Take 1,000 people on an address, 5% of them signing in to Artist Space
// within the same 15 minutes (50 sign-ins, far more than a booking site sees
// from one network) and one in five of those mistyping twice (login failure
// rates of 10-20% are common): 20 failures. 100 is five times that. An
// attacker on one address gets 400 guesses an hour, at most 5 per account
// per quarter hour, and an account guessed 10 times in an hour from anywhere
// steps up to an e-mailed code (LOGIN_PER_ACCOUNT). IPv6 is counted per /64,
// which a carrier gives one subscriber, so it is not shared this way.
export const LOGIN_PER_IP: Limit = { name: "login_ip", max: 100, windowSeconds: MINUTES_15 };
// Sign-ins for one identifier from all addresses together, forgotten on a
// success. Past it the auth service does not refuse outright (that would
// lock the owner out) but asks for a code e-mailed to the account: step-up.
export const LOGIN_PER_ACCOUNT: Limit = { name: "login_account", max: 10, windowSeconds: HOUR };
// The step-up code e-mail, per identifier: an attacker cannot flood the owner's inbox.
export const LOGIN_CODE_MAIL: Limit = { name: "login_code_mail", max: 1, windowSeconds: 60 };
// Wrong passwords typed to sign a contract, per signed-in person: a stolen
// session must not become a way to guess the account's password.
export const SIGNING_PASSWORD_PER_USER: Limit = {
  name: "signing_password",
  max: 5,
  windowSeconds: MINUTES_15,
};
export const API_PER_USER: Limit = { name: "api_user", max: 100, windowSeconds: MINUTES_15 };
// A conversation is many small requests (a send, a read receipt, and polling every few seconds when live
// delivery is not available), so messages count against their own, larger allowance.
export const MESSAGES_PER_USER: Limit = { name: "messages_user", max: 1200, windowSeconds: MINUTES_15 };
// Checked on every anonymous API request, so counted in memory: a database
// write per request cut the cheapest endpoint to a few hundred a second.
export const PUBLIC_PER_IP: Limit = {
  name: "public_ip",
  max: 1000,
  windowSeconds: HOUR,
  counted: "instance",
};

/**
 * Counts one request against `limit` for `subject` and says whether it may
 * proceed. Refused requests are counted too; they do not move the window's
 * end, and the count shows how hard a subject is pushing.
 *
 * ```sql
 * insert into "rate_limits" ("key", "window_start", "hits") values ($1, $2, $3)
 * on conflict ("key") do update set
 *   "window_start" = case when "rate_limits"."window_start" <= $4
 *     then "excluded"."window_start" else "rate_limits"."window_start" end,
 *   "hits" = case when "rate_limits"."window_start" <= $5
 *     then 1 else "rate_limits"."hits" + $6 end
 * returning "hits", "window_start"
 * ```
 */
export async function consume(
  db: Kysely<Database>,
  limit: Limit,
  subject: string,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const ended = windowEndedBy(limit, now);
  const row = await db.insertInto("rate_limits")
    .values({ key: await keyOf(limit, subject), window_start: now, hits: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => {
        const expired = eb("rate_limits.window_start", "<=", ended);
        return {
          window_start: eb.case().when(expired).then(eb.ref("excluded.window_start"))
            .else(eb.ref("rate_limits.window_start")).end(),
          hits: eb.case().when(expired).then(1).else(eb("rate_limits.hits", "+", 1)).end(),
        };
      })
    )
    .returning(["hits", "window_start"])
    .executeTakeFirstOrThrow();
  return verdict(limit, row.hits <= limit.max, row, now);
}

/**
 * Whether the next `consume` would be allowed, without counting anything:
 * for throttling before expensive work (a password hash) that should only
 * be counted when it fails.
 *
 * ```sql
 * select "hits", "window_start" from "rate_limits" where "key" = $1 and "window_start" > $2
 * ```
 */
export async function peek(
  db: Kysely<Database>,
  limit: Limit,
  subject: string,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const row = await db.selectFrom("rate_limits")
    .select(["hits", "window_start"])
    .where("key", "=", await keyOf(limit, subject))
    .where("window_start", ">", windowEndedBy(limit, now))
    .executeTakeFirst();
  return verdict(limit, (row?.hits ?? 0) < limit.max, row, now);
}

/** `consume`, throwing RateLimited (429 with Retry-After at the API edge) when refused. */
export async function enforce(
  db: Kysely<Database>,
  limit: Limit,
  subject: string,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const result = await consume(db, limit, subject, now);
  if (!result.allowed) throw new RateLimited(result.retryAfterSeconds);
  return result;
}

/**
 * Takes back one hit that `consume` counted with `now` = `countedAt`. Only
 * the window that was counting at that instant is touched: if it has ended
 * since, the hit went with it, and a newer window is not the one it was
 * counted in. One atomic decrement, exact under concurrency like `consume`.
 *
 * ```sql
 * update "rate_limits" set "hits" = "hits" - 1
 * where "key" = $1 and "window_start" <= $2 and "window_start" > $3 and "hits" > 0
 * ```
 */
export async function release(
  db: Kysely<Database>,
  limit: Limit,
  subject: string,
  countedAt: Date,
): Promise<void> {
  await db.updateTable("rate_limits")
    .set((eb) => ({ hits: eb("hits", "-", 1) }))
    .where("key", "=", await keyOf(limit, subject))
    .where("window_start", "<=", countedAt)
    .where("window_start", ">", windowEndedBy(limit, countedAt))
    .where("hits", ">", 0)
    .execute();
}

/** Forgets the subject's count, e.g. after a successful login. */
export async function reset(db: Kysely<Database>, limit: Limit, subject: string): Promise<void> {
  await db.deleteFrom("rate_limits").where("key", "=", await keyOf(limit, subject)).execute();
}

/**
 * Deletes counters whose window started before `olderThan`; returns how
 * many. Pass now minus the longest window in use (1 hour for the limits
 * above): a younger row may still be counting, and deleting it would
 * quietly forgive its subject.
 */
export async function prune(db: Kysely<Database>, olderThan: Date): Promise<number> {
  const { numDeletedRows } = await db.deleteFrom("rate_limits")
    .where("window_start", "<", olderThan)
    .executeTakeFirstOrThrow();
  return Number(numDeletedRows);
}

/**
 * The same fixed windows and verdicts as `consume`, counted in this
 * process's memory: for `counted: "instance"` limits. At most `maxSubjects`
 * windows are kept; when full, the window that started longest ago is
 * dropped (its subject starts counting afresh), so a flood of addresses can
 * cost memory but never exhaust it.
 */
export class InstanceCounters {
  /** In window start order: a window that starts again is moved to the end. */
  readonly #windows = new Map<string, { start: number; hits: number }>();

  constructor(private readonly maxSubjects = 100_000) {}

  consume(limit: Limit, subject: string, now: Date = new Date()): RateLimitResult {
    const key = `${limit.name}:${subject}`;
    const t = now.getTime();
    let window = this.#windows.get(key);
    if (!window || window.start <= t - limit.windowSeconds * 1000) {
      if (window) this.#windows.delete(key);
      else if (this.#windows.size >= this.maxSubjects) {
        this.#windows.delete(this.#windows.keys().next().value!);
      }
      window = { start: t, hits: 0 };
      this.#windows.set(key, window);
    }
    window.hits++;
    return verdict(limit, window.hits <= limit.max, {
      hits: window.hits,
      window_start: new Date(window.start),
    }, now);
  }

  /** `consume`, throwing RateLimited when refused, like `enforce`. */
  enforce(limit: Limit, subject: string, now: Date = new Date()): RateLimitResult {
    const result = this.consume(limit, subject, now);
    if (!result.allowed) throw new RateLimited(result.retryAfterSeconds);
    return result;
  }
}

/**
 * The subject for a per-IP limit. An IPv6 client usually controls a whole
 * /64 (and can pick a new address per request), so IPv6 is limited per /64;
 * an IPv4-mapped IPv6 address counts as the IPv4 address it carries.
 */
export function ipSubject(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1];
  const groups = ipv6Groups(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** The eight 16-bit groups of an IPv6 address, in hex without leading zeros; undefined if not IPv6. */
function ipv6Groups(address: string): string[] | undefined {
  // A trailing dotted IPv4 part stands for the last two groups; only their count matters here.
  const halves = address.replace(/\d{1,3}(?:\.\d{1,3}){3}$/, "0:0").split("::");
  if (halves.length > 2) return undefined;
  const [head, tail] = halves.map((half) => half === "" ? [] : half.split(":"));
  const missing = 8 - head.length - (tail?.length ?? 0);
  if (tail ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...(tail ?? [])];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16).toString(16));
}

/** A window that started at or before this instant has ended by `now`. */
function windowEndedBy(limit: Limit, now: Date): Date {
  return new Date(now.getTime() - limit.windowSeconds * 1000);
}

function verdict(
  limit: Limit,
  allowed: boolean,
  row: { hits: number; window_start: Date } | undefined,
  now: Date,
): RateLimitResult {
  const endsAt = (row?.window_start ?? now).getTime() + limit.windowSeconds * 1000;
  const resetSeconds = Math.max(0, Math.ceil((endsAt - now.getTime()) / 1000));
  return {
    allowed,
    remaining: Math.max(0, limit.max - (row?.hits ?? 0)),
    retryAfterSeconds: allowed ? 0 : resetSeconds,
    resetSeconds,
  };
}

/**
 * `${limit.name}:${sha-256 hex of subject}`: subjects are e-mail addresses,
 * user ids and IPs, none of which this table needs to hold in clear.
 */
async function keyOf(limit: Limit, subject: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(subject));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${limit.name}:${hex}`;
}
