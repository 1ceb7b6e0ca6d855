/**
 * The catalogue's past: two years of bookings between its acts and a pool of
 * organizers (venue managers among them, at their own venues), so that trust
 * scores, review counts and organizer pages have something true to say from
 * the first start. Nobody types a score here:
 * the demo seed scores every act, venue and organizer from these rows
 * through the trust services (server/demo_seed.ts).
 *
 * Each booking is replayed through the booking machine (`transition`), event
 * by event at its own moment, so the history holds only what the platform
 * could have written: a request the act quotes on (quickly or slowly, as
 * that act does), a counter-offer now and then, acceptance, the deposit
 * before the show, the balance before it or, for a few organizers, weeks
 * late, and the organizer completing the show; some requests are declined
 * or lapse unanswered, and some confirmed shows are cancelled by one side
 * before any money moved. Both sides review most played shows, their
 * ratings drawn around each act's and organizer's own standard. One show,
 * three nights ago, is disputed by its organizer and waits for an admin's
 * ruling.
 *
 * Rows are written in bulk (bookings, offers, timeline, captured payments
 * with their ledger postings, reviews), dated as they happened; every show
 * but the disputed one is more than three weeks old, so its review window
 * has closed and the reviews are public. Their contracts are drafted and signed afterwards by
 * the contract services (server/demo_contracts.ts), dated before the
 * deposit; they have no invoices (their parties are catalogue people nobody
 * signs in as). Drawn from one seeded
 * PRNG in a fixed order, so a seed gives the same history every time.
 */
import type { Kysely, Transaction } from "kysely";
import { withAuditContext } from "./audit.ts";
import { Rng } from "./rng.ts";
import type { Database } from "./schema.ts";
import {
  type BookingEvent,
  type BookingSnapshot,
  type BookingState,
  type Effect,
  type MachineActor,
  transition,
} from "../domain/booking_machine.ts";
import { capturePosting, DEFAULT_PLATFORM_FEE_BPS, type Posting, releasePosting } from "../domain/ledger.ts";
import { depositAmount, endsAt, feeShare, type OfferTerms } from "../domain/negotiation.ts";
import { CATEGORIES, type Category, type ReviewSide } from "../domain/reviews.ts";

