/**
 * The audit trail. Row changes to audited tables are logged by database
 * triggers (db/migrations/0001_identity.ts), which learn who and from where
 * through transaction-local settings that `withAuditContext` sets; events
 * that are not row changes (a login, an export) go through `recordAudit`.
 */
import { isIP } from "node:net";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";
import { isUuid } from "../lib/uuid.ts";

export interface AuditContext {
  actorId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEvent extends AuditContext {
  action: string;
  entityType: string;
  entityId?: string | null;
  diff?: Record<string, unknown> | null;
}

/** Keys dropped from any diff given to `recordAudit`, at any depth. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  "password",
  "password_hash",
  "token",
  "access_token",
  "refresh_token",
  "secret",
]);

// A user agent is attacker-chosen; keep what is useful, not whatever was sent.
const USER_AGENT_MAX = 512;

/**
 * Tells the audit triggers who is acting for the rest of this transaction.
 * Settings are transaction-local (`set_config(..., true)`), so they cannot
 * leak to the next user of a pooled connection. Absent fields are cleared.
 */
export async function withAuditContext(trx: Transaction<Database>, ctx: AuditContext): Promise<void> {
  if (!trx.isTransaction) throw new TypeError("withAuditContext needs a transaction, not a database");
  const { actorId, ip, userAgent } = normalize(ctx);
  await sql`select
    set_config('app.actor_id', ${actorId ?? ""}, true),
    set_config('app.client_ip', ${ip ?? ""}, true),
    set_config('app.user_agent', ${userAgent ?? ""}, true)`.execute(trx);
}

/** Appends an application-level event to audit_logs and returns its id. */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<string> {
  const { actorId, ip, userAgent } = normalize(event);
  const row = await db.insertInto("audit_logs")
    .values({
      actor_id: actorId,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId ?? null,
      diff: event.diff == null ? null : JSON.stringify(withoutSecrets(event.diff)),
      ip,
      user_agent: userAgent,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function normalize(
  ctx: AuditContext,
): { actorId: string | null; ip: string | null; userAgent: string | null } {
  const actorId = ctx.actorId || null;
  if (actorId !== null && !isUuid(actorId)) throw new TypeError(`Audit actorId is not a UUID: ${actorId}`);
  const ip = ctx.ip || null;
  // Checked here because a bad value would otherwise fail the cast inside a
  // trigger and take the user's own write down with it.
  if (ip !== null && isIP(ip) === 0) throw new TypeError(`Audit ip is not an IP address: ${ip}`);
  const userAgent = ctx.userAgent?.slice(0, USER_AGENT_MAX) || null;
  return { actorId, ip, userAgent };
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => !SECRET_KEYS.has(key)).map((
      [key, v],
    ) => [key, withoutSecrets(v)]),
  );
}
