/**
 * An act's portfolio items: listed in their order, added at the end,
 * reordered, removed, and a private document's storage key.
 *
 *   select * from portfolio_items where act_id = $1 [and visibility = 'public'] order by position, id
 *   select count(*) as n, coalesce(max(position) + 1, 0) as next from portfolio_items where act_id = $1
 */
import type { Insertable, Kysely, Transaction } from "kysely";
import type { Database, PortfolioItem, PortfolioItemsTable } from "../schema.ts";

/** The act's items in their order: all of them, or only the public ones. */
export async function findPortfolioItems(
  db: Kysely<Database>,
  actId: string,
  publicOnly: boolean,
): Promise<PortfolioItem[]> {
  let query = db.selectFrom("portfolio_items").selectAll().where("act_id", "=", actId);
  if (publicOnly) query = query.where("visibility", "=", "public");
  return await query.orderBy("position").orderBy("id").execute();
}

/** How many items the act has, and the position after the last one. */
export async function portfolioSize(
  db: Kysely<Database>,
  actId: string,
): Promise<{ count: number; nextPosition: number }> {
  const { n, next } = await db.selectFrom("portfolio_items")
    .select((eb) => [
      eb.fn.countAll<string>().as("n"),
      eb.fn.coalesce(eb(eb.fn.max("position"), "+", 1), eb.lit(0)).as("next"),
    ])
    .where("act_id", "=", actId).executeTakeFirstOrThrow();
  return { count: Number(n), nextPosition: Number(next) };
}

export async function insertPortfolioItem(
  trx: Transaction<Database>,
  values: Insertable<PortfolioItemsTable>,
): Promise<PortfolioItem> {
  return await trx.insertInto("portfolio_items").values(values).returningAll().executeTakeFirstOrThrow();
}

/** The ids of the act's items, in no particular order. */
export async function findPortfolioItemIds(db: Kysely<Database>, actId: string): Promise<string[]> {
  const rows = await db.selectFrom("portfolio_items").select("id").where("act_id", "=", actId).execute();
  return rows.map((r) => r.id);
}

/**
 * Gives each item its index in `itemIds` as its position. The unique
 * (act_id, position) constraint is deferred to commit, so a swap passes.
 */
export async function setPortfolioPositions(trx: Transaction<Database>, itemIds: string[]): Promise<void> {
  for (const [position, id] of itemIds.entries()) {
    await trx.updateTable("portfolio_items").set({ position }).where("id", "=", id).execute();
  }
}

/** Deletes the act's item; its storage key (null for a link), or undefined when it was not the act's. */
export async function deletePortfolioItem(
  trx: Transaction<Database>,
  actId: string,
  itemId: string,
): Promise<{ storage_key: string | null } | undefined> {
  return await trx.deleteFrom("portfolio_items").where("id", "=", itemId).where("act_id", "=", actId)
    .returning("storage_key").executeTakeFirst();
}

/** Where the act's private document `itemId` is stored, if it is one. */
export async function findPrivateDocumentKey(
  db: Kysely<Database>,
  actId: string,
  itemId: string,
): Promise<string | null | undefined> {
  const row = await db.selectFrom("portfolio_items").select(["storage_key"]).where("id", "=", itemId)
    .where("act_id", "=", actId).where("visibility", "=", "private").executeTakeFirst();
  return row?.storage_key;
}
