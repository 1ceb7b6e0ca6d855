/**
 * The audit log viewer: staff and admins read the log, filtered by who acted (an e-mail address or an
 * account id), the action, the entity (type and id) and the days it happened (India's calendar, both ends
 * included); newest first, a page at a time; one entry with its diff as a before/after table
 * (domain/audit_diff.ts); and the filtered entries as CSV, streamed in pages so a large export never sits
 * in memory. Exporting is itself recorded, with its filter.
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import { recordAudit } from "../../db/audit.ts";
import {
  type AuditFilter,
  type AuditRowView,
  distinctAuditValues,
  findAuditRow,
  findAuditRows,
} from "../../db/queries/audit_log.ts";
import { userIdByEmail } from "../../db/queries/user_search.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, requireStaffOrAdmin } from "../../domain/access.ts";
import { type DiffTable, diffTable } from "../../domain/audit_diff.ts";
import { NotFound, ValidationError } from "../../domain/errors.ts";
import { instantInIndia } from "../../domain/india_time.ts";
import { csvLine, UTF8_BOM } from "../../lib/csv.ts";
import { decodeCursor, encodeCursor, invalidCursor } from "../../lib/cursor.ts";
import { canonicalUuid, isUuid } from "../../lib/uuid.ts";
import type { RequestMeta } from "../deps.ts";
import { parseInput, plainString, requireId } from "../validation.ts";

export type { AuditRowView };

export const AUDIT_PAGE_SIZE = 50;
/** Rows read per query while exporting. */
const EXPORT_BATCH = 500;
const DAY_MS = 24 * 60 * 60_000;

/** An empty form field means "any". */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
// The log starts with the platform; the bounds keep every date one the database and JavaScript agree on.
const day = z.iso.date({ error: "A date like 2026-12-31" })
  .refine((d) => d >= "1970-01-01" && d <= "2999-12-31", "A date between 1970 and 2999");

export const AuditQuery = z.object({
  who: optional(plainString().max(254)),
  action: optional(plainString().max(200)),
  entityType: optional(plainString().max(100)),
  entityId: optional(plainString().max(200)),
  from: optional(day),
  to: optional(day),
  cursor: optional(z.string().max(512)),
});
export type AuditQueryValues = z.output<typeof AuditQuery>;

export interface AuditPage {
  rows: AuditRowView[];
  /** The next (older) page, or null at the end. */
  nextCursor: string | null;
}

export async function auditLogPage(
  db: Kysely<Database>,
  actor: Actor | null,
  input: unknown,
): Promise<AuditPage> {
  requireStaffOrAdmin(actor);
  const query = parseInput(AuditQuery, input);
  const filter = await filterOf(db, query);
  const rows = await findAuditRows(db, filter, {
    after: query.cursor ? afterOf(query.cursor) : undefined,
    limit: AUDIT_PAGE_SIZE + 1,
  });
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const last = page.at(-1);
  return { rows: page, nextCursor: more && last ? encodeCursor([last.atKey, last.id]) : null };
}

/** The actions and entity types the log holds, for the filter's suggestions. */
export async function auditFilterChoices(
  db: Kysely<Database>,
  actor: Actor | null,
): Promise<{ actions: string[]; entityTypes: string[] }> {
  requireStaffOrAdmin(actor);
  const [actions, entityTypes] = await Promise.all([
    distinctAuditValues(db, "action"),
    distinctAuditValues(db, "entity_type"),
  ]);
  return { actions, entityTypes };
}

export async function auditEntry(
  db: Kysely<Database>,
  actor: Actor | null,
  id: string,
): Promise<{ row: AuditRowView; diff: DiffTable }> {
  requireStaffOrAdmin(actor);
  const row = await findAuditRow(db, requireId(id, "Audit entry"));
  if (!row) throw new NotFound("Audit entry not found");
  return { row, diff: diffTable(row.diff) };
}

/** The newest entries about one entity, by any of its `types`, for the pages that show one. */
export async function auditAbout(
  db: Kysely<Database>,
  actor: Actor | null,
  entity: { types: readonly string[]; id: string },
  limit: number,
): Promise<AuditRowView[]> {
  requireStaffOrAdmin(actor);
  return await findAuditRows(db, { entityType: entity.types, entityId: entity.id }, { limit });
}

export const AUDIT_CSV_COLUMNS = [
  "at",
  "actor_id",
  "actor_email",
  "action",
  "entity_type",
  "entity_id",
  "ip",
  "user_agent",
  "diff",
] as const;

/**
 * The filtered entries as CSV (UTF-8 with a byte-order mark, every cell quoted, formulas defused by
 * lib/csv.ts), newest first. The filter is checked and the export recorded before the first byte, so a
 * bad filter is an error page, not half a file.
 */
export async function auditCsv(
  db: Kysely<Database>,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<ReadableStream<Uint8Array>> {
  const a = requireStaffOrAdmin(actor);
  const query = parseInput(AuditQuery, input);
  const filter = await filterOf(db, query);
  await recordAudit(db, {
    ...meta,
    actorId: a.userId,
    action: "audit.exported",
    entityType: "audit_log",
    diff: { filter: { ...query, cursor: undefined } },
  });
  const encoder = new TextEncoder();
  let after: { atKey: string; id: string } | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(UTF8_BOM + csvLine(AUDIT_CSV_COLUMNS)));
        return;
      }
      const rows = await findAuditRows(db, filter, { after, limit: EXPORT_BATCH });
      if (rows.length) {
        controller.enqueue(encoder.encode(rows.map(csvRecord).join("")));
        const last = rows.at(-1)!;
        after = { atKey: last.atKey, id: last.id };
      }
      if (rows.length < EXPORT_BATCH) controller.close();
    },
  });
}

function csvRecord(r: AuditRowView): string {
  return csvLine([
    r.atKey,
    r.actorId,
    r.actorEmail,
    r.action,
    r.entityType,
    r.entityId,
    r.ip,
    r.userAgent,
    r.diff === null ? null : JSON.stringify(r.diff),
  ]);
}

async function filterOf(db: Kysely<Database>, q: AuditQueryValues): Promise<AuditFilter> {
  const filter: AuditFilter = {
    action: q.action,
    entityType: q.entityType,
    entityId: q.entityId,
    from: q.from ? instantInIndia(q.from) : undefined,
    // The whole of the last day.
    to: q.to ? new Date(instantInIndia(q.to).getTime() + DAY_MS) : undefined,
  };
  if (q.from && q.to && q.from > q.to) {
    throw new ValidationError("Invalid input data", [{ field: "to", message: "On or after the first day" }]);
  }
  if (q.who) filter.actorId = await actorIdOf(db, q.who);
  return filter;
}

async function actorIdOf(db: Kysely<Database>, who: string): Promise<string> {
  const id = canonicalUuid(who);
  if (id) return id;
  const problem = (message: string) => new ValidationError("Invalid input data", [{ field: "who", message }]);
  if (!who.includes("@")) throw problem("An e-mail address or an account id");
  const found = await userIdByEmail(db, who);
  if (!found) throw problem("No account has this e-mail address");
  return found;
}

const AT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function afterOf(cursor: string): { atKey: string; id: string } {
  const [atKey, id] = decodeCursor(cursor, ["string", "string"]);
  if (!AT_KEY.test(atKey) || !isUuid(id)) throw invalidCursor();
  return { atKey, id: id.toLowerCase() };
}
