/**
 * The demo people's own desks, so signing in as one of them shows a working
 * dashboard rather than empty lists: Asha (artist) and Bharat (band manager)
 * get an act each, Esha (venue manager) a venue, and Dev (organizer) and
 * Chitra (promoter) bookings with them in the states people meet first: a
 * request waiting for a quote, an offer waiting for an answer, a
 * counter-offer, and confirmed shows; two of Chitra's are at Esha's venue,
 * which waits for staff to verify it (its request is in the console's queue).
 * One of Chitra's confirmed shows with the band was ten days ago, and one of
 * Dev's with Asha twelve: the payments demo (server/demo_payments.ts) pays
 * and completes both, so earnings have something to show and both sides of
 * two shows have a review to write. Bharat's band has a line-up with
 * fee shares, Asha among them as its guest singer, so a member's view of the
 * earnings can be seen by signing in. Rows are written as the booking
 * machine would have left them, timeline included.
 */
import type { Kysely } from "kysely";
import type { BookingState } from "../domain/booking_machine.ts";
import type { Database } from "./schema.ts";
import { firstFittingStart } from "../domain/event_timing.ts";
import { indiaMidnightOf } from "../domain/india_time.ts";

const DAY = 24 * 60 * 60 * 1000;
const EMAIL = (name: string) => `${name}@demo.artistspace.in`;

interface DeskBooking {
  organizer: string;
  act: "asha" | "bharat";
  title: string;
  /** Where it is: a city and its state (names repeat across states). */
  city: [string, string];
  /**
   * Days from today at the earliest, and the hour in India. The day moves on
   * until it fits the title ("New Year's Eve" is on 31 December).
   */
  inDays: number;
  hour: number;
  minutes: number;
  /** Offers in order, alternating from `firstBy`; the last is open unless the booking is confirmed. */
  fees: number[];
  firstBy: "act" | "organizer";
  status: BookingState;
  message: string;
  /** At Esha's venue (in `city`), so her dashboard and calendar have its shows. */
  atVenue?: true;
}

const BOOKINGS: readonly DeskBooking[] = [
  {
    organizer: "dev.organizer",
    act: "asha",
    title: "Wedding reception at the Lake Palace, Udaipur",
    city: ["Udaipur", "Rajasthan"],
    inDays: 45,
    hour: 20,
    minutes: 120,
    fees: [],
    firstBy: "organizer",
    status: "inquiry",
    message: "300 guests, ghazals and old Bollywood. Are you free?",
  },
  {
    organizer: "dev.organizer",
    act: "asha",
    title: "Annual offsite, Lonavla",
    city: ["Lonavla", "Maharashtra"],
    inDays: 25,
    hour: 19,
    minutes: 90,
    fees: [8_000_000],
    firstBy: "organizer",
    status: "offered",
    message: "An acoustic evening for 80 colleagues.",
  },
  {
    organizer: "dev.organizer",
    act: "asha",
    title: "New Year's Eve, Panaji",
    city: ["Panaji", "Goa"],
    inDays: 7,
    hour: 22,
    minutes: 150,
    fees: [15_000_000, 12_000_000, 13_500_000],
    firstBy: "act",
    status: "confirmed",
    message: "Beach stage, midnight countdown.",
  },
  {
    organizer: "dev.organizer",
    act: "asha",
    title: "Book launch, Pune",
    city: ["Pune", "Maharashtra"],
    inDays: 35,
    // Midday: should it fall on 31 December, its travel buffer stays clear of New Year's Eve's.
    hour: 12,
    minutes: 90,
    fees: [9_000_000],
    firstBy: "act",
    status: "confirmed",
    message: "A reading and a short set of ghazals for 120 guests.",
  },
  {
    organizer: "dev.organizer",
    act: "asha",
    title: "Ghazal evening, Pune",
    city: ["Pune", "Maharashtra"],
    inDays: -12,
    hour: 19,
    minutes: 120,
    fees: [8_500_000, 8_000_000],
    firstBy: "act",
    status: "confirmed",
    message: "An evening of ghazals for our patrons, 150 seats.",
  },
  {
    organizer: "chitra.promoter",
    act: "bharat",
    title: "Album launch gig, Kochi",
    city: ["Kochi", "Kerala"],
    inDays: -10,
    hour: 20,
    minutes: 120,
    fees: [12_000_000, 14_000_000],
    firstBy: "organizer",
    status: "confirmed",
    message: "Launching the album at home, 400 tickets.",
  },
  {
    organizer: "chitra.promoter",
    act: "bharat",
    title: "Indie night at the Hard Rock, Bengaluru",
    city: ["Bengaluru", "Karnataka"],
    inDays: 30,
    hour: 21,
    minutes: 90,
    fees: [20_000_000, 25_000_000],
    firstBy: "organizer",
    status: "negotiating",
    message: "Headline slot, 600 tickets.",
  },
  {
    organizer: "chitra.promoter",
    act: "bharat",
    title: "Rooftop sessions at The Baradari",
    city: ["Mumbai", "Maharashtra"],
    inDays: 20,
    hour: 20,
    minutes: 120,
    fees: [18_000_000, 16_000_000],
    firstBy: "act",
    status: "confirmed",
    message: "Two sets on the terrace, 250 tickets.",
    atVenue: true,
  },
  {
    organizer: "chitra.promoter",
    act: "bharat",
    title: "Unplugged set at The Baradari",
    city: ["Mumbai", "Maharashtra"],
    inDays: 55,
    hour: 19,
    minutes: 90,
    fees: [],
    firstBy: "organizer",
    status: "inquiry",
    message: "An acoustic set for our regulars.",
    atVenue: true,
  },
];

