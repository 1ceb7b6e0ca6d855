/**
 * Search that stays fast at a million acts (db/queries/text_tiers.ts). Ranking
 * every text match before taking the first page cost ~200 ms at 100,000 acts;
 * relevance is now a tier (where the words matched) and, within a tier, the
 * trust score, so each tier is a walk of the trust index that stops after a
 * page. Each tier needs its own document, so the planner's statistics tell a
 * rare name word from a common genre word:
 *
 * - `name_document`: the name alone (generated from it);
 * - `card_document`: what a result card shows, the name, genres and city
 *   (acts) or name and city (venues), kept by the triggers that keep
 *   `search_document`, which still holds every searchable word.
 *
 * Typo tolerance moves from trigram similarity on every name to a vocabulary:
 * `search_words` holds each word of every document (with its source and the
 * best tier it reaches), a trigram index finds the words near a misspelt one
 * ("goshal": "ghoshal"), and the search then looks those words up in
 * `card_document` like any other. The vocabulary also tells a search which
 * tiers can match at all: a word no name holds makes the name tier empty, and
 * the planner, which cannot know a word is absent, would otherwise walk the
 * whole trust index looking for it. The trigram indexes on the names go,
 * since nothing reads them any more.
 *
 * Each sort of each list gets an index to walk: acts of one city by trust,
 * venues by trust (in a city too) and by capacity, gigs best paid first and a
 * city's soonest first, as all gigs soonest first had.
 *
 * The audit triggers hide the new documents as they hide `search_document`. A partial index of suspended
 * and deleted users lets every public read skip their listings cheaply (db/queries/listings.ts).
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`alter table acts add column name_document tsvector generated always as (to_tsvector('simple', name)) stored`,
  sql`alter table acts add column card_document tsvector not null default ''::tsvector`,
  sql`alter table venues add column name_document tsvector
    generated always as (to_tsvector('simple', name)) stored`,
  sql`alter table venues add column card_document tsvector not null default ''::tsvector`,

  sql`drop trigger acts_audit on acts`,
  sql`drop trigger venues_audit on venues`,

  // An act's card: name, genres and home city (with its state), unweighted.
  sql`create function act_card_document(act uuid, name text, city integer)
    returns tsvector language sql stable as $$
      select to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(
               (select string_agg(g.label, ' ' order by g.id)
                  from act_genres ag join genres g on g.id = ag.genre_id
                 where ag.act_id = act), '') || ' ' || coalesce(
               (select c.name || ' ' || s.name
                  from cities c join states s on s.state_id = c.state_id
                 where c.city_id = city), ''))
    $$`,
  sql`create or replace function acts_set_search_document() returns trigger language plpgsql as $$
    begin
      new.search_document := act_search_document(new.id, new.name, new.bio, new.home_city_id);
      new.card_document := act_card_document(new.id, new.name, new.home_city_id);
      return new;
    end
  $$`,
  sql`create or replace function act_genres_refresh_search() returns trigger language plpgsql as $$
    begin
      update acts set search_document = act_search_document(acts.id, acts.name, acts.bio, acts.home_city_id),
                      card_document = act_card_document(acts.id, acts.name, acts.home_city_id)
       where acts.id in (select act_id from changed);
      return null;
    end
  $$`,
  sql`create or replace function venues_set_search_document() returns trigger language plpgsql as $$
    declare
      place text := (select c.name || ' ' || s.name
                       from cities c join states s on s.state_id = c.state_id
                      where c.city_id = new.city_id);
    begin
      new.search_document := setweight(to_tsvector('simple', new.name), 'A')
        || setweight(to_tsvector('simple', coalesce(place, '')), 'B')
        || setweight(to_tsvector('simple', coalesce(new.description, '')), 'C');
      new.card_document := to_tsvector('simple', new.name || ' ' || coalesce(place, ''));
      return new;
    end
  $$`,

  // Each word once per source, with the best tier it reaches anywhere: 3 in a name, 2 on a card, 0 only in
  // the rest (a bio, a description). A search skips a tier one of its words never reaches.
  sql`create table search_words (
    source text not null check (source in ('act', 'venue')),
    word text not null,
    rank smallint not null check (rank in (0, 2, 3)),
    primary key (source, word)
  )`,
  sql`create index search_words_trgm_idx on search_words using gin (word gin_trgm_ops)`,
  // Words are added and promoted, never removed: a word no document holds any more costs a row and, at worst,
  // a tier searched for nothing.
  sql`create function search_words_add() returns trigger language plpgsql as $$
    begin
      insert into search_words (source, word, rank)
      select tg_argv[0], lexeme, max(rank) from (
        select lexeme, 3 as rank from unnest(new.name_document)
        union all select lexeme, 2 from unnest(new.card_document)
        union all select lexeme, 0 from unnest(new.search_document)) as w
      group by lexeme
      on conflict (source, word) do update set rank = excluded.rank where search_words.rank < excluded.rank;
      return null;
    end
  $$`,
  sql`update acts set card_document = act_card_document(id, name, home_city_id)`,
  sql`update venues set card_document = to_tsvector('simple', name || ' ' || coalesce(
    (select c.name || ' ' || s.name from cities c join states s on s.state_id = c.state_id
      where c.city_id = venues.city_id), ''))`,

  sql`insert into search_words (source, word, rank)
    select source, lexeme, max(rank) from (
      select 'act' as source, w.lexeme, 3 as rank from acts, unnest(acts.name_document) as w
      union all select 'act', w.lexeme, 2 from acts, unnest(acts.card_document) as w
      union all select 'act', w.lexeme, 0 from acts, unnest(acts.search_document) as w
      union all select 'venue', w.lexeme, 3 from venues, unnest(venues.name_document) as w
      union all select 'venue', w.lexeme, 2 from venues, unnest(venues.card_document) as w
      union all select 'venue', w.lexeme, 0 from venues, unnest(venues.search_document) as w) as words
    group by source, lexeme`,
  // Audited and vocabulary-kept from here on: the backfill above is neither an edit nor new words twice.
  sql`create trigger acts_audit after insert or update or delete on acts
    for each row execute function audit_row_change('search_document', 'name_document', 'card_document')`,
  sql`create trigger venues_audit after insert or update or delete on venues
    for each row execute function audit_row_change('search_document', 'name_document', 'card_document')`,
  // By column as well: a change of name or city rewrites the documents in a BEFORE trigger, not in the SET list.
  sql`create trigger acts_search_words
    after insert or update of name, bio, home_city_id, card_document, search_document on acts
    for each row execute function search_words_add('act')`,
  sql`create trigger venues_search_words
    after insert or update of name, description, city_id, card_document, search_document on venues
    for each row execute function search_words_add('venue')`,

  sql`create index acts_name_document_idx on acts using gin (name_document)`,
  sql`create index acts_card_document_idx on acts using gin (card_document)`,
  sql`create index venues_name_document_idx on venues using gin (name_document)`,
  sql`create index venues_card_document_idx on venues using gin (card_document)`,
  // Acts of a city, best trusted first: the commonest search is a walk of this index.
  sql`create index acts_city_trust_idx on acts (home_city_id, trust_score, id)`,
  sql`drop index acts_home_city_id_idx`,
  // Venues had no order to walk: by trust, a city's by trust, by capacity.
  sql`create index venues_trust_idx on venues (trust_score, id)`,
  sql`create index venues_city_trust_idx on venues (city_id, trust_score, id)`,
  sql`drop index venues_city_id_idx`,
  sql`create index venues_capacity_idx on venues (capacity, id)`,
  // Gigs best paid first walk this, as soonest first walk opportunities_open_idx; a city's soonest, the next.
  sql`create index opportunities_open_budget_idx on opportunities (budget_max, id) where status = 'open'`,
  sql`create index opportunities_open_city_idx on opportunities (city_id, starts_at, id) where status = 'open'`,
  // The owners whose listings are hidden (db/queries/listings.ts), read once per public statement.
  sql`create index users_unlisted_idx on users (id) where status in ('suspended', 'deleted')`,
  sql`drop index acts_name_trgm_idx`,
  sql`drop index venues_name_trgm_idx`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop index opportunities_open_city_idx`,
  sql`drop index venues_capacity_idx`,
  sql`create index venues_city_id_idx on venues (city_id)`,
  sql`drop index venues_city_trust_idx`,
  sql`drop index venues_trust_idx`,
  sql`create index acts_home_city_id_idx on acts (home_city_id)`,
  sql`drop index acts_city_trust_idx`,
  sql`drop index opportunities_open_budget_idx`,
  sql`drop index users_unlisted_idx`,
  sql`create index acts_name_trgm_idx on acts using gin (lower(name) gin_trgm_ops)`,
  sql`create index venues_name_trgm_idx on venues using gin (lower(name) gin_trgm_ops)`,
  sql`drop trigger acts_search_words on acts`,
  sql`drop trigger venues_search_words on venues`,
  sql`drop function search_words_add()`,
  sql`drop table search_words`,
  sql`create or replace function venues_set_search_document() returns trigger language plpgsql as $$
    begin
      new.search_document := setweight(to_tsvector('simple', new.name), 'A')
        || setweight(to_tsvector('simple', coalesce(
             (select c.name || ' ' || s.name
                from cities c join states s on s.state_id = c.state_id
               where c.city_id = new.city_id), '')), 'B')
        || setweight(to_tsvector('simple', coalesce(new.description, '')), 'C');
      return new;
    end
  $$`,
  sql`create or replace function act_genres_refresh_search() returns trigger language plpgsql as $$
    begin
      update acts set search_document = act_search_document(acts.id, acts.name, acts.bio, acts.home_city_id)
       where acts.id in (select act_id from changed);
      return null;
    end
  $$`,
  sql`create or replace function acts_set_search_document() returns trigger language plpgsql as $$
    begin
      new.search_document := act_search_document(new.id, new.name, new.bio, new.home_city_id);
      return new;
    end
  $$`,
  sql`drop function act_card_document(uuid, text, integer)`,
  sql`drop trigger acts_audit on acts`,
  sql`create trigger acts_audit after insert or update or delete on acts
    for each row execute function audit_row_change('search_document')`,
  sql`drop trigger venues_audit on venues`,
  sql`create trigger venues_audit after insert or update or delete on venues
    for each row execute function audit_row_change('search_document')`,
  sql`alter table acts drop column name_document, drop column card_document`,
  sql`alter table venues drop column name_document, drop column card_document`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
