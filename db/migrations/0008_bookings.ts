/**
 * The booking workflow: opportunities organizers post, applications acts
 * send, bookings with their offers and timeline, holds on an act's dates,
 * in-app notifications and the secret calendar feeds.
 *
 * The rule that matters most lives here, not only in the application: an act
 * can never be double-booked. `bookings_no_double_booking` is an exclusion
 * constraint over (act, occupied time) for bookings from confirmed onward, so
 * two concurrent confirmations of overlapping slots cannot both commit,
 * whatever the application checked before. The occupied time is the
 * performance plus a travel buffer on each side; it is kept by a trigger
 * because `timestamptz ± interval` is not immutable, so it cannot be an
 * index expression.
 *
 * The booking's status list must match OCCUPYING_STATES and BOOKING_STATES
 * in domain/booking_machine.ts (a test checks it).
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const BOOKING_STATES = sql.raw(
  `'inquiry', 'offered', 'negotiating', 'confirmed', 'paid_deposit', 'scheduled', 'completed', ` +
    `'cancelled', 'disputed', 'refunded'`,
);
const OCCUPYING_STATES = sql.raw(`'confirmed', 'paid_deposit', 'scheduled', 'completed', 'disputed'`);
const TERMS = sql.raw(`
    travel text not null default 'organizer' check (travel in ('organizer', 'act', 'shared')),
    accommodation text not null default 'organizer' check (accommodation in ('organizer', 'act', 'none')),
    sound text not null default 'venue' check (sound in ('venue', 'organizer', 'act')),
    cancellation_tier text not null default 'standard'
      check (cancellation_tier in ('flexible', 'standard', 'strict'))`);

const up: RawBuilder<unknown>[] = [
  sql`create extension if not exists btree_gist`,

  sql`create table opportunities (
    id uuid primary key default gen_random_uuid(),
    organizer_id uuid not null references users (id) on delete restrict,
    title text not null check (btrim(title) <> ''),
    description text,
    starts_at timestamptz not null,
    duration_minutes integer not null check (duration_minutes between 15 and 720),
    venue_id uuid references venues (id) on delete set null,
    city_id integer references cities (city_id) on delete set null,
    address text,
    budget_min bigint not null check (budget_min >= 0),
    budget_max bigint not null,
    currency char(3) not null default 'INR' check (currency ~ '^[A-Z]{3}$'),
    requirements text,
    application_deadline timestamptz not null,
    status text not null default 'open' check (status in ('open', 'closed', 'filled', 'cancelled')),
    search_document tsvector not null default ''::tsvector,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint opportunities_budget_order check (budget_min <= budget_max),
    constraint opportunities_deadline_before_start check (application_deadline <= starts_at),
    constraint opportunities_place check (venue_id is not null or city_id is not null)
  )`,
  sql`create index opportunities_open_idx on opportunities (starts_at, id) where status = 'open'`,
  sql`create index opportunities_organizer_idx on opportunities (organizer_id, starts_at)`,
  sql`create index opportunities_city_idx on opportunities (city_id)`,
  sql`create index opportunities_search_idx on opportunities using gin (search_document)`,
  sql`create trigger opportunities_set_updated_at before update on opportunities
    for each row execute function set_updated_at()`,
  sql`create trigger opportunities_audit after insert or update or delete on opportunities
    for each row execute function audit_row_change('search_document')`,
  // Weights: title A > city and venue B > description and requirements C.
  sql`create function opportunities_set_search_document() returns trigger language plpgsql as $$
    begin
      new.search_document := setweight(to_tsvector('simple', new.title), 'A')
        || setweight(to_tsvector('simple', coalesce(
             (select c.name || ' ' || s.name
                from cities c join states s on s.state_id = c.state_id
               where c.city_id = new.city_id), '')), 'B')
        || setweight(to_tsvector('simple', coalesce(
             (select v.name from venues v where v.id = new.venue_id), '')), 'B')
        || setweight(to_tsvector('simple',
             coalesce(new.description, '') || ' ' || coalesce(new.requirements, '')), 'C');
      return new;
    end
  $$`,
  sql`create trigger opportunities_search_document
    before insert or update of title, description, requirements, city_id, venue_id on opportunities
    for each row execute function opportunities_set_search_document()`,

  sql`create table opportunity_genres (
    opportunity_id uuid not null references opportunities (id) on delete cascade,
    genre_id smallint not null references genres (id) on delete restrict,
    primary key (opportunity_id, genre_id)
  )`,
  sql`create index opportunity_genres_genre_idx on opportunity_genres (genre_id, opportunity_id)`,

  sql`create table bookings (
    id uuid primary key default gen_random_uuid(),
    act_id uuid not null references acts (id) on delete restrict,
    organizer_id uuid not null references users (id) on delete restrict,
    opportunity_id uuid references opportunities (id) on delete set null,
    venue_id uuid references venues (id) on delete set null,
    city_id integer references cities (city_id) on delete set null,
    address text,
    title text not null check (btrim(title) <> ''),
    status text not null default 'inquiry' check (status in (${BOOKING_STATES})),
    starts_at timestamptz not null,
    duration_minutes integer not null check (duration_minutes between 15 and 720),
    ends_at timestamptz not null,
    travel_buffer_minutes integer not null default 180 check (travel_buffer_minutes between 0 and 1440),
    occupancy tstzrange not null,
    fee bigint not null check (fee >= 0),
    currency char(3) not null default 'INR' check (currency ~ '^[A-Z]{3}$'),
    deposit_bps integer not null default 3000 check (deposit_bps between 0 and 10000),
    ${TERMS},
    offers_made integer not null default 0 check (offers_made between 0 and 6),
    paid bigint not null default 0 check (paid >= 0),
    refund_due bigint not null default 0 check (refund_due >= 0),
    cancellation jsonb,
    message text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint bookings_no_double_booking exclude using gist (act_id with =, occupancy with &&)
      where (status in (${OCCUPYING_STATES}))
  )`,
  sql`create index bookings_act_idx on bookings (act_id, starts_at)`,
  sql`create index bookings_organizer_idx on bookings (organizer_id, starts_at)`,
  sql`create index bookings_venue_idx on bookings (venue_id, starts_at) where venue_id is not null`,
  sql`create index bookings_status_idx on bookings (status)`,
  sql`create function bookings_set_times() returns trigger language plpgsql as $$
    begin
      new.ends_at := new.starts_at + make_interval(mins => new.duration_minutes);
      new.occupancy := tstzrange(
        new.starts_at - make_interval(mins => new.travel_buffer_minutes),
        new.ends_at + make_interval(mins => new.travel_buffer_minutes), '[)');
      return new;
    end
  $$`,
  sql`create trigger bookings_set_times before insert or update of starts_at, duration_minutes,
    travel_buffer_minutes on bookings for each row execute function bookings_set_times()`,
  sql`create trigger bookings_set_updated_at before update on bookings
    for each row execute function set_updated_at()`,
  sql`create trigger bookings_audit after insert or update or delete on bookings
    for each row execute function audit_row_change()`,

  // Offers alternate between the parties; round 1 is the opening offer.
  sql`create table booking_offers (
    booking_id uuid not null references bookings (id) on delete cascade,
    round integer not null check (round between 1 and 6),
    made_by text not null check (made_by in ('act', 'organizer')),
    made_by_user uuid references users (id) on delete set null,
    fee bigint not null check (fee > 0),
    currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
    deposit_bps integer not null check (deposit_bps between 0 and 10000),
    starts_at timestamptz not null,
    duration_minutes integer not null check (duration_minutes between 15 and 720),
    ${TERMS},
    note text,
    expires_at timestamptz not null,
    status text not null default 'open'
      check (status in ('open', 'accepted', 'declined', 'countered', 'expired', 'withdrawn')),
    created_at timestamptz not null default now(),
    closed_at timestamptz,
    primary key (booking_id, round),
    constraint booking_offers_closed check ((status = 'open') = (closed_at is null))
  )`,
  sql`create unique index booking_offers_one_open on booking_offers (booking_id) where status = 'open'`,
  sql`create index booking_offers_expiry_idx on booking_offers (expires_at) where status = 'open'`,

  sql`create table booking_events (
    id bigint generated always as identity primary key,
    booking_id uuid not null references bookings (id) on delete cascade,
    actor_id uuid references users (id) on delete set null,
    party text not null check (party in ('act', 'organizer', 'admin', 'system')),
    event text not null check (btrim(event) <> ''),
    from_status text check (from_status in (${BOOKING_STATES})),
    to_status text not null check (to_status in (${BOOKING_STATES})),
    detail jsonb not null default '{}' check (jsonb_typeof(detail) = 'object'),
    created_at timestamptz not null default clock_timestamp()
  )`,
  sql`create index booking_events_booking_idx on booking_events (booking_id, id)`,
  // The timeline is history: it may grow, never change.
  sql`create trigger booking_events_no_update before update on booking_events
    for each row execute function audit_logs_append_only()`,

  sql`create table applications (
    id uuid primary key default gen_random_uuid(),
    opportunity_id uuid not null references opportunities (id) on delete cascade,
    act_id uuid not null references acts (id) on delete cascade,
    applicant_id uuid not null references users (id) on delete restrict,
    pitch text not null check (btrim(pitch) <> ''),
    proposed_fee bigint not null check (proposed_fee > 0),
    currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
    status text not null default 'submitted'
      check (status in ('submitted', 'shortlisted', 'rejected', 'accepted', 'withdrawn')),
    booking_id uuid references bookings (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint applications_booking_iff_accepted check ((status = 'accepted') = (booking_id is not null))
  )`,
  // An act may apply again after withdrawing, never twice at once.
  sql`create unique index applications_one_live on applications (opportunity_id, act_id)
    where status <> 'withdrawn'`,
  sql`create index applications_act_idx on applications (act_id, created_at)`,
  sql`create index applications_opportunity_idx on applications (opportunity_id, status)`,
  sql`create trigger applications_set_updated_at before update on applications
    for each row execute function set_updated_at()`,
  sql`create trigger applications_audit after insert or update or delete on applications
    for each row execute function audit_row_change()`,

  // Ranked holds on an act's date: the first hold has the right to book; when
  // it is released the next moves up. Deferred, so one statement can shift
  // every rank at once.
  sql`create table act_holds (
    id uuid primary key default gen_random_uuid(),
    act_id uuid not null references acts (id) on delete cascade,
    holder_id uuid not null references users (id) on delete cascade,
    booking_id uuid references bookings (id) on delete set null,
    hold_date date not null,
    rank integer not null check (rank >= 1),
    status text not null default 'active' check (status in ('active', 'released', 'expired', 'converted')),
    expires_at timestamptz not null,
    note text,
    created_at timestamptz not null default now(),
    ended_at timestamptz,
    constraint act_holds_ended check ((status = 'active') = (ended_at is null)),
    constraint act_holds_rank_unique exclude using gist (act_id with =, hold_date with =, rank with =)
      where (status = 'active') deferrable initially deferred
  )`,
  sql`create unique index act_holds_one_per_holder on act_holds (act_id, hold_date, holder_id)
    where status = 'active'`,
  sql`create index act_holds_expiry_idx on act_holds (expires_at) where status = 'active'`,
  sql`create trigger act_holds_audit after insert or update or delete on act_holds
    for each row execute function audit_row_change()`,

  sql`create table notifications (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    kind text not null check (btrim(kind) <> ''),
    title text not null,
    body text,
    link text check (link like '/%'),
    read_at timestamptz,
    created_at timestamptz not null default clock_timestamp()
  )`,
  sql`create index notifications_user_idx on notifications (user_id, created_at desc)`,

  // The feed URL carries an HMAC of (user, version); bumping the version
  // revokes every URL given out before.
  sql`create table calendar_feeds (
    user_id uuid primary key references users (id) on delete cascade,
    version integer not null default 1 check (version >= 1),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  sql`create trigger calendar_feeds_set_updated_at before update on calendar_feeds
    for each row execute function set_updated_at()`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table calendar_feeds`,
  sql`drop table notifications`,
  sql`drop table act_holds`,
  sql`drop table applications`,
  sql`drop table booking_events`,
  sql`drop table booking_offers`,
  sql`drop table bookings`,
  sql`drop function bookings_set_times()`,
  sql`drop table opportunity_genres`,
  sql`drop table opportunities`,
  sql`drop function opportunities_set_search_document()`,
  sql`drop extension if exists btree_gist`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
