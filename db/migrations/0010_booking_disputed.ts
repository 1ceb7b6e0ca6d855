/**
 * A booking is disputed at most once: the admin's ruling is final. The
 * booking machine needs to know whether a dispute was ever raised, which the
 * status alone forgets once a dispute is resolved back to completed.
 */
import { type Kysely, sql } from "kysely";

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`alter table bookings add column disputed boolean not null default false`.execute(db);
    // Anything disputed before this column existed.
    await sql`update bookings set disputed = true
      where status = 'disputed' or exists (
        select 1 from booking_events e where e.booking_id = bookings.id and e.event = 'dispute')`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`alter table bookings drop column disputed`.execute(db);
  },
};
