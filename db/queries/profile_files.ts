/**
 * The stored files an act's or a venue's rows point at (besides its photo, whose key is in its URL): what
 * must go from storage when the act or venue is deleted, since the rows cascade away with it.
 *
 *   select storage_key from portfolio_items where act_id = $1 and storage_key is not null
 *   union all
 *   select d.storage_key from verification_documents d join verification_requests r on r.id = d.request_id
 *   where r.act_id = $1
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

function verificationDocumentKeys(db: Kysely<Database>, subject: { actId: string } | { venueId: string }) {
  return db.selectFrom("verification_documents as d")
    .innerJoin("verification_requests as r", "r.id", "d.request_id")
    .select("d.storage_key")
    .where(
      "actId" in subject ? "r.act_id" : "r.venue_id",
      "=",
      "actId" in subject ? subject.actId : subject.venueId,
    );
}

export async function storedFileKeysOfAct(db: Kysely<Database>, actId: string): Promise<string[]> {
  const rows = await db.selectFrom("portfolio_items").select("storage_key")
    .where("act_id", "=", actId).where("storage_key", "is not", null)
    .unionAll(verificationDocumentKeys(db, { actId }))
    .execute();
  return rows.map((r) => r.storage_key!);
}

export async function storedFileKeysOfVenue(db: Kysely<Database>, venueId: string): Promise<string[]> {
  const rows = await verificationDocumentKeys(db, { venueId }).execute();
  return rows.map((r) => r.storage_key);
}
