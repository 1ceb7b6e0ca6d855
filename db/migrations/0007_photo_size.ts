/**
 * The pixel size of act and venue photos, so pages can give every <img> a
 * width and height and reserve its space (no layout shift). Both or neither.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [];
const down: RawBuilder<unknown>[] = [];
for (const table of ["acts", "venues"]) {
  const t = sql.raw(table);
  const check = sql.raw(`${table}_photo_size`);
  up.push(sql`alter table ${t}
    add column photo_width integer,
    add column photo_height integer,
    add constraint ${check} check (
      (photo_width is null and photo_height is null) or (photo_width > 0 and photo_height > 0)
    )`);
  down.push(sql`alter table ${t} drop column photo_width, drop column photo_height`);
}

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
