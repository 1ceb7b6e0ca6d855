/**
 * Verification requests and their documents (0027_verification_requests):
 * the subject (an act or a venue) with its owner, a subject's requests, the
 * staff's queue, and the writes a request's life makes.
 */
import { type Insertable, type Kysely, sql, type Transaction } from "kysely";
import type { VerificationStatus } from "../../domain/verification.ts";
import type { VerificationSubject } from "../../domain/verification.ts";
import type {
  Database,
  VerificationDocument,
  VerificationDocumentsTable,
  VerificationRequest,
  VerificationRequestsTable,
} from "../schema.ts";

/** An act or a venue as verification sees it. */
export interface SubjectRow {
  id: string;
  /** "solo" or "band" for an act. */
  kind: "solo" | "band" | "venue";
  name: string;
  slug: string;
  owner_id: string;
  is_verified: boolean;
  trust_score: string;
}

/** The subject, locked (no key update, like the trust score's own lock) when it is about to change. */
export async function findSubject(
  db: Kysely<Database>,
  subject: VerificationSubject,
  lock = false,
): Promise<SubjectRow | undefined> {
  if (subject.type === "act") {
    const q = db.selectFrom("acts")
      .select(["id", "kind", "name", "slug", "owner_id", "is_verified", "trust_score"])
      .where("id", "=", subject.id);
    return await (lock ? q.forNoKeyUpdate() : q).executeTakeFirst();
  }
  const q = db.selectFrom("venues")
    .select([
      "id",
      sql<"venue">`'venue'`.as("kind"),
      "name",
      "slug",
      "owner_id",
      "is_verified",
      "trust_score",
    ])
    .where("id", "=", subject.id);
  return await (lock ? q.forNoKeyUpdate() : q).executeTakeFirst();
}

function subjectColumn(subject: VerificationSubject) {
  return subject.type === "act" ? "r.act_id" as const : "r.venue_id" as const;
}

/** Requests with their subject, its owner and who decided, for pages and the API. */
function requestsWithSubject(db: Kysely<Database>) {
  return db.selectFrom("verification_requests as r")
    .leftJoin("acts as a", "a.id", "r.act_id")
    .leftJoin("venues as v", "v.id", "r.venue_id")
    .innerJoin("users as o", (join) => join.on(sql<boolean>`o.id = coalesce(a.owner_id, v.owner_id)`))
    .leftJoin("users as d", "d.id", "r.decided_by")
    .selectAll("r")
    .select([
      sql<string>`coalesce(a.name, v.name)`.as("subject_name"),
      sql<string>`coalesce(a.slug, v.slug)`.as("subject_slug"),
      sql<"solo" | "band" | "venue">`coalesce(a.kind, 'venue')`.as("subject_kind"),
      sql<boolean>`coalesce(a.is_verified, v.is_verified)`.as("subject_verified"),
      sql<string>`coalesce(a.trust_score, v.trust_score)`.as("subject_trust_score"),
      "o.id as owner_id",
      "o.display_name as owner_name",
      "o.email as owner_email",
      "d.display_name as decided_by_name",
    ]);
}

export type RequestRow = Awaited<ReturnType<typeof findRequest>> & object;

export function findRequest(db: Kysely<Database>, id: string) {
  return requestsWithSubject(db).where("r.id", "=", id).executeTakeFirst();
}

/** A subject's requests, newest first. */
export function requestsOfSubject(db: Kysely<Database>, subject: VerificationSubject) {
  return requestsWithSubject(db).where(subjectColumn(subject), "=", subject.id)
    .orderBy("r.created_at", "desc").orderBy("r.id").execute();
}

/** The staff's queue: requests waiting, oldest first. */
export function pendingRequests(db: Kysely<Database>, limit: number) {
  return requestsWithSubject(db).where("r.status", "=", "pending")
    .orderBy("r.created_at").orderBy("r.id").limit(limit).execute();
}

/** Whether the subject has a request waiting. */
export async function hasPendingRequest(
  db: Kysely<Database>,
  subject: VerificationSubject,
): Promise<boolean> {
  const row = await db.selectFrom("verification_requests as r").select("r.id")
    .where(subjectColumn(subject), "=", subject.id).where("r.status", "=", "pending").executeTakeFirst();
  return row !== undefined;
}

/** The subject's waiting request, locked, if any. */
export async function lockPendingRequestOf(
  trx: Transaction<Database>,
  subject: VerificationSubject,
): Promise<VerificationRequest | undefined> {
  return await trx.selectFrom("verification_requests as r").selectAll()
    .where(subjectColumn(subject), "=", subject.id).where("r.status", "=", "pending")
    .forUpdate().executeTakeFirst();
}

/** The request's row, locked until the transaction ends. */
export async function lockRequest(
  trx: Transaction<Database>,
  id: string,
): Promise<VerificationRequest | undefined> {
  return await trx.selectFrom("verification_requests").selectAll().where("id", "=", id).forUpdate()
    .executeTakeFirst();
}

export async function insertRequest(
  trx: Transaction<Database>,
  values: Insertable<VerificationRequestsTable>,
): Promise<VerificationRequest> {
  return await trx.insertInto("verification_requests").values(values).returningAll()
    .executeTakeFirstOrThrow();
}

export async function decideRequest(
  trx: Transaction<Database>,
  id: string,
  decision: { status: Exclude<VerificationStatus, "pending">; by: string; reason: string | null; at: Date },
): Promise<void> {
  await trx.updateTable("verification_requests")
    .set({
      status: decision.status,
      decided_by: decision.by,
      decision_reason: decision.reason,
      decided_at: decision.at,
    })
    .where("id", "=", id).execute();
}

export async function insertDocument(
  trx: Transaction<Database>,
  values: Insertable<VerificationDocumentsTable>,
): Promise<VerificationDocument> {
  return await trx.insertInto("verification_documents").values(values).returningAll()
    .executeTakeFirstOrThrow();
}

/** The documents of these requests, oldest first. */
export async function documentsOfRequests(
  db: Kysely<Database>,
  requestIds: string[],
): Promise<VerificationDocument[]> {
  if (requestIds.length === 0) return [];
  return await db.selectFrom("verification_documents").selectAll().where("request_id", "in", requestIds)
    .orderBy("created_at").orderBy("id").execute();
}

export async function countDocuments(db: Kysely<Database>, requestId: string): Promise<number> {
  const { n } = await db.selectFrom("verification_documents")
    .select((eb) => eb.fn.countAll<string>().as("n")).where("request_id", "=", requestId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function findDocument(
  db: Kysely<Database>,
  requestId: string,
  documentId: string,
): Promise<VerificationDocument | undefined> {
  return await db.selectFrom("verification_documents").selectAll()
    .where("request_id", "=", requestId).where("id", "=", documentId).executeTakeFirst();
}
