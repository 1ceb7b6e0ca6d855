/**
 * The sign-in limits that refuse (429): failed sign-ins, 5 per 15 minutes
 * for one identifier from one address (LOGIN_PER_ACCOUNT_IP) and 100 per
 * 15 minutes from one address for all identifiers (LOGIN_PER_IP). Sign-ins
 * that succeed are not counted, so any number of people behind one shared
 * address (a carrier's NAT, a college's Wi-Fi) can sign in.
 *
 * An attempt is counted before its password is checked, which holds its
 * place under both limits: concurrent guesses cannot all slip past the
 * limit while their passwords are being hashed, and refusing costs no
 * bcrypt work. A right password gives the place back (`passwordRight`).
 *
 * Failures are counted per (identifier, address), never per identifier
 * alone: an attacker failing against someone's account from other addresses
 * uses up only their own addresses' allowance, and the owner still signs in
 * from theirs. An account under attack from many addresses is defended by
 * step-up instead (step_up.ts), which asks for an e-mailed code but never
 * locks the owner out.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { RateLimited } from "../../domain/errors.ts";
import { tryAgainIn } from "../../domain/wait_time.ts";
import { consume, ipSubject, LOGIN_PER_ACCOUNT_IP, LOGIN_PER_IP, release, reset } from "../rate_limit.ts";

/** An attempt counted under both limits, until it turns out not to be a failure. */
export interface HeldAttempt {
  ip: string;
  accountIp: string;
  countedAt: Date;
}

/**
 * Counts a sign-in attempt as a failure until its password proves right,
 * or throws RateLimited, saying when to try again, when either limit is
 * already reached. A refused attempt checks no password, so it is not a
 * failure: neither count keeps it.
 */
export async function holdAttempt(
  db: Kysely<Database>,
  identifier: string,
  ip: string | null,
  now: Date,
): Promise<HeldAttempt> {
  // One bucket per address (an IPv6 client's whole /64); requests with no
  // known address (a socket without a proxy) share one, which fails safe.
  const address = ip ? ipSubject(ip) : "unknown";
  const held = { ip: address, accountIp: `${identifier}|${address}`, countedAt: now };
  const account = await consume(db, LOGIN_PER_ACCOUNT_IP, held.accountIp, now);
  const network = await consume(db, LOGIN_PER_IP, held.ip, now);
  if (account.allowed && network.allowed) return held;
  await giveBack(db, held);
  const wait = Math.max(account.retryAfterSeconds, network.retryAfterSeconds);
  throw new RateLimited(wait, `${account.allowed ? FROM_NETWORK : FOR_ACCOUNT} ${tryAgainIn(wait)}`);
}

const FOR_ACCOUNT = "Too many failed sign-ins to this account from your network.";
const FROM_NETWORK = "Too many failed sign-ins from your network.";

/**
 * The password was right: the attempt was no failure. Whoever typed it knows
 * the password, so this identifier's earlier failures from this address are
 * forgiven too; the address's failures for other identifiers are not.
 */
export async function passwordRight(db: Kysely<Database>, held: HeldAttempt): Promise<void> {
  await reset(db, LOGIN_PER_ACCOUNT_IP, held.accountIp);
  await release(db, LOGIN_PER_IP, held.ip, held.countedAt);
}

async function giveBack(db: Kysely<Database>, held: HeldAttempt): Promise<void> {
  await release(db, LOGIN_PER_ACCOUNT_IP, held.accountIp, held.countedAt);
  await release(db, LOGIN_PER_IP, held.ip, held.countedAt);
}
