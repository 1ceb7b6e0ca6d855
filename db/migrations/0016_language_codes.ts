/**
 * Acts' languages as the shortest ISO 639 code (BCP 47's rule): two letters
 * where ISO 639-1 has one (hi, ml), three where only ISO 639-2/3 does. Six of
 * India's scheduled languages have no two-letter code (Bodo brx, Dogri doi,
 * Konkani kok, Maithili mai, Manipuri mni, Santali sat), so two letters only
 * left them out.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`alter table acts drop constraint acts_languages_check`,
  sql`alter table acts add constraint acts_languages_check
    check (array_to_string(languages, ',') ~ '^([a-z]{2,3}(,|$))*$')`,
];

const down: RawBuilder<unknown>[] = [
  sql`update acts set languages = array(select l from unnest(languages) as l where length(l) = 2)
    where array_to_string(languages, ',') ~ '(^|,)[a-z]{3}(,|$)'`,
  sql`alter table acts drop constraint acts_languages_check`,
  sql`alter table acts add constraint acts_languages_check
    check (array_to_string(languages, ',') ~ '^([a-z]{2}(,|$))*$')`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