export interface SeedHistoryOptions {
  /** The day the history ends. */
  now: Date;
  seed?: number;
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** The newest show is this old, so both review windows (14 days) have closed. */
const NEWEST_SHOW_DAYS = 21;
const OLDEST_SHOW_DAYS = 730;
const ORGANIZER_DOMAIN = "organizers.demo.artistspace.in";
/** The sandbox's fee on a capture, as its checkouts charge it. */
const SANDBOX_FEE_BPS = 200;

/** [first, last, role, how often their balance comes late, how well they treat acts (1-5)]. */
const ORGANIZERS: readonly [string, string, "organizer" | "promoter", number, number][] = [
  ["Rhea", "Malhotra", "organizer", 0, 4.8],
  ["Sameer", "Joshi", "promoter", 0.05, 4.5],
  ["Nikhil", "Bose", "promoter", 0.45, 3.4],
  ["Tara", "Fernandes", "organizer", 0.1, 4.3],
  ["Aditi", "Rao", "organizer", 0, 4.9],
  ["Varun", "Sethi", "promoter", 0.25, 3.9],
  ["Leela", "Krishnan", "organizer", 0.02, 4.6],
  ["Omar", "Sheikh", "promoter", 0.6, 2.9],
  ["Pallavi", "Gokhale", "organizer", 0.08, 4.4],
  ["Jaydeep", "Barua", "promoter", 0.15, 4.1],
];

const PRAISE_OF_ACTS = [
  "Held the room from the first song to the encore.",
  "Arrived early, sound-checked twice, and played beyond the agreed set.",
  "Exactly what we booked; guests are still asking for their name.",
  "Professional from the first message to the last note.",
];
const FAIR_OF_ACTS = [
  "A good set, though they started twenty minutes late.",
  "Played well; the second half dragged a little.",
  "Fine on the night, slow to confirm the details before it.",
];
const POOR_OF_ACTS = [
  "Late, and the set was shorter than agreed.",
  "Not the act the videos promised.",
];
const PRAISE_OF_ORGANIZERS = [
  "Paid on time, fed the band, and the sound engineer knew his desk.",
  "Clear brief, a proper green room, and the balance before we packed up.",
  "One of the best-run nights we have played.",
];
const FAIR_OF_ORGANIZERS = [
  "Decent stage; the sound check was rushed.",
  "Friendly crew, though the schedule kept changing.",
];
const POOR_OF_ORGANIZERS = [
  "The balance came weeks after the show, after many reminders.",
  "No green room and a PA that could not cope.",
];

interface CatalogAct {
  id: string;
  ownerId: string;
  cityId: number | null;
  fee: number;
}

interface Organizer {
  id: string;
  lateBalance: number;
  hospitality: number;
}

/** One step of a booking's past: the machine's event, who made it and when. */
interface Step {
  event: BookingEvent;
  actor: MachineActor;
  userId: string | null;
  at: Date;
}

interface PastBooking {
  act: CatalogAct;
  organizer: Organizer;
  venueId: string | null;
  cityId: number | null;
  title: string;
  requestedAt: Date;
  startsAt: Date;
  minutes: number;
  fee: number;
  steps: Step[];
  reviews: {
    side: ReviewSide;
    overall: number;
    categories: Record<string, number>;
    text: string;
    at: Date;
  }[];
}

/**
 * Seeds the history in `trx` unless its organizers exist already, or the
 * catalogue has no acts. Returns how many bookings it wrote.
 */
export async function seedHistory(
  trx: Transaction<Database>,
  { now, seed = 2024 }: SeedHistoryOptions,
): Promise<number> {
  const marker = await trx.selectFrom("users").select("id")
    .where("email", "like", `%@${ORGANIZER_DOMAIN}`).limit(1).executeTakeFirst();
  if (marker) return 0;
  const acts: CatalogAct[] = (await trx.selectFrom("acts").innerJoin("users", "users.id", "acts.owner_id")
    .select(["acts.id", "acts.owner_id", "acts.home_city_id", "acts.budget_standard"])
    .where("users.email", "like", "%@catalog.demo.artistspace.in")
    .orderBy("acts.slug").execute())
    .map((a) => ({ id: a.id, ownerId: a.owner_id, cityId: a.home_city_id, fee: Number(a.budget_standard) }));
  if (acts.length === 0) return 0;
  await withAuditContext(trx, { userAgent: "db/seed_history.ts" });
  const venues = await trx.selectFrom("venues").select(["id", "city_id", "name", "owner_id"]).orderBy("slug")
    .execute();

  const r = new Rng(seed);
  const history = new Date(now.getTime() - OLDEST_SHOW_DAYS * DAY);
  // Everyone in the catalogue joined before the history began, some long before.
  const owners = [...new Set(acts.map((a) => a.ownerId))];
  for (const id of owners) {
    await trx.updateTable("users").set({ created_at: new Date(history.getTime() - r.int(30, 400) * DAY) })
      .where("id", "=", id).execute();
  }
  const organizers = await insertOrganizers(trx, history, r);
  // Venue managers put on nights in their own rooms too: those shows are what a venue's score is made of.
  const hosts = new Map<string, Organizer>();
  const hostOf = (ownerId: string) => {
    if (!hosts.has(ownerId)) {
      hosts.set(ownerId, {
        id: ownerId,
        lateBalance: r.pick([0, 0, 0.1, 0.3]),
        hospitality: 3.5 + r.next() * 1.4,
      });
    }
    return hosts.get(ownerId)!;
  };

  const bookings: PastBooking[] = [];
  for (const act of acts) {
    // Acts keep their own habits: how well they play, how fast they answer, how often they drop out.
    const quality = 3.3 + r.next() * 1.65;
    const answerHours = r.pick([1, 2, 4, 12, 30, 60]);
    const dropsOut = r.pick([0, 0, 0, 0.05, 0.12]);
    const count = r.chance(0.5) ? 0 : r.int(1, 3);
    const days = r.sample(
      Array.from({ length: OLDEST_SHOW_DAYS - NEWEST_SHOW_DAYS }, (_, i) => NEWEST_SHOW_DAYS + i),
      count,
    ).sort((a, b) => b - a);
    for (const daysAgo of days) {
      const local = venues.filter((v) => v.city_id === act.cityId);
      const venue = local.length > 0 && r.chance(0.6) ? r.pick(local) : null;
      const organizer = venue && r.chance(0.4) ? hostOf(venue.owner_id) : r.pick(organizers);
      const startsAt = new Date(indiaEvening(now, daysAgo, r.int(18, 21)));
      const fee = Math.max(1_000_000, Math.round(act.fee * (0.8 + r.next() * 0.4) / 100_000) * 100_000);
      const past = pastOf(r, {
        act,
        organizer,
        venueId: venue?.id ?? null,
        cityId: venue?.city_id ?? act.cityId,
        title: venue ? `${r.pick(OCCASIONS)} at ${venue.name}` : r.pick(OCCASIONS),
        startsAt,
        minutes: r.pick([60, 90, 120, 150]),
        fee,
        quality,
        answerHours,
        dropsOut,
      });
      bookings.push(past);
    }
  }
  // The first act's newest booking is three weeks old, so this one takes nothing of its calendar.
  bookings.push(disputedShow(acts[0], organizers[2], now));
  await writeHistory(trx, bookings);
  return bookings.length;
}

const OCCASIONS = [
  "Sangeet night",
  "Corporate annual day",
  "Wedding reception",
  "College fest",
  "Sufi evening",
  "Rooftop night",
  "Indie showcase",
  "Anniversary party",
  "Club night",
];

/** `daysAgo` days before `now`, at `hour` o'clock in India (UTC+5:30), on the hour. */
function indiaEvening(now: Date, daysAgo: number, hour: number): number {
  const day = new Date(now.getTime() - daysAgo * DAY);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour) - 5.5 * HOUR;
}

