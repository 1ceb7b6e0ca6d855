/**
 * Sessions and their tokens. A session is one sign-in on one device and also
 * the family of its refresh tokens: each refresh token works once and is
 * replaced on use; presenting one that was already used means it was copied,
 * so the whole session ends.
 *
 *   browser: idle timeout 30 minutes, absolute 7 days (cookies)
 *   api:     absolute 30 days (mobile and API clients)
 */
import { type Kysely, sql } from "kysely";
import { recordAudit } from "../../db/audit.ts";
import { type HeaderCounts, unreadCountColumns } from "../../db/queries/header_counts.ts";
import type { Actor } from "../../domain/access.ts";
import { Unauthorized } from "../../domain/errors.ts";
import type { RoleName } from "../../domain/roles.ts";
import type { Database, SessionKind } from "../../db/schema.ts";
import type { AccessTokenSigner } from "./access_token.ts";
import { ACCESS_TOKEN_SECONDS } from "./access_token.ts";
import { randomToken, tokenDigest } from "./secrets.ts";

export const BROWSER_IDLE_SECONDS = 30 * 60;
const LIFETIME_SECONDS: Record<SessionKind, number> = {
  browser: 7 * 24 * 3600,
  api: 30 * 24 * 3600,
};
/** last_seen_at is written at most this often: an idle timeout needs minutes, not every request. */
const TOUCH_AFTER_SECONDS = 60;
/**
 * A browser loading a page and an island's fetch at once may both present the
 * same refresh cookie; the second is a race, not a theft, when it comes this
 * soon after the first, on the same session.
 */
export const BROWSER_RACE_SECONDS = 20;

