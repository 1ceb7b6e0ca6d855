/**
 * What each search tier holds beyond the better tiers, as documents of their
 * own (db/queries/text_tiers.ts), so a later page that moves into a tier with
 * few rows of its own finds them from an index instead of walking every act.
 *
 * After a cursor, a tier excludes the rows the better tiers already showed.
 * For a common word the rest is often tiny or empty ("sufi" is a genre: once
 * the card tier is done, no bio holds it), but the planner, which sees only
 * the tier's own match, walks the trust index to the end looking for it: the
 * last page of "sufi" took 130 ms at 100,000 acts. Each remainder is a
 * necessary condition of its tier's own rows, with statistics of its own:
 *
 * - `card_rest_document`: the card's words that are not in the name (genres,
 *   city): a row on the card tier but not the name tier holds one of the
 *   search's words there;
 * - `rest_document`: the document's words that are not on the card (the bio,
 *   a venue's description): likewise for the last tier.
 *
 * Generated from the documents the search triggers keep, so nothing else
 * writes them.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const HIDDEN = sql.raw(
  `'search_document', 'name_document', 'card_document', 'card_rest_document', 'rest_document'`,
);

const up: RawBuilder<unknown>[] = [
  sql`alter table acts
    add column card_rest_document tsvector
      generated always as (ts_delete(card_document, tsvector_to_array(to_tsvector('simple', name)))) stored,
    add column rest_document tsvector
      generated always as (ts_delete(search_document, tsvector_to_array(card_document))) stored`,
  sql`alter table venues
    add column card_rest_document tsvector
      generated always as (ts_delete(card_document, tsvector_to_array(to_tsvector('simple', name)))) stored,
    add column rest_document tsvector
      generated always as (ts_delete(search_document, tsvector_to_array(card_document))) stored`,
  sql`create index acts_card_rest_document_idx on acts using gin (card_rest_document)`,
  sql`create index acts_rest_document_idx on acts using gin (rest_document)`,
  sql`create index venues_card_rest_document_idx on venues using gin (card_rest_document)`,
  sql`create index venues_rest_document_idx on venues using gin (rest_document)`,
  // The audit trail hides every document, as it hid the first.
  sql`drop trigger acts_audit on acts`,
  sql`create trigger acts_audit after insert or update or delete on acts
    for each row execute function audit_row_change(${HIDDEN})`,
  sql`drop trigger venues_audit on venues`,
  sql`create trigger venues_audit after insert or update or delete on venues
    for each row execute function audit_row_change(${HIDDEN})`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop trigger acts_audit on acts`,
  sql`create trigger acts_audit after insert or update or delete on acts
    for each row execute function audit_row_change('search_document', 'name_document', 'card_document')`,
  sql`drop trigger venues_audit on venues`,
  sql`create trigger venues_audit after insert or update or delete on venues
    for each row execute function audit_row_change('search_document', 'name_document', 'card_document')`,
  sql`alter table acts drop column card_rest_document, drop column rest_document`,
  sql`alter table venues drop column card_rest_document, drop column rest_document`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