async function insertOrganizers(trx: Kysely<Database>, since: Date, r: Rng): Promise<Organizer[]> {
  const roles = new Map(
    (await trx.selectFrom("roles").select(["id", "name"]).execute()).map((x) => [x.name, x.id]),
  );
  const rows = await trx.insertInto("users").values(ORGANIZERS.map(([first, last]) => ({
    username: `${first}_${last}`.toLowerCase(),
    email: `${first}.${last}@${ORGANIZER_DOMAIN}`.toLowerCase(),
    first_name: first,
    last_name: last,
    display_name: `${first} ${last}`,
    status: "active" as const,
    locale: "en-IN",
    metadata: JSON.stringify({ demo: true, catalog: true }),
    created_at: new Date(since.getTime() - r.int(60, 500) * DAY),
  }))).returning("id").execute();
  await trx.insertInto("user_roles").values(ORGANIZERS.map(([, , role], i) => ({
    user_id: rows[i].id,
    role_id: roles.get(role)!,
  }))).execute();
  return ORGANIZERS.map(([, , , lateBalance, hospitality], i) => ({
    id: rows[i].id,
    lateBalance,
    hospitality,
  }));
}

/** One booking's past, replayed through the booking machine from its request to its end. */
function pastOf(
  r: Rng,
  b: Omit<PastBooking, "steps" | "reviews" | "requestedAt"> & {
    quality: number;
    answerHours: number;
    dropsOut: number;
  },
): PastBooking {
  const requestedAt = new Date(b.startsAt.getTime() - r.int(20, 90) * DAY);
  const show = b.startsAt.getTime();
  const ends = endsAt(b.startsAt, b.minutes).getTime();
  const steps: Step[] = [];
  let clock = requestedAt.getTime();
  const later = (ms: number) => new Date(clock += Math.max(60_000, Math.round(ms)));
  const act = (event: BookingEvent, at: Date) =>
    steps.push({ event, actor: "act", userId: b.act.ownerId, at });
  const organizer = (event: BookingEvent, at: Date) =>
    steps.push({ event, actor: "organizer", userId: b.organizer.id, at });
  // Payments are the ledger's to record, as the gateway reports them.
  const ledger = (event: BookingEvent, at: Date) => steps.push({ event, actor: "system", userId: null, at });
  const terms = (fee: number, at: Date) => offerTerms(b, fee, at);
  const answer = () => b.answerHours * HOUR * (0.3 + r.next() * 1.7);
  const past = (steps: Step[]): PastBooking => ({ ...b, requestedAt, steps, reviews: [] });

  // Some requests the act turns down, or never answers.
  if (r.chance(0.08)) {
    const at = later(answer());
    act({ type: "decline", by: "act", reason: "Not free that night" }, at);
    return past(steps);
  }
  if (r.chance(0.05)) {
    steps.push({ event: { type: "expire" }, actor: "system", userId: null, at: new Date(show) });
    return past(steps);
  }
  const quoted = Math.round(b.fee * 1.1 / 100_000) * 100_000;
  let at = later(answer());
  act({ type: "offer", by: "act", offer: terms(quoted, at) }, at);
  let agreed = quoted;
  if (quoted > b.fee && r.chance(0.4)) {
    agreed = b.fee;
    at = later(r.int(2, 36) * HOUR);
    organizer({ type: "counter", by: "organizer", offer: terms(b.fee, at) }, at);
    act({ type: "accept", by: "act" }, later(answer()));
  } else {
    organizer({ type: "accept", by: "organizer" }, later(r.int(1, 48) * HOUR));
  }

  // Before any money moves, one side may still call it off, some of them close to the night.
  const leadDays = r.int(1, 30);
  const cancelAt = new Date(show - leadDays * DAY - r.int(1, 12) * HOUR);
  if (cancelAt.getTime() > clock && r.chance(b.dropsOut)) {
    act({ type: "cancel", reason: "The act had to cancel" }, cancelAt);
    return past(steps);
  }
  if (cancelAt.getTime() > clock && r.chance(0.05)) {
    organizer({ type: "cancel", reason: "The event was called off" }, cancelAt);
    return past(steps);
  }

  const deposit = depositAmount(agreed, 3000);
  // A day at least after acceptance: both sign the contract first (server/demo_contracts.ts).
  const depositAt = new Date(Math.max(clock + DAY, show - r.int(3, 14) * DAY));
  clock = depositAt.getTime();
  ledger({ type: "pay_deposit", amount: deposit }, depositAt);
  act({ type: "schedule" }, later(r.int(2, 48) * HOUR));
  const late = r.chance(b.organizer.lateBalance);
  if (!late) ledger({ type: "pay_balance", amount: agreed - deposit }, later((show - clock) * r.next()));
  clock = ends;
  organizer({ type: "complete" }, later(r.int(1, 20) * HOUR));
  if (late) ledger({ type: "pay_balance", amount: agreed - deposit }, later(r.int(9, 30) * DAY));

  const played = past(steps);
  const completedAt = steps.find((s) => s.event.type === "complete")!.at.getTime();
  if (r.chance(0.85)) {
    const overall = stars(b.quality + (r.next() - 0.5) * 1.2);
    played.reviews.push({
      side: "organizer",
      overall,
      categories: ratings(r, "organizer", overall),
      text: r.pick(overall >= 4 ? PRAISE_OF_ACTS : overall === 3 ? FAIR_OF_ACTS : POOR_OF_ACTS),
      at: new Date(completedAt + r.int(2, 240) * HOUR),
    });
  }
  if (r.chance(0.75)) {
    const overall = stars(b.organizer.hospitality - (late ? 1 : 0) + (r.next() - 0.5) * 1.2);
    const categories = ratings(r, "act", overall);
    if (late) categories.paid_on_time = r.int(1, 2);
    played.reviews.push({
      side: "act",
      overall,
      categories,
      text: late ? POOR_OF_ORGANIZERS[0] : r.pick(
        overall >= 4 ? PRAISE_OF_ORGANIZERS : overall === 3 ? FAIR_OF_ORGANIZERS : POOR_OF_ORGANIZERS,
      ),
      at: new Date(completedAt + r.int(2, 240) * HOUR),
    });
  }
  return played;
}