/** The band's line-up besides its manager: who plays what, and their share of each fee in basis points. */
const LINE_UP: readonly { first: string; last: string; role: string; feeShareBps: number; user?: string }[] =
  [
    { first: "Anand", last: "Varghese", role: "Guitar and vocals", feeShareBps: 2000 },
    { first: "Meera", last: "Nair", role: "Bass", feeShareBps: 2000 },
    { first: "Joseph", last: "Kurian", role: "Drums", feeShareBps: 2000 },
    { first: "Lakshmi", last: "Pillai", role: "Trumpet", feeShareBps: 1500 },
    // The band's guest singer: a member who can sign in, to see a member's side of the band.
    { first: "Asha", last: "Rao", role: "Guest vocals", feeShareBps: 1000, user: "asha.artist" },
  ];

/** Seeds the desks in `trx` if the demo users exist and have no act yet; returns how many bookings. */
export async function seedDesks(trx: Kysely<Database>, now: Date): Promise<number> {
  const users = new Map(
    (await trx.selectFrom("users").select(["id", "email"])
      .where(
        "email",
        "in",
        ["asha.artist", "bharat.bandmanager", "dev.organizer", "chitra.promoter", "esha.venue"].map(EMAIL),
      )
      .execute()).map((u) => [u.email, u.id]),
  );
  const asha = users.get(EMAIL("asha.artist"));
  const bharat = users.get(EMAIL("bharat.bandmanager"));
  if (!asha || !bharat) return 0;
  if (await trx.selectFrom("acts").select("id").where("owner_id", "in", [asha, bharat]).executeTakeFirst()) {
    return 0;
  }
  const city = (name: string, state?: string) => {
    let query = trx.selectFrom("cities").innerJoin("states", "states.state_id", "cities.state_id")
      .select("cities.city_id").where("cities.name", "=", name);
    if (state) query = query.where("states.name", "=", state);
    return query.orderBy("cities.city_id").limit(1).executeTakeFirst().then((c) => c?.city_id ?? null);
  };
  const acts = {
    asha: await insertAct(trx, {
      owner_id: asha,
      kind: "solo",
      name: "Asha Rao",
      slug: "asha-rao",
      bio:
        "Ghazals, Sufi and the Bollywood songs your parents danced to, sung live with harmonium and tabla.",
      budget: [5_000_000, 9_000_000, 15_000_000],
      city: await city("Pune"),
      genres: ["ghazal", "sufi", "bollywood"],
    }),
    bharat: await insertAct(trx, {
      owner_id: bharat,
      kind: "band",
      name: "The Monsoon Collective",
      slug: "the-monsoon-collective",
      bio: "A five-piece from Kochi playing Malayalam indie rock with a brass section.",
      budget: [15_000_000, 25_000_000, 40_000_000],
      city: await city("Kochi"),
      genres: ["indie", "rock", "fusion"],
    }),
  };

  await insertLineUp(trx, acts.bharat, bharat, users, now);

  const esha = users.get(EMAIL("esha.venue"));
  const venue = esha === undefined ? undefined : await trx.insertInto("venues").values({
    owner_id: esha,
    name: "The Baradari",
    slug: "the-baradari-bandra",
    description: "A rooftop room in Bandra for acoustic sets and small bands.",
    capacity: 250,
    venue_type: "club",
    city_id: await city("Mumbai", "Maharashtra"),
    address: "Hill Road, Bandra West, Mumbai",
    amenities: ["green room", "in-house PA"],
    tech_specs: JSON.stringify({ paWatts: 4000, stage: "6x4 m" }),
    is_verified: false,
  }).returning(["id", "city_id"]).executeTakeFirstOrThrow();
  // Esha has asked to be verified: the admin console's queue has a real case to decide.
  if (venue) {
    await trx.insertInto("verification_requests").values({
      venue_id: venue.id,
      requested_by: esha!,
      links: ["https://thebaradari.in", "https://instagram.com/thebaradari"],
      note: "Our trade licence and the fire safety certificate are on our site's About page.",
    }).execute();
  }

  const today = indiaMidnightOf(now).getTime();
  for (const b of BOOKINGS) {
    const at = b.atVenue && venue;
    if (b.atVenue && !at) continue;
    const organizerId = users.get(EMAIL(b.organizer))!;
    const earliest = new Date(today + b.inDays * DAY + b.hour * 60 * 60 * 1000);
    const startsAt = firstFittingStart(b.title, earliest);
    if (!startsAt) throw new Error(`No day in the coming year fits "${b.title}"`);
    const terms = { starts_at: startsAt, duration_minutes: b.minutes, deposit_bps: 3000 };
    const agreed = b.fees.at(-1) ?? 0;
    const booking = await trx.insertInto("bookings").values({
      act_id: acts[b.act],
      organizer_id: organizerId,
      venue_id: at ? at.id : null,
      city_id: at ? at.city_id : await city(...b.city),
      title: b.title,
      status: b.status,
      ...terms,
      fee: agreed,
      offers_made: b.fees.length,
      message: b.message,
    }).returning("id").executeTakeFirstOrThrow();
    const events: {
      party: "act" | "organizer";
      event: string;
      from: BookingState | null;
      to: BookingState;
    }[] = [
      { party: "organizer", event: "request", from: null, to: "inquiry" },
    ];
    let status: BookingState = "inquiry";
    for (const [i, fee] of b.fees.entries()) {
      const by = (i % 2 === 0) === (b.firstBy === "act") ? "act" : "organizer";
      const last = i === b.fees.length - 1;
      const open = last && b.status !== "confirmed";
      await trx.insertInto("booking_offers").values({
        booking_id: booking.id,
        round: i + 1,
        made_by: by,
        made_by_user: by === "act" ? (b.act === "asha" ? asha : bharat) : organizerId,
        fee,
        currency: "INR",
        ...terms,
        expires_at: new Date(now.getTime() + 5 * DAY),
        status: open ? "open" : last ? "accepted" : "countered",
        closed_at: open ? null : now,
      }).execute();
      const to: BookingState = i === 0 ? "offered" : "negotiating";
      events.push({ party: by, event: i === 0 ? "offer" : "counter", from: status, to });
      status = to;
    }
    if (b.status === "confirmed") {
      const answeredBy = (b.fees.length % 2 === 1) === (b.firstBy === "act") ? "organizer" : "act";
      events.push({ party: answeredBy, event: "accept", from: status, to: "confirmed" });
    }
    await trx.insertInto("booking_events").values(events.map((e) => ({
      booking_id: booking.id,
      party: e.party,
      event: e.event,
      from_status: e.from,
      to_status: e.to,
      detail: "{}",
    }))).execute();
  }
  return BOOKINGS.filter((b) => venue || !b.atVenue).length;
}

