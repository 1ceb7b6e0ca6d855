/**
 * A believable demo marketplace: open opportunities across Indian cities,
 * posted by the demo promoter, organizer and venue manager, with
 * applications from acts of the demo catalogue. Drawn from one seeded PRNG
 * in a fixed order, so a seed gives the same gigs every time; dates are
 * relative to `now` (the day of seeding), so the gigs are always upcoming,
 * and fit their names: a Sunday brunch is on a Sunday, a Diwali party in the
 * weeks before Diwali (domain/event_timing.ts). An occasion no day in the
 * coming months fits gives way to the next one.
 */
import { type Kysely, sql } from "kysely";
import { withAuditContext } from "./audit.ts";
import { Rng } from "./rng.ts";
import type { Database } from "./schema.ts";
import { firstFittingStart } from "../domain/event_timing.ts";
import { indiaMidnightOf } from "../domain/india_time.ts";

export interface SeedBookingsOptions {
  /** The day the dates count from. */
  now: Date;
  seed?: number;
  opportunities?: number;
}

const CITIES: readonly [string, string][] = [
  ["Mumbai", "Maharashtra"],
  ["Delhi", "Delhi"],
  ["Bengaluru", "Karnataka"],
  ["Pune", "Maharashtra"],
  ["Kolkata", "West Bengal"],
  ["Chennai", "Tamil Nadu"],
  ["Hyderabad", "Telangana"],
  ["Panaji", "Goa"],
  ["Jaipur", "Rajasthan"],
  ["Lucknow", "Uttar Pradesh"],
  ["Chandigarh", "Chandigarh"],
  ["Ahmedabad", "Gujarat"],
];

/** [title, genres, budget from in rupees (low, high), minutes, start hour in India, what they ask for]. */
const OCCASIONS: readonly [string, string[], [number, number], number, number, string][] = [
  [
    "Sangeet night",
    ["bollywood", "punjabi", "pop"],
    [60_000, 250_000],
    150,
    20,
    "Family singalong favourites.",
  ],
  [
    "Corporate Diwali party",
    ["bollywood", "pop", "fusion"],
    [80_000, 300_000],
    120,
    19,
    "Clean lyrics only.",
  ],
  [
    "College fest headliner",
    ["rock", "indie", "hip-hop"],
    [100_000, 400_000],
    90,
    21,
    "High energy, 5,000 students.",
  ],
  ["Sunday brunch set", ["jazz", "indie", "pop"], [20_000, 60_000], 120, 12, "Acoustic, low volume."],
  [
    "Wedding reception",
    ["bollywood", "ghazal", "sufi"],
    [75_000, 300_000],
    180,
    20,
    "Two sets with a break.",
  ],
  ["Sufi evening", ["sufi", "ghazal", "devotional"], [50_000, 150_000], 120, 19, "Traditional instruments."],
  ["Rooftop jazz night", ["jazz", "fusion"], [30_000, 90_000], 150, 20, "Trio or quartet."],
  [
    "Indie showcase",
    ["indie", "rock", "electronic"],
    [25_000, 80_000],
    60,
    21,
    "Original material preferred.",
  ],
  [
    "New Year's Eve countdown",
    ["electronic", "bollywood", "pop"],
    [150_000, 500_000],
    240,
    21,
    "Set runs past midnight.",
  ],
  [
    "Ganesh Chaturthi celebration",
    ["devotional", "folk", "bollywood"],
    [40_000, 120_000],
    120,
    18,
    "Bhajans to start.",
  ],
  ["Pub quiz after-party", ["rock", "pop", "indie"], [20_000, 50_000], 90, 22, "Covers welcome."],
  [
    "Café acoustic evening",
    ["indie", "folk", "ghazal"],
    [15_000, 40_000],
    90,
    19,
    "Unplugged, seated crowd.",
  ],
  [
    "Classical morning raga",
    ["hindustani-classical", "carnatic"],
    [40_000, 120_000],
    120,
    8,
    "Morning ragas.",
  ],
  ["Metal night", ["metal", "rock"], [30_000, 100_000], 120, 21, "Bring your own backline."],
];

const BLURBS = [
  "We expect a warm, mixed crowd and want a set that gets people on their feet.",
  "A returning annual event; last year's act was a hit, so the bar is high.",
  "Hosted by a small team that loves live music; hospitality is taken care of.",
  "Ticketed event with a good sound system and a professional crew.",
];
const PITCHES = [
  "We have played this kind of evening many times and bring a tight, rehearsed set.",
  "Our set list is flexible: we read the room and take requests.",
  "We can bring our own sound for up to 300 guests if needed.",
  "Happy to do a short sound check call beforehand to plan the evening.",
];

const DAY = 24 * 60 * 60 * 1000;
/** Gigs start this many days from the day of seeding, at the soonest and the latest. */
const SOONEST = 10;
const LATEST = 130;