/** The history's terms: the organizer covers travel and stay; an offer stands a week, or until the show. */
function offerTerms(
  b: { startsAt: Date; minutes: number; venueId: string | null },
  fee: number,
  at: Date,
): OfferTerms {
  return {
    fee,
    currency: "INR",
    depositBps: 3000,
    startsAt: b.startsAt,
    durationMinutes: b.minutes,
    travel: "organizer",
    accommodation: "organizer",
    sound: b.venueId ? "venue" : "organizer",
    cancellationTier: "standard",
    expiresAt: new Date(Math.min(at.getTime() + 7 * DAY, b.startsAt.getTime() - HOUR)),
  };
}

/**
 * Three nights ago, paid in full, and disputed by its organizer the next
 * morning: the open case the admin console's disputes page shows.
 */
function disputedShow(act: CatalogAct, organizer: Organizer, now: Date): PastBooking {
  const startsAt = new Date(indiaEvening(now, 3, 20));
  const show = startsAt.getTime();
  const b = { startsAt, minutes: 120, venueId: null };
  const fee = Math.max(1_000_000, Math.round(act.fee / 100_000) * 100_000);
  const at = (ms: number) => new Date(show + ms);
  const steps: Step[] = [
    {
      event: { type: "offer", by: "act", offer: offerTerms(b, fee, at(-30 * DAY)) },
      actor: "act",
      userId: act.ownerId,
      at: at(-30 * DAY),
    },
    {
      event: { type: "accept", by: "organizer" },
      actor: "organizer",
      userId: organizer.id,
      at: at(-29 * DAY),
    },
    {
      event: { type: "pay_deposit", amount: depositAmount(fee, 3000) },
      actor: "system",
      userId: null,
      at: at(-20 * DAY),
    },
    { event: { type: "schedule" }, actor: "act", userId: act.ownerId, at: at(-19 * DAY) },
    {
      event: { type: "pay_balance", amount: fee - depositAmount(fee, 3000) },
      actor: "system",
      userId: null,
      at: at(-2 * DAY),
    },
    {
      event: { type: "dispute", reason: DISPUTE_REASON },
      actor: "organizer",
      userId: organizer.id,
      at: at(16 * HOUR),
    },
  ];
  return {
    act,
    organizer,
    venueId: null,
    cityId: act.cityId,
    title: "Club night",
    requestedAt: at(-31 * DAY),
    startsAt,
    minutes: b.minutes,
    fee,
    steps,
    reviews: [],
  };
}

