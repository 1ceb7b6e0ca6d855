/**
 * What the public sees of trust: organizer pages need a stable address, and
 * search cards need a subject's counts and badge without recomputing its
 * score for every result.
 *
 * - `users.public_slug`: the address of a person's organizer page
 *   (/organizers/<slug>), lower-case words from the display name made unique
 *   with "-2", "-3"... like act and venue slugs. A trigger gives every new
 *   row one, whichever code inserts it (registration, the seed, tests), and
 *   nothing changes it afterwards, so a renamed person keeps their links.
 *   Two people with one name registering at once queue on an advisory lock
 *   for that name instead of colliding on the unique index.
 * - The public summary stored beside each score (acts, venues, users as
 *   organizers): the completed bookings and the reviews the score counted,
 *   and the "Quick to respond" badge, all written by the recomputation that
 *   writes the score (services/trust/recompute.ts), so a card's numbers are
 *   the ones its score was made from. Venues are not reviewed (their pages
 *   list the reviews acts wrote of shows there), so they have no review count.
 *   Rows that exist before this migration read 0 and false until the nightly
 *   pass, which runs first a minute after start.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const count = (column: string) =>
  sql.raw(`add column ${column} integer not null default 0 check (${column} >= 0)`);
const badge = sql.raw("add column quick_to_respond boolean not null default false");

const up: RawBuilder<unknown>[] = [
  // Mirrors slugify in services/catalog/acts.ts: accents and apostrophes dropped, runs of anything
  // else one hyphen, at most 60 characters. A name with no Latin letters or digits gets "organizer".
  sql`create function users_public_slug_base(name text) returns text language sql immutable as $$
    select coalesce(nullif(trim(both '-' from left(regexp_replace(lower(translate(coalesce(name, ''),
      'ÁÀÂÄÃÅĀáàâäãåāÉÈÊËĒéèêëēÍÌÎÏĪíìîïīÓÒÔÖÕŌóòôöõōÚÙÛÜŪúùûüūÑñÇçÝý''’',
      'AAAAAAAaaaaaaaEEEEEeeeeeIIIIIiiiiiOOOOOOooooooUUUUUuuuuuNnCcYy')),
      '[^a-z0-9]+', '-', 'g'), 60)), ''), 'organizer')
  $$`,
  sql`create function users_next_public_slug(name text) returns text language plpgsql volatile as $$
    declare
      base text := users_public_slug_base(name);
      highest numeric;
    begin
      perform pg_advisory_xact_lock(hashtext('users.public_slug'), hashtext(base));
      -- "base" and "base-<n>": the byte-wise range from "base-" up to "base." (the character after "-"), which
      -- the text_pattern_ops index serves however the statement is planned.
      select max(case when public_slug = base then 1 else substring(public_slug from length(base) + 2)::numeric end)
        into highest
        from users
       where public_slug = base
          or (public_slug ~>=~ (base || '-') and public_slug ~<~ (base || '.')
              and substring(public_slug from length(base) + 2) ~ '^[0-9]+$');
      return case when highest is null then base else base || '-' || (highest + 1)::text end;
    end
  $$`,
  sql`alter table users add column public_slug text
    check (public_slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(public_slug) <= 80)`,
  // One statement per row, oldest first, so each sees the slugs given before it.
  sql`do $$
    declare r record;
    begin
      for r in select id, display_name from users order by created_at, id loop
        update users set public_slug = users_next_public_slug(r.display_name) where id = r.id;
      end loop;
    end
  $$`,
  sql`alter table users alter column public_slug set not null`,
  // text_pattern_ops: the next free slug is found by a byte-wise prefix range, which a default-collation index
  // cannot serve; equality (the page's look-up) uses it all the same.
  sql`create unique index users_public_slug_key on users (public_slug text_pattern_ops)`,
  sql`create function users_set_public_slug() returns trigger language plpgsql as $$
    begin
      if new.public_slug is null then new.public_slug := users_next_public_slug(new.display_name); end if;
      return new;
    end
  $$`,
  sql`create trigger users_public_slug before insert on users
    for each row execute function users_set_public_slug()`,
  sql`alter table acts ${count("completed_bookings")}, ${count("review_count")}, ${badge}`,
  sql`alter table venues ${count("completed_bookings")}, ${badge}`,
  sql`alter table users ${count("completed_bookings")}, ${count("review_count")}, ${badge}`,
];

const down: RawBuilder<unknown>[] = [
  sql`alter table users drop column completed_bookings, drop column review_count, drop column quick_to_respond`,
  sql`alter table venues drop column completed_bookings, drop column quick_to_respond`,
  sql`alter table acts drop column completed_bookings, drop column review_count, drop column quick_to_respond`,
  sql`drop trigger users_public_slug on users`,
  sql`drop function users_set_public_slug()`,
  sql`alter table users drop column public_slug`,
  sql`drop function users_next_public_slug(text)`,
  sql`drop function users_public_slug_base(text)`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