/** Seeds `opportunities` open opportunities (and applications) unless there are any. One transaction. */
export async function seedBookings(
  db: Kysely<Database>,
  { now, seed = 7, opportunities = 30 }: SeedBookingsOptions,
): Promise<{ seeded: boolean; opportunities: number; applications: number }> {
  return await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('artistspace.seed_bookings'))`.execute(trx);
    if (await trx.selectFrom("opportunities").select("id").limit(1).executeTakeFirst()) {
      return { seeded: false, opportunities: 0, applications: 0 };
    }
    await withAuditContext(trx, { userAgent: "db/seed_bookings.ts" });
    const posters = await organizerSide(trx);
    const cityRows = await trx.selectFrom("cities").innerJoin("states", "states.state_id", "cities.state_id")
      .select(["cities.city_id", "cities.name", "states.name as state"])
      .where((eb) =>
        eb.or(CITIES.map(([c, s]) => eb.and([eb("cities.name", "=", c), eb("states.name", "=", s)])))
      )
      .orderBy("cities.city_id").execute();
    if (cityRows.length === 0) return { seeded: false, opportunities: 0, applications: 0 };
    const venues = await trx.selectFrom("venues").select(["id", "city_id", "name"])
      .orderBy("slug").execute();
    const acts = await trx.selectFrom("acts").select(["id", "owner_id", "budget_min", "budget_standard"])
      .orderBy("slug").execute();
    const genres = new Map(
      (await trx.selectFrom("genres").select(["id", "slug"]).execute()).map((g) => [g.slug, g.id]),
    );

    const r = new Rng(seed);
    const pick = <T>(items: readonly T[]) => r.pick(items);
    const between = (lo: number, hi: number) => r.int(lo, hi);
    // Today's midnight in India, so the slots land on the hour locally.
    const today = indiaMidnightOf(now).getTime();
    let applications = 0;
    for (let i = 0; i < opportunities; i++) {
      const city = cityRows[between(0, cityRows.length - 1)];
      const venue = r.next() < 0.5 ? pick(venues.filter((v) => v.city_id === city.city_id)) : undefined;
      const drawn = between(SOONEST, LATEST - 10);
      const dated = datedOccasion(
        i,
        city.name,
        (days, hour) => new Date(today + days * DAY + hour * 60 * 60 * 1000),
        drawn,
      );
      if (!dated) continue;
      const { occasion: [, wanted, [lo, hi], minutes, , asks], title, startsAt } = dated;
      const deadline = new Date(startsAt.getTime() - between(3, 9) * DAY);
      const budgetMin = Math.round(between(lo, hi) / 5000) * 5000 * 100;
      const budgetMax = Math.round((budgetMin * between(15, 25)) / 10 / 500_000) * 500_000;
      const chosen = [...new Set([wanted[0], pick(wanted)])];
      const row = await trx.insertInto("opportunities").values({
        organizer_id: posters[i % posters.length],
        title,
        description: pick(BLURBS),
        starts_at: startsAt,
        duration_minutes: minutes,
        venue_id: venue?.id ?? null,
        city_id: city.city_id,
        address: venue ? null : `${between(2, 180)}, ${pick(["MG Road", "Park Street", "Station Road"])}`,
        budget_min: budgetMin,
        budget_max: Math.max(budgetMin, budgetMax),
        requirements: asks,
        application_deadline: deadline,
      }).returning("id").executeTakeFirstOrThrow();
      const links = chosen.filter((g) => genres.has(g)).map((g) => ({
        opportunity_id: row.id,
        genre_id: genres.get(g)!,
      }));
      if (links.length) await trx.insertInto("opportunity_genres").values(links).execute();
      if (acts.length === 0 || r.next() < 0.3) continue;
      const applicants = new Set<number>();
      for (let k = between(1, 4); k > 0; k--) applicants.add(between(0, acts.length - 1));
      for (const index of applicants) {
        const act = acts[index];
        if (posters.includes(act.owner_id)) continue;
        await trx.insertInto("applications").values({
          opportunity_id: row.id,
          act_id: act.id,
          applicant_id: act.owner_id,
          pitch: pick(PITCHES),
          proposed_fee: Math.max(100_000, Math.round(Number(act.budget_standard) / 100_000) * 100_000),
          currency: "INR",
          status: r.next() < 0.25 ? "shortlisted" : "submitted",
        }).execute();
        applications++;
      }
    }
    return { seeded: true, opportunities, applications };
  });
}

type Occasion = (typeof OCCASIONS)[number];

/**
 * The `i`th gig's occasion in `city`, titled and dated: from the drawn day
 * on (or else from the soonest day) to the first day its name fits. An
 * occasion no day fits (Diwali in December) gives way to the next.
 */
function datedOccasion(
  i: number,
  city: string,
  at: (days: number, hour: number) => Date,
  drawn: number,
): { occasion: Occasion; title: string; startsAt: Date } | undefined {
  for (let k = 0; k < OCCASIONS.length; k++) {
    const occasion = OCCASIONS[(i + k) % OCCASIONS.length];
    const [name, , , , hour] = occasion;
    const title = `${name} in ${city}`;
    const startsAt = firstFittingStart(title, at(drawn, hour), LATEST - drawn) ??
      firstFittingStart(title, at(SOONEST, hour), LATEST - SOONEST);
    if (startsAt) return { occasion, title, startsAt };
  }
}

/** The organizer-side users who post the gigs (the demo ones first); one is created when there is none. */
async function organizerSide(trx: Kysely<Database>): Promise<string[]> {
  const rows = await trx.selectFrom("users").innerJoin("user_roles", "user_roles.user_id", "users.id")
    .innerJoin("roles", "roles.id", "user_roles.role_id")
    .select(["users.id", "users.email"]).distinct()
    .where("roles.name", "in", ["promoter", "organizer", "venue_manager"])
    .where("users.email", "like", "%@demo.artistspace.in")
    .orderBy("users.email").execute();
  if (rows.length) return rows.map((r) => r.id);
  const user = await trx.insertInto("users").values({
    email: "gigs.organizer@demo.artistspace.in",
    display_name: "Gigs Organizer",
    status: "active",
    locale: "en-IN",
    metadata: JSON.stringify({ demo: true }),
  }).returning("id").executeTakeFirstOrThrow();
  await trx.insertInto("user_roles").columns(["user_id", "role_id"])
    .expression((eb) =>
      eb.selectFrom("roles").select([eb.val(user.id).as("user_id"), "id"]).where("name", "=", "organizer")
    )
    .execute();
  return [user.id];
}