/** Why the demo's open dispute was raised. */
export const DISPUTE_REASON =
  "The set ran 50 minutes of the 120 agreed, and the act went on an hour after the doors opened.";

function stars(x: number): number {
  return Math.min(5, Math.max(1, Math.round(x)));
}

/** A side's category ratings, each within a star of its overall rating. */
function ratings(r: Rng, side: ReviewSide, overall: number): Record<string, number> {
  return Object.fromEntries(
    (CATEGORIES[side] as readonly Category[]).map((c) => [c, stars(overall + r.int(-1, 1) * 0.6)]),
  );
}

/** Replays one booking's steps through the machine; refuses (throws) anything it would refuse. */
function replay(b: PastBooking): {
  final: BookingSnapshot;
  events: { step: Step; from: BookingState | null; to: BookingState; effects: Effect[] }[];
} {
  // What the request asked for: the history's terms at the organizer's budget.
  const { expiresAt: _lapses, ...asked } = offerTerms(b, b.fee, b.requestedAt);
  let s: BookingSnapshot = {
    status: "inquiry",
    terms: asked,
    openOffer: null,
    offersMade: 0,
    paid: 0,
    refundDue: 0,
    disputed: false,
    contractSigned: false,
  };
  const events = [];
  for (const step of b.steps) {
    const result = transition(s, step.event, step.actor, step.at);
    if (!result.ok) {
      throw new Error(`The history of "${b.title}" breaks the booking machine: ${result.error.message}`);
    }
    events.push({ step, from: s.status, to: result.next.status, effects: result.effects });
    // The history's contracts were signed as soon as the terms were agreed (it keeps no contract rows).
    s = { ...result.next, contractSigned: result.next.status === "confirmed" || s.contractSigned };
  }
  return { final: s, events };
}