/**
 * The band's members, accepted: the players get accounts of their own
 * (without a password: nobody signs in as them), the guest is a demo user.
 */
async function insertLineUp(
  trx: Kysely<Database>,
  bandId: string,
  managerId: string,
  users: Map<string, string>,
  now: Date,
): Promise<void> {
  const artistRole = await trx.selectFrom("roles").select("id").where("name", "=", "artist")
    .executeTakeFirstOrThrow();
  for (const m of LINE_UP) {
    let userId = m.user === undefined ? undefined : users.get(EMAIL(m.user));
    if (m.user !== undefined && userId === undefined) continue;
    if (userId === undefined) {
      const handle = `${m.first}.${m.last}`.toLowerCase();
      userId = (await trx.insertInto("users").values({
        username: handle.replace(".", "_"),
        email: `${handle}@members.demo.artistspace.in`,
        first_name: m.first,
        last_name: m.last,
        display_name: `${m.first} ${m.last}`,
        status: "active",
        locale: "en-IN",
        metadata: JSON.stringify({ demo: true }),
      }).returning("id").executeTakeFirstOrThrow()).id;
      await trx.insertInto("user_roles").values({ user_id: userId, role_id: artistRole.id }).execute();
    }
    await trx.insertInto("band_members").values({
      act_id: bandId,
      user_id: userId,
      role: m.role,
      fee_share_bps: m.feeShareBps,
      status: "accepted",
      invited_by: managerId,
      invited_at: new Date(now.getTime() - 90 * DAY),
      responded_at: new Date(now.getTime() - 89 * DAY),
    }).execute();
  }
}

interface DeskAct {
  owner_id: string;
  kind: "solo" | "band";
  name: string;
  slug: string;
  bio: string;
  budget: [number, number, number];
  city: number | null;
  genres: string[];
}

async function insertAct(trx: Kysely<Database>, act: DeskAct): Promise<string> {
  const { id } = await trx.insertInto("acts").values({
    owner_id: act.owner_id,
    kind: act.kind,
    name: act.name,
    slug: act.slug,
    bio: act.bio,
    budget_min: act.budget[0],
    budget_standard: act.budget[1],
    budget_premium: act.budget[2],
    home_city_id: act.city,
    languages: ["hi", "en"],
    social_links: "{}",
    is_verified: true,
  }).returning("id").executeTakeFirstOrThrow();
  await trx.insertInto("act_genres").columns(["act_id", "genre_id"])
    .expression((eb) =>
      eb.selectFrom("genres").select([eb.val(id).as("act_id"), "id"]).where("slug", "in", act.genres)
    ).execute();
  return id;
}
