/** Times an act's owner marked unavailable (act_blocks). */
import type { Kysely, Selectable } from "kysely";
import type { ActBlocksTable, Database } from "../schema.ts";

export type ActBlock = Selectable<ActBlocksTable>;

/** The act's blocks ending after `from` and starting before `to` (either open), by start; at most 500. */
export async function blocksOfAct(
  db: Kysely<Database>,
  actId: string,
  range: { from?: Date; to?: Date },
): Promise<ActBlock[]> {
  let query = db.selectFrom("act_blocks").selectAll().where("act_id", "=", actId);
  if (range.from) query = query.where("ends_at", ">", range.from);
  if (range.to) query = query.where("starts_at", "<", range.to);
  return await query.orderBy("starts_at").orderBy("id").limit(500).execute();
}

export async function insertBlock(
  db: Kysely<Database>,
  block: { actId: string; startsAt: Date; endsAt: Date; reason: string | null },
): Promise<ActBlock> {
  return await db.insertInto("act_blocks").values({
    act_id: block.actId,
    starts_at: block.startsAt,
    ends_at: block.endsAt,
    reason: block.reason,
  }).returningAll().executeTakeFirstOrThrow();
}

/** Deletes the block `blockId` of the act; undefined when the act has no such block. */
export async function deleteBlock(
  db: Kysely<Database>,
  actId: string,
  blockId: string,
): Promise<ActBlock | undefined> {
  return await db.deleteFrom("act_blocks").where("id", "=", blockId).where("act_id", "=", actId)
    .returningAll().executeTakeFirst();
}