async function writeHistory(trx: Kysely<Database>, past: PastBooking[]): Promise<void> {
  const replayed = past.map((b) => ({ b, ...replay(b) }));
  const ids = await chunked(
    replayed,
    (chunk) =>
      trx.insertInto("bookings").values(chunk.map(({ b, final, events }) => ({
        act_id: b.act.id,
        organizer_id: b.organizer.id,
        venue_id: b.venueId,
        city_id: b.cityId,
        title: b.title,
        status: final.status,
        starts_at: b.startsAt,
        duration_minutes: b.minutes,
        fee: final.terms.fee,
        deposit_bps: 3000,
        sound: b.venueId ? "venue" as const : "organizer" as const,
        offers_made: final.offersMade,
        disputed: final.disputed,
        paid: final.paid,
        cancellation: cancellationOf(events),
        message: "Are you free that evening?",
        created_at: b.requestedAt,
        updated_at: b.steps.at(-1)?.at ?? b.requestedAt,
      }))).returning("id").execute(),
  );
  const offers = [];
  const timeline = [];
  const payments = [];
  const postings: { posting: Posting; at: Date; paymentKey?: string }[] = [];
  const reviews = [];
  for (const [i, { b, events }] of replayed.entries()) {
    const bookingId = ids[i].id;
    timeline.push({
      booking_id: bookingId,
      actor_id: b.organizer.id,
      party: "organizer" as const,
      event: "request",
      from_status: null,
      to_status: "inquiry" as const,
      detail: JSON.stringify({ source: "request", title: b.title }),
      created_at: b.requestedAt,
    });
    let held = 0;
    let releases = 0;
    for (const { step, from, to, effects } of events) {
      timeline.push({
        booking_id: bookingId,
        actor_id: step.userId,
        party: step.actor,
        event: step.event.type,
        from_status: from,
        to_status: to,
        detail: JSON.stringify("reason" in step.event ? { reason: step.event.reason } : {}),
        created_at: step.at,
      });
      for (const effect of effects) {
        if (effect.type === "record_offer") {
          offers.push({
            booking_id: bookingId,
            round: effect.round,
            made_by: effect.by,
            made_by_user: step.userId,
            fee: effect.offer.fee,
            currency: "INR",
            deposit_bps: effect.offer.depositBps,
            starts_at: effect.offer.startsAt,
            duration_minutes: effect.offer.durationMinutes,
            sound: effect.offer.sound,
            expires_at: effect.offer.expiresAt,
            created_at: step.at,
          });
        } else if (effect.type === "close_offer") {
          const offer = offers.findLast((o) => o.booking_id === bookingId && o.round === effect.round)!;
          Object.assign(offer, { status: effect.outcome, closed_at: step.at });
        } else if (effect.type === "record_payment") {
          const type = step.event.type === "pay_deposit" ? "deposit" as const : "final" as const;
          const ref = `sbx_pay_history_${bookingId.slice(0, 8)}_${type}`;
          const fee = feeShare(effect.amount, SANDBOX_FEE_BPS);
          payments.push({
            booking_id: bookingId,
            payer_id: b.organizer.id,
            payee_id: b.act.ownerId,
            amount: effect.amount,
            currency: "INR",
            payment_type: type,
            status: "captured" as const,
            gateway: "sandbox" as const,
            idempotency_key: `booking:${bookingId}:${type}:1`,
            checkout_ref: `sbx_order_history_${bookingId.slice(0, 8)}_${type}`,
            gateway_transaction_id: ref,
            gateway_fee: fee,
            method: "upi",
            initiated_at: new Date(step.at.getTime() - 5 * 60_000),
            completed_at: step.at,
          });
          const base = { bookingId, currency: "INR" };
          postings.push({
            posting: capturePosting({
              ...base,
              id: `capture:sandbox:${ref}`,
              amount: effect.amount,
              gatewayFee: fee,
            }),
            at: step.at,
            paymentKey: `booking:${bookingId}:${type}:1`,
          });
          held += effect.amount;
        } else if (effect.type === "release_escrow" && held > 0) {
          // As the payment services release: what escrow holds, each release numbered.
          const base = { id: `${bookingId}:release:${++releases}`, bookingId, currency: "INR" };
          const posting = releasePosting({ ...base, amount: held, feeBps: DEFAULT_PLATFORM_FEE_BPS });
          postings.push({ posting, at: step.at });
          held = 0;
        }
      }
    }
    for (const review of b.reviews) {
      reviews.push({
        booking_id: bookingId,
        author_id: review.side === "organizer" ? b.organizer.id : b.act.ownerId,
        side: review.side,
        subject_act_id: review.side === "organizer" ? b.act.id : null,
        subject_user_id: review.side === "act" ? b.organizer.id : null,
        overall: review.overall,
        ...review.categories,
        text: review.text,
        submitted_at: review.at,
      });
    }
  }
  await chunked(offers, (chunk) => trx.insertInto("booking_offers").values(chunk).execute());
  await chunked(timeline, (chunk) => trx.insertInto("booking_events").values(chunk).execute());
  const paymentIds = new Map(
    (await chunked(
      payments,
      (chunk) => trx.insertInto("payments").values(chunk).returning(["id", "idempotency_key"]).execute(),
    ))
      .map((p) => [p.idempotency_key, p.id]),
  );
  await chunked(
    postings,
    (chunk) =>
      trx.insertInto("ledger_postings").values(chunk.map(({ posting, at, paymentKey }) => ({
        id: posting.id,
        booking_id: posting.bookingId,
        currency: posting.currency,
        kind: posting.kind,
        payment_id: paymentKey ? paymentIds.get(paymentKey)! : null,
        refund_id: null,
        created_at: at,
      }))).execute(),
  );
  await chunked(
    postings.flatMap(({ posting }) =>
      posting.entries.map((e, i) => ({
        posting_id: posting.id,
        seq: i + 1,
        booking_id: posting.bookingId,
        account: e.account,
        amount: e.amount,
      }))
    ),
    (chunk) => trx.insertInto("ledger_entries").values(chunk).execute(),
  );
  await chunked(reviews, (chunk) => trx.insertInto("reviews").values(chunk).execute());
}

/** The cancellation split the machine settled, for a booking cancelled once confirmed. */
function cancellationOf(events: { effects: Effect[] }[]): string | null {
  const settled = events.flatMap((e) => e.effects).find((e) => e.type === "settle_cancellation");
  return settled && settled.type === "settle_cancellation" ? JSON.stringify(settled.split) : null;
}

/** Keeps each INSERT's parameters well under PostgreSQL's 65535. */
async function chunked<T, R>(rows: T[], insert: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += 400) out.push(...await insert(rows.slice(i, i + 400)));
  return out;
}
