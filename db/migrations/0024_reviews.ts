/**
 * Reviews: after a completed booking each side reviews the other once
 * (unique per booking and side). The rating ranges and the shape of the
 * side's categories are checked here too, whatever the application does.
 * Staff hide a review with a reason and never edit it, so the text stays.
 * Reports by anyone signed in, once per person, feed the moderation queue.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const rating = (column: string) => sql.raw(`${column} smallint not null check (${column} between 1 and 5)`);
const optionalRating = (column: string) => sql.raw(`${column} smallint check (${column} between 1 and 5)`);

const up: RawBuilder<unknown>[] = [
  sql`create table reviews (
    id uuid primary key default gen_random_uuid(),
    booking_id uuid not null references bookings (id) on delete cascade,
    author_id uuid references users (id) on delete set null,
    side text not null check (side in ('organizer', 'act')),
    subject_act_id uuid references acts (id) on delete cascade,
    subject_user_id uuid references users (id) on delete cascade,
    ${rating("overall")},
    ${optionalRating("punctuality")},
    ${optionalRating("performance_as_described")},
    ${optionalRating("professionalism")},
    ${optionalRating("paid_on_time")},
    ${optionalRating("hospitality_and_sound")},
    ${optionalRating("communication")},
    text text not null check (char_length(text) between 1 and 4000),
    submitted_at timestamptz not null default now(),
    reply text check (char_length(reply) between 1 and 2000),
    replied_at timestamptz,
    hidden_at timestamptz,
    hidden_by uuid references users (id) on delete set null,
    hidden_reason text check (char_length(hidden_reason) between 1 and 500),
    unique (booking_id, side),
    check ((reply is null) = (replied_at is null)),
    check ((hidden_at is null) = (hidden_reason is null)),
    check (
      (side = 'organizer' and subject_act_id is not null and subject_user_id is null
        and punctuality is not null and performance_as_described is not null and professionalism is not null
        and paid_on_time is null and hospitality_and_sound is null and communication is null)
      or
      (side = 'act' and subject_user_id is not null and subject_act_id is null
        and paid_on_time is not null and hospitality_and_sound is not null and communication is not null
        and punctuality is null and performance_as_described is null and professionalism is null)
    )
  )`,
  sql`create index reviews_subject_act_idx on reviews (subject_act_id, submitted_at desc)`,
  sql`create index reviews_subject_user_idx on reviews (subject_user_id, submitted_at desc)`,
  sql`create trigger reviews_audit after insert or update or delete on reviews
    for each row execute function audit_row_change()`,
  sql`create table review_reports (
    id uuid primary key default gen_random_uuid(),
    review_id uuid not null references reviews (id) on delete cascade,
    reporter_id uuid not null references users (id) on delete cascade,
    reason text not null check (char_length(reason) between 1 and 1000),
    created_at timestamptz not null default now(),
    unique (review_id, reporter_id)
  )`,
  sql`create trigger review_reports_audit after insert or update or delete on review_reports
    for each row execute function audit_row_change()`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table review_reports`,
  sql`drop table reviews`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
