/**
 * Ranked holds on an act's dates (act_holds). Whoever changes them holds the
 * act's row lock (findActById in db/queries/acts.ts), so the ranks of one act and
 * date are read and renumbered one transaction at a time.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ActHold, Database } from "../schema.ts";

/** A hold with the names shown next to it: its act's and its holder's. */
export type NamedHold = ActHold & { act_name: string; holder_name: string | null };

/** A "YYYY-MM-DD" date as a `date` value to compare hold_date with. */
export function dateValue(date: string): RawBuilder<Date> {
  return sql<Date>`${date}::date`;
}

/** Holds `h` with their act's name and their holder's display name. */
export function namedHolds(db: Kysely<Database>) {
  return db.selectFrom("act_holds as h")
    .innerJoin("acts", "acts.id", "h.act_id")
    .innerJoin("users", "users.id", "h.holder_id")
    .selectAll("h")
    .select(["acts.name as act_name", "users.display_name as holder_name"]);
}

export async function namedHold(db: Kysely<Database>, holdId: string): Promise<NamedHold | undefined> {
  return await namedHolds(db).where("h.id", "=", holdId).executeTakeFirst();
}

/** The act's holds that have not lapsed by `now`, by date and rank; only `holderId`'s when given. */
export async function activeHoldsOfAct(
  db: Kysely<Database>,
  actId: string,
  now: Date,
  holderId?: string,
): Promise<NamedHold[]> {
  let query = namedHolds(db)
    .where("h.act_id", "=", actId).where("h.status", "=", "active").where("h.expires_at", ">", now);
  if (holderId) query = query.where("h.holder_id", "=", holderId);
  return await query.orderBy("h.hold_date").orderBy("h.rank").execute();
}

/** How many of the act's holds have not lapsed by `now`. */
export async function countActiveHolds(db: Kysely<Database>, actId: string, now: Date): Promise<number> {
  const { count } = await db.selectFrom("act_holds").select((eb) => eb.fn.countAll<number>().as("count"))
    .where("act_id", "=", actId).where("status", "=", "active").where("expires_at", ">", now)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The holders of the act's active holds on `date` ("YYYY-MM-DD"): one per rank taken. */
export async function activeHolderIds(db: Kysely<Database>, actId: string, date: string): Promise<string[]> {
  const rows = await db.selectFrom("act_holds").select("holder_id")
    .where("act_id", "=", actId).where("hold_date", "=", dateValue(date)).where("status", "=", "active")
    .execute();
  return rows.map((r) => r.holder_id);
}

export async function insertHold(
  db: Kysely<Database>,
  hold: {
    actId: string;
    holderId: string;
    date: string;
    rank: number;
    expiresAt: Date;
    note: string | null;
  },
): Promise<ActHold> {
  return await db.insertInto("act_holds").values({
    act_id: hold.actId,
    holder_id: hold.holderId,
    hold_date: hold.date,
    rank: hold.rank,
    expires_at: hold.expiresAt,
    note: hold.note,
  }).returningAll().executeTakeFirstOrThrow();
}

/** The act's active holds that lapsed by `now` (only those on `date` when given). */
export async function lapsedHolds(
  db: Kysely<Database>,
  actId: string,
  now: Date,
  date?: string,
): Promise<ActHold[]> {
  let query = db.selectFrom("act_holds").selectAll().where("act_id", "=", actId)
    .where("status", "=", "active").where("expires_at", "<=", now);
  if (date) query = query.where("hold_date", "=", dateValue(date));
  return await query.execute();
}

/** The acts with at least one active hold that lapsed by `now`. */
export async function actsWithLapsedHolds(db: Kysely<Database>, now: Date): Promise<string[]> {
  const rows = await db.selectFrom("act_holds").select("act_id").distinct()
    .where("status", "=", "active").where("expires_at", "<=", now).execute();
  return rows.map((r) => r.act_id);
}

/** Ends the holds `ids` as `status` at `now`; their ranks stay until `closeRanks`. */
export async function markHoldsEnded(
  db: Kysely<Database>,
  ids: readonly string[],
  status: "released" | "expired",
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable("act_holds").set({ status, ended_at: now }).where("id", "in", ids).execute();
}

/**
 * Renumbers the active holds of one act and date 1, 2, 3… in their current
 * order, in one statement: "2 -> 1, 3 -> 2" passes through a moment with two
 * rank-1 rows, which the deferred constraint allows until commit. Returns the
 * holds that moved, by their new rank.
 *
 *   update act_holds h set rank = r.rank
 *   from (select id, row_number() over (order by rank, created_at) as rank from act_holds
 *         where act_id = $1 and hold_date = $2 and status = 'active') r
 *   where h.id = r.id and h.rank <> r.rank
 *   returning h.id, h.holder_id, h.rank
 */
export async function closeRanks(
  db: Kysely<Database>,
  actId: string,
  date: string,
): Promise<{ id: string; holder_id: string; rank: number }[]> {
  const { rows } = await sql<{ id: string; holder_id: string; rank: number }>`
    update act_holds h set rank = r.rank
    from (select id, row_number() over (order by rank, created_at, id)::int as rank from act_holds
          where act_id = ${actId} and hold_date = ${date}::date and status = 'active') r
    where h.id = r.id and h.rank <> r.rank
    returning h.id, h.holder_id, h.rank`.execute(db);
  return rows.map((r) => ({ ...r, rank: Number(r.rank) })).sort((x, y) => x.rank - y.rank);
}

/**
 * Ends every active hold of the act on `date` ("YYYY-MM-DD") now that
 * `bookingId` takes it: `holderId`'s is converted into that booking, the
 * others released. Returns who held it and how their hold ended.
 */
export async function settleHoldsOn(
  db: Kysely<Database>,
  settle: { actId: string; date: string; holderId: string; bookingId: string; now: Date },
): Promise<{ holder_id: string; status: ActHold["status"] }[]> {
  return await db.updateTable("act_holds")
    .set((eb) => ({
      status: eb.case().when("holder_id", "=", settle.holderId).then("converted" as const)
        .else("released" as const).end(),
      ended_at: settle.now,
      booking_id: eb.case().when("holder_id", "=", settle.holderId).then(settle.bookingId)
        .else(eb.ref("booking_id")).end(),
    }))
    .where("act_id", "=", settle.actId).where("hold_date", "=", dateValue(settle.date))
    .where("status", "=", "active")
    .returning(["holder_id", "status"]).execute();
}
