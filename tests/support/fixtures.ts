/**
 * The people, acts, venues, opportunities and bookings tests stand on,
 * written straight into the database with values its constraints accept, so
 * a test spells out only what matters to it. Names, slugs and e-mail
 * addresses are unique, so any number fit in one database.
 *
 * These skip the services on purpose: a test of one service should not fail
 * because another changed. A test that needs a person signed in through the
 * real API uses signUp (accounts.ts), and acts for that person from here.
 */
import type { Insertable, Kysely } from "kysely";
import type { BookingsTable, Database, NewAct, NewVenue, OpportunitiesTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import type { RoleName } from "../../domain/roles.ts";

const DAY = 86_400_000;

let counter = 0;
/** A short suffix that keeps names and slugs unique within and across test databases. */
const unique = () => `${++counter}-${crypto.randomUUID().slice(0, 6)}`;

/** An actor for the services, with the e-mail address the account was made with. */
export interface Person extends Actor {
  email: string;
}

/** An active account holding `roles` (none by default), named "Person <n>". */
export async function person(db: Kysely<Database>, ...roles: RoleName[]): Promise<Person> {
  const n = ++counter;
  const email = `person${n}.${crypto.randomUUID().slice(0, 6)}@example.in`;
  const { id } = await db.insertInto("users")
    .values({ email, display_name: `Person ${n}`, status: "active" })
    .returning("id").executeTakeFirstOrThrow();
  await grantRoles(db, id, roles);
  return { userId: id, email, roles, sessionId: crypto.randomUUID() };
}

/** Gives `userId` the named roles, straight into user_roles. */
export async function grantRoles(db: Kysely<Database>, userId: string, roles: readonly RoleName[]) {
  for (const role of roles) {
    await db.insertInto("user_roles").columns(["user_id", "role_id"])
      .expression((eb) =>
        eb.selectFrom("roles").select([eb.val(userId).as("user_id"), "id"]).where("name", "=", role)
      )
      .execute();
  }
}

/**
 * The row for a solo act owned by `ownerId`, not yet inserted: for tests of
 * what the acts table itself refuses. Budgets are 10,000 / 20,000 / 30,000 rupees.
 */
export function newAct(ownerId: string, values: Partial<NewAct> = {}): NewAct {
  const n = unique();
  return {
    kind: "solo",
    owner_id: ownerId,
    name: `Act ${n}`,
    slug: `act-${n}`,
    budget_min: 1_000_000,
    budget_standard: 2_000_000,
    budget_premium: 3_000_000,
    ...values,
  };
}

export interface ActValues extends Partial<NewAct> {
  /** Genre slugs (domain/genres.ts). */
  genres?: string[];
}

/** A solo act owned by `ownerId`; `values` override any column. */
export async function act(db: Kysely<Database>, ownerId: string, values: ActValues = {}) {
  const { genres = [], ...columns } = values;
  const row = await db.insertInto("acts").values(newAct(ownerId, columns))
    .returning(["id", "name", "slug"]).executeTakeFirstOrThrow();
  for (const slug of genres) {
    await db.insertInto("act_genres")
      .values((eb) => ({
        act_id: row.id,
        genre_id: eb.selectFrom("genres").select("id").where("slug", "=", slug),
      }))
      .execute();
  }
  return row;
}

/** A band managed by `managerId`. */
export function band(db: Kysely<Database>, managerId: string, values: ActValues = {}) {
  return act(db, managerId, { ...values, kind: "band" });
}

/** A club for 200 owned by `ownerId`. */
export async function venue(db: Kysely<Database>, ownerId: string, values: Partial<NewVenue> = {}) {
  const n = unique();
  return await db.insertInto("venues").values({
    owner_id: ownerId,
    name: `Venue ${n}`,
    slug: `venue-${n}`,
    capacity: 200,
    venue_type: "club",
    ...values,
  }).returning(["id", "name", "slug"]).executeTakeFirstOrThrow();
}

/** The id of the city called `name` (in `state`, when given; the first such otherwise). */
export async function cityId(db: Kysely<Database>, name = "Pune", state?: string): Promise<number> {
  let query = db.selectFrom("cities").innerJoin("states", "states.state_id", "cities.state_id")
    .select("cities.city_id").where("cities.name", "=", name);
  if (state) query = query.where("states.name", "=", state);
  return (await query.orderBy("cities.city_id").limit(1).executeTakeFirstOrThrow()).city_id;
}

/**
 * An open opportunity posted by `organizerId`: a 90-minute slot in Pune 30
 * days from now, applications until 10 days before, for 10,000 to 30,000 rupees.
 */
export async function opportunity(
  db: Kysely<Database>,
  organizerId: string,
  values: Partial<Insertable<OpportunitiesTable>> = {},
) {
  const startsAt = new Date(values.starts_at ?? Date.now() + 30 * DAY);
  // The schema wants a venue or a city.
  const place = values.venue_id || values.city_id ? {} : { city_id: await cityId(db) };
  return await db.insertInto("opportunities").values({
    organizer_id: organizerId,
    title: `Opportunity ${unique()}`,
    starts_at: startsAt,
    duration_minutes: 90,
    ...place,
    budget_min: 1_000_000,
    budget_max: 3_000_000,
    application_deadline: new Date(startsAt.getTime() - 10 * DAY),
    ...values,
  }).returning("id").executeTakeFirstOrThrow();
}

export type BookingValues = Partial<Insertable<BookingsTable>>;

/**
 * A booking of `actId` by `organizerId` in any state, as the row alone: a
 * 90-minute slot 30 days from now for 50,000 rupees, an inquiry by default.
 * For a booking waiting on its opening offer, see offeredBooking.
 */
export async function booking(
  db: Kysely<Database>,
  actId: string,
  organizerId: string,
  values: BookingValues = {},
) {
  return await db.insertInto("bookings").values({
    act_id: actId,
    organizer_id: organizerId,
    title: `Booking ${unique()}`,
    starts_at: new Date(Date.now() + 30 * DAY),
    duration_minutes: 90,
    fee: 5_000_000,
    ...values,
  }).returningAll().executeTakeFirstOrThrow();
}

/**
 * An offered booking as the organizer's opening offer leaves it: offer round
 * 1 open on the booking's terms, waiting for the act's answer until `expiresAt`.
 */
export async function offeredBooking(
  db: Kysely<Database>,
  actId: string,
  organizerId: string,
  { expiresAt, ...values }: Omit<BookingValues, "status" | "offers_made"> & { expiresAt: Date },
) {
  const row = await booking(db, actId, organizerId, { ...values, status: "offered", offers_made: 1 });
  await db.insertInto("booking_offers").values({
    booking_id: row.id,
    round: 1,
    made_by: "organizer",
    made_by_user: organizerId,
    fee: row.fee,
    currency: row.currency,
    deposit_bps: row.deposit_bps,
    starts_at: row.starts_at,
    duration_minutes: row.duration_minutes,
    expires_at: expiresAt,
  }).execute();
  return row;
}