export interface IssuedTokens {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  refreshExpiresAt: Date;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

const seconds = (n: number) => n * 1000;

/** Starts a session for a user who just proved who they are. Run inside the caller's transaction. */
export async function startSession(
  trx: Kysely<Database>,
  signer: AccessTokenSigner,
  input: { userId: string; kind: SessionKind; client: ClientInfo; now: Date },
): Promise<IssuedTokens> {
  const expiresAt = new Date(input.now.getTime() + seconds(LIFETIME_SECONDS[input.kind]));
  const session = await trx.insertInto("sessions")
    .values({
      user_id: input.userId,
      kind: input.kind,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: expiresAt,
      ip: input.client.ip,
      user_agent: input.client.userAgent?.slice(0, 512) ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return await issueTokens(
    trx,
    signer,
    { sessionId: session.id, userId: input.userId, expiresAt },
    input.now,
  );
}

async function issueTokens(
  trx: Kysely<Database>,
  signer: AccessTokenSigner,
  session: { sessionId: string; userId: string; expiresAt: Date },
  now: Date,
): Promise<IssuedTokens> {
  const refreshToken = randomToken();
  await trx.insertInto("refresh_tokens")
    .values({
      token_hash: (await tokenDigest(refreshToken))!,
      session_id: session.sessionId,
      created_at: now,
      expires_at: session.expiresAt,
    })
    .execute();
  return {
    sessionId: session.sessionId,
    accessToken: await signer.issue({ userId: session.userId, sessionId: session.sessionId }, now),
    refreshToken,
    expiresIn: ACCESS_TOKEN_SECONDS,
    refreshExpiresAt: session.expiresAt,
  };
}

export type RefreshOutcome =
  | { kind: "rotated"; tokens: IssuedTokens; userId: string }
  /** Browser race: the session is valid, the other request carries the new cookies. */
  | { kind: "raced"; sessionId: string; userId: string };

/**
 * Trades a refresh token for a new pair. Exactly one of two concurrent uses
 * of the same token can win the conditional UPDATE; the other finds it used
 * and ends the session (unless `browserRace` allows the benign browser race).
 */
export async function rotateRefreshToken(
  db: Kysely<Database>,
  signer: AccessTokenSigner,
  refreshToken: string,
  now: Date,
  options: { browserRace?: boolean } = {},
): Promise<RefreshOutcome> {
  const digest = await tokenDigest(refreshToken);
  if (!digest) throw new Unauthorized("Invalid refresh token");
  const claimed = await db.transaction().execute(async (trx) => {
    const won = await trx.updateTable("refresh_tokens")
      .set({ used_at: now })
      .where("token_hash", "=", digest)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("session_id")
      .executeTakeFirst();
    if (!won) return null;
    const session = await liveSession(trx, won.session_id, now);
    if (!session) return null;
    const tokens = await issueTokens(trx, signer, {
      sessionId: session.id,
      userId: session.user_id,
      expiresAt: session.expires_at,
    }, now);
    await touch(trx, session, now);
    return { kind: "rotated" as const, tokens, userId: session.user_id };
  });
  if (claimed) return claimed;

  const used = await db.selectFrom("refresh_tokens")
    .select(["session_id", "used_at"])
    .where("token_hash", "=", digest)
    .executeTakeFirst();
  if (used?.used_at) {
    const session = await liveSession(db, used.session_id, now);
    const age = now.getTime() - used.used_at.getTime();
    if (options.browserRace && session?.kind === "browser" && age <= seconds(BROWSER_RACE_SECONDS)) {
      return { kind: "raced", sessionId: session.id, userId: session.user_id };
    }
    if (await revokeSession(db, used.session_id, "refresh_token_reuse", now)) {
      await recordAudit(db, {
        action: "auth.session_revoked",
        entityType: "session",
        entityId: used.session_id,
        diff: { reason: "refresh_token_reuse" },
      });
    }
  }
  throw new Unauthorized("Invalid refresh token");
}

interface LiveSession {
  id: string;
  user_id: string;
  kind: SessionKind;
  expires_at: Date;
  last_seen_at: Date;
  /** The user's roles, read with the session: one statement for every signed-in request. */
  roles: RoleName[];
  /** Read too when a page asked for its header's counts. */
  unread_notifications?: number | null;
  unread_here?: number | null;
  unread_messages?: number | null;
}

/**
 * The session if it is neither revoked, expired, idle too long, nor its user inactive; with `countsFor`,
 * that user's unread counts for that page in the same statement.
 */
async function liveSession(
  db: Kysely<Database>,
  sessionId: string,
  now: Date,
  countsFor?: { userId: string; page: string },
): Promise<LiveSession | null> {
  const row = await db.selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id",
      "sessions.user_id",
      "sessions.kind",
      "sessions.expires_at",
      "sessions.last_seen_at",
      // text[], which every driver parses into an array (an array of the enum would arrive as a string).
      sql<RoleName[]>`array(select r.name::text from user_roles ur join roles r on r.id = ur.role_id
        where ur.user_id = sessions.user_id order by r.name)`.as("roles"),
    ])
    .where("sessions.id", "=", sessionId)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", now)
    .where("users.status", "=", "active")
    .$if(countsFor !== undefined, (q) => q.select(unreadCountColumns(db, countsFor!.userId, countsFor!.page)))
    .executeTakeFirst();
  if (!row) return null;
  const idle = now.getTime() - row.last_seen_at.getTime() > seconds(BROWSER_IDLE_SECONDS);
  return row.kind === "browser" && idle ? null : row;
}

/**
 * Moves the session's idle clock, at most once a TOUCH_AFTER_SECONDS: skipped without a statement when the
 * session just read was seen more recently, and guarded in SQL too for requests racing each other.
 */
async function touch(db: Kysely<Database>, session: LiveSession, now: Date): Promise<void> {
  const due = new Date(now.getTime() - seconds(TOUCH_AFTER_SECONDS));
  if (session.last_seen_at >= due) return;
  await db.updateTable("sessions")
    .set({ last_seen_at: now })
    .where("id", "=", session.id)
    .where("last_seen_at", "<", due)
    .execute();
}

/** Who signed in; for a page that asked, with the counts its header shows. */
export type SignedIn = Actor & { headerCounts?: HeaderCounts };

/** Pages ask for their header's counts with the session, naming themselves (path and query); API requests do not. */
export interface SessionReadOptions {
  headerCountsFor?: string;
}

/**
 * The actor behind an access token: the signature and claims first (cheap,
 * rejects forgeries without a query), then the session, so a revoked session
 * or a suspended user is refused at once rather than when the token expires.
 */
export async function authenticateAccessToken(
  db: Kysely<Database>,
  signer: AccessTokenSigner,
  accessToken: string,
  now: Date,
  opts: SessionReadOptions = {},
): Promise<SignedIn | null> {
  const claims = await signer.verify(accessToken, now);
  if (!claims) return null;
  return await actorForSession(db, claims.sessionId, claims.userId, now, opts);
}

/** The actor of a live session, refreshing its idle clock. */
export async function actorForSession(
  db: Kysely<Database>,
  sessionId: string,
  userId: string,
  now: Date,
  opts: SessionReadOptions = {},
): Promise<SignedIn | null> {
  const page = opts.headerCountsFor;
  const session = await liveSession(db, sessionId, now, page === undefined ? undefined : { userId, page });
  if (!session || session.user_id !== userId) return null;
  await touch(db, session, now);
  const actor: SignedIn = { userId, sessionId: session.id, roles: session.roles };
  if (page !== undefined) {
    actor.headerCounts = {
      notifications: Number(session.unread_notifications ?? 0),
      notificationsHere: Number(session.unread_here ?? 0),
      messages: Number(session.unread_messages ?? 0),
    };
  }
  return actor;
}

export async function rolesOf(db: Kysely<Database>, userId: string): Promise<RoleName[]> {
  const rows = await db.selectFrom("user_roles")
    .innerJoin("roles", "roles.id", "user_roles.role_id")
    .select("roles.name")
    .where("user_roles.user_id", "=", userId)
    .orderBy("roles.name")
    .execute();
  return rows.map((r) => r.name);
}

export async function revokeSession(
  db: Kysely<Database>,
  sessionId: string,
  reason: string,
  now: Date,
): Promise<boolean> {
  const result = await db.updateTable("sessions")
    .set({ revoked_at: now, revoked_reason: reason })
    .where("id", "=", sessionId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends every live session of a user, except `keep` if given; returns how many ended. */
export async function revokeUserSessions(
  db: Kysely<Database>,
  userId: string,
  reason: string,
  now: Date,
  keep?: string,
): Promise<number> {
  let query = db.updateTable("sessions")
    .set({ revoked_at: now, revoked_reason: reason })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (keep) query = query.where("id", "!=", keep);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface SessionSummary {
  id: string;
  kind: SessionKind;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** How many sessions of `userId` could still make a request: what the admin console shows. */
export async function countLiveSessions(db: Kysely<Database>, userId: string, now: Date): Promise<number> {
  const idleCutoff = new Date(now.getTime() - seconds(BROWSER_IDLE_SECONDS));
  const { n } = await db.selectFrom("sessions")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .where((eb) => eb.or([eb("kind", "=", "api"), eb("last_seen_at", ">", idleCutoff)]))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function listLiveSessions(
  db: Kysely<Database>,
  userId: string,
  currentSessionId: string,
  now: Date,
): Promise<SessionSummary[]> {
  const idleCutoff = new Date(now.getTime() - seconds(BROWSER_IDLE_SECONDS));
  const rows = await db.selectFrom("sessions")
    .select(["id", "kind", "created_at", "last_seen_at", "expires_at", "ip", "user_agent"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .where((eb) => eb.or([eb("kind", "=", "api"), eb("last_seen_at", ">", idleCutoff)]))
    .orderBy("last_seen_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    ip: r.ip === null ? null : String(r.ip),
    userAgent: r.user_agent,
    current: r.id === currentSessionId,
  }));
}
