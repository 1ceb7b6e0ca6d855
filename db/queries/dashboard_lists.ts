/**
 * The lists of a person's dashboard. Its booking lists, as many as their roles call for, are one
 * statement: each list is a branch of a `union all` with its own filter, order and limit, and its rows
 * come back tagged with the list and their place in it.
 *
 *   select * from (
 *     select 0 as list, row_number() over (order by offer.expires_at, b.id) as position, b.id, ...
 *       from bookings b join acts a ... where b.organizer_id = $1 and ... order by ... limit 20
 *     union all
 *     select 1 as list, row_number() over (order by b.starts_at, b.id) as position, ...
 *   ) l order by list, position
 */
import { type Kysely, sql } from "kysely";
import type { BookingState } from "../../domain/booking_machine.ts";
import type { Database } from "../schema.ts";
import { onActSideSql } from "./act_side.ts";
import { bookingsWithOpenOffer } from "./booking_lists.ts";

/** Shows that hold the date: confirmed, paid, played or in dispute. */
const OCCUPYING: readonly BookingState[] = [
  "confirmed",
  "paid_deposit",
  "scheduled",
  "completed",
  "disputed",
];
const NEGOTIATING: readonly BookingState[] = ["inquiry", "offered", "negotiating"];

export type DashboardList =
  /** Organizer: the act made the last offer, the organizer answers. */
  | "organizerAwaiting"
  /** Organizer: the shows coming up. */
  | "organizerUpcoming"
  /** Act's owner: an inquiry, or an offer the organizer made (members see the gigs, they do not answer). */
  | "actAwaiting"
  /** On the act's side (owner or member): the gigs coming up. */
  | "actUpcoming"
  /** The venue's manager: requests and offers still being negotiated at their venues. */
  | "venueRequests"
  /** The venue's manager: the shows coming up at their venues. */
  | "venueUpcoming"
  /** Staff: disputes waiting for a ruling, oldest show first. */
  | "disputes";

export interface DashboardBookingRow {
  id: string;
  title: string;
  status: BookingState;
  starts_at: Date;
  fee: number;
  currency: string;
  expires_at: Date | null;
  act_name: string;
  organizer_name: string | null;
  venue_name: string | null;
}

function listQuery(db: Kysely<Database>, list: DashboardList, userId: string, now: Date) {
  const base = bookingsWithOpenOffer(db).leftJoin("venues as v", "v.id", "b.venue_id");
  const upcoming = (q: typeof base) => q.where("b.status", "in", OCCUPYING).where("b.starts_at", ">=", now);
  switch (list) {
    case "organizerAwaiting":
      return {
        query: base.where("b.organizer_id", "=", userId).where("b.status", "in", ["offered", "negotiating"])
          .where("offer.made_by", "=", "act"),
        by: "offer.expires_at" as const,
      };
    case "organizerUpcoming":
      return { query: upcoming(base.where("b.organizer_id", "=", userId)), by: "b.starts_at" as const };
    case "actAwaiting":
      return {
        query: base.where("a.owner_id", "=", userId).where((eb) =>
          eb.or([
            eb("b.status", "=", "inquiry"),
            eb.and([eb("b.status", "in", ["offered", "negotiating"]), eb("offer.made_by", "=", "organizer")]),
          ])
        ),
        by: "b.starts_at" as const,
      };
    case "actUpcoming":
      return { query: upcoming(base.where(onActSideSql(userId, "a"))), by: "b.starts_at" as const };
    case "venueRequests":
      return {
        query: base.where("v.owner_id", "=", userId).where("b.status", "in", NEGOTIATING)
          .where("b.starts_at", ">=", now),
        by: "b.starts_at" as const,
      };
    case "venueUpcoming":
      return { query: upcoming(base.where("v.owner_id", "=", userId)), by: "b.starts_at" as const };
    case "disputes":
      return { query: base.where("b.status", "=", "disputed"), by: "b.starts_at" as const };
  }
}

/** `lists` of `userId`'s dashboard, each at most `limit` long, by list. */
export async function dashboardBookingLists(
  db: Kysely<Database>,
  userId: string,
  now: Date,
  lists: readonly DashboardList[],
  limit: number,
): Promise<Partial<Record<DashboardList, DashboardBookingRow[]>>> {
  if (lists.length === 0) return {};
  const branches = lists.map((list, i) => {
    const { query, by } = listQuery(db, list, userId, now);
    return db.selectFrom(
      query.select([
        sql<number>`${sql.lit(i)}`.as("list"),
        sql<number>`row_number() over (order by ${sql.ref(by)}, b.id)`.as("position"),
        "b.id",
        "b.title",
        "b.status",
        "b.starts_at",
        "b.fee",
        "b.currency",
        "offer.expires_at",
        "a.name as act_name",
        "u.display_name as organizer_name",
        "v.name as venue_name",
      ]).orderBy(by).orderBy("b.id").limit(limit).as(`l${i}`),
    ).selectAll();
  });
  const union = branches.slice(1).reduce((all, branch) => all.unionAll(branch), branches[0]);
  const rows = await db.selectFrom(union.as("l")).selectAll().orderBy("list").orderBy("position").execute();
  const byList: Partial<Record<DashboardList, DashboardBookingRow[]>> = {};
  for (const list of lists) byList[list] = [];
  for (const { list, position: _position, ...row } of rows) byList[lists[Number(list)]]!.push(row);
  return byList;
}

/** The organizer's gigs still to come (open, closed or filled), soonest first, with their applications. */
export function upcomingOpportunitiesOf(db: Kysely<Database>, userId: string, now: Date, limit: number) {
  return db.selectFrom("opportunities as o")
    .select((eb) => {
      const applications = eb.selectFrom("applications as ap").select(eb.fn.countAll<number>().as("n"))
        .whereRef("ap.opportunity_id", "=", "o.id");
      return [
        "o.id",
        "o.title",
        "o.starts_at",
        "o.status",
        applications.where("ap.status", "<>", "withdrawn").as("applications"),
        applications.where("ap.status", "=", "submitted").as("unreviewed"),
      ];
    })
    .where("o.organizer_id", "=", userId)
    .where("o.starts_at", ">=", now)
    .where("o.status", "in", ["open", "closed", "filled"])
    .orderBy("o.starts_at").limit(limit).execute();
}

/** The applications of the acts `userId` owns to gigs still to come, newest first (withdrawn ones aside). */
export function upcomingApplicationsOf(db: Kysely<Database>, userId: string, now: Date, limit: number) {
  return db.selectFrom("applications as ap")
    .innerJoin("opportunities as o", "o.id", "ap.opportunity_id")
    .innerJoin("acts as a", "a.id", "ap.act_id")
    .select([
      "ap.id",
      "ap.opportunity_id",
      "o.title",
      "a.name",
      "ap.status",
      "ap.proposed_fee",
      "ap.currency",
      "o.starts_at",
    ])
    .where("a.owner_id", "=", userId)
    .where("ap.status", "in", ["submitted", "shortlisted", "accepted", "rejected"])
    .where("o.starts_at", ">=", now)
    .orderBy("ap.created_at", "desc").limit(limit).execute();
}

/** The acts `userId` owns or plays in, by name. */
export function actsOnSideOf(db: Kysely<Database>, userId: string, limit: number) {
  return db.selectFrom("acts as a").select(["a.name", "a.slug", "a.kind", "a.owner_id"])
    .where(onActSideSql(userId, "a")).orderBy("a.name").orderBy("a.id").limit(limit).execute();
}
