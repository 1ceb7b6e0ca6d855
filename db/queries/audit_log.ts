/**
 * Reading the audit log (audit_logs, append-only; written by db/audit.ts and the row-change triggers) for
 * the admin console: filtered, newest first, a page at a time by keyset, with who acted by name.
 *
 *   select a.*, u.email as "actorEmail", u.display_name as "actorName",
 *          to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "atKey"
 *   from audit_logs a left join users u on u.id = a.actor_id
 *   where a.actor_id = $actor and a.action = $action and a.entity_type = $type and a.entity_id = $entity
 *     and a.at >= $from and a.at < $to
 *     and (a.at, a.id) < ($afterAt::timestamptz, $afterId::uuid)
 *   order by a.at desc, a.id desc
 *   limit $limit
 *
 * Each filter has an index that leads with it and ends in `at` (0001_identity, 0028's action index), so a
 * page reads only its rows. The cursor keeps `at` to the microsecond, as text: a JavaScript Date would round
 * it to the millisecond, and rows written within one millisecond would be skipped or repeated.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";

export interface AuditFilter {
  actorId?: string;
  action?: string;
  /** One type, or several (the users trigger logs "users", the account's own events say "user"). */
  entityType?: string | readonly string[];
  entityId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface AuditRowView {
  id: string;
  at: Date;
  /** `at` to the microsecond, for cursors. */
  atKey: string;
  actorId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  diff: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
}

function auditRows(db: Kysely<Database>) {
  return db.selectFrom("audit_logs as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .select([
      "a.id",
      "a.at",
      sql<string>`to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("atKey"),
      "a.actor_id as actorId",
      "u.email as actorEmail",
      "u.display_name as actorName",
      "a.action",
      "a.entity_type as entityType",
      "a.entity_id as entityId",
      "a.diff",
      sql<string | null>`host(a.ip)`.as("ip"),
      "a.user_agent as userAgent",
    ]);
}

export async function findAuditRows(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { after?: { atKey: string; id: string }; limit: number },
): Promise<AuditRowView[]> {
  let query = auditRows(db);
  if (filter.actorId) query = query.where("a.actor_id", "=", filter.actorId);
  if (filter.action) query = query.where("a.action", "=", filter.action);
  const types = filter.entityType;
  if (typeof types === "string") query = query.where("a.entity_type", "=", types);
  else if (types) query = query.where("a.entity_type", "in", types);
  if (filter.entityId) query = query.where("a.entity_id", "=", filter.entityId);
  if (filter.from) query = query.where("a.at", ">=", filter.from);
  if (filter.to) query = query.where("a.at", "<", filter.to);
  const after = page.after;
  if (after) {
    query = query.where(sql<boolean>`(a.at, a.id) < (${after.atKey}::timestamptz, ${after.id}::uuid)`);
  }
  return await query.orderBy("a.at", "desc").orderBy("a.id", "desc").limit(page.limit).execute();
}

export async function findAuditRow(db: Kysely<Database>, id: string): Promise<AuditRowView | undefined> {
  return await auditRows(db).where("a.id", "=", id).executeTakeFirst();
}

/**
 * The distinct values of a column that leads an index, by skipping from one to the next through the index
 * (PostgreSQL before 18 has no skip scan, and `select distinct` would read the whole log):
 *
 *   with recursive v as (
 *     (select action as value from audit_logs order by action limit 1)
 *     union all
 *     select (select action from audit_logs where action > v.value order by action limit 1) from v
 *     where v.value is not null)
 *   select value from v where value is not null
 */
export async function distinctAuditValues(
  db: Kysely<Database>,
  column: "action" | "entity_type",
): Promise<string[]> {
  const c = sql.ref(column);
  const { rows } = await sql<{ value: string }>`with recursive v as (
      (select ${c} as value from audit_logs order by ${c} limit 1)
      union all
      select (select ${c} from audit_logs where ${c} > v.value order by ${c} limit 1) from v
      where v.value is not null)
    select value from v where value is not null`.execute(db);
  return rows.map((r) => r.value);
}
