/**
 * An act's portfolio: photos, audio and video, and documents such as
 * technical riders. Each item is either an external https link (its
 * provider recognised by domain/media_links.ts, "link" when it is none of
 * them) or a file in object storage (key, type sniffed from the bytes, size,
 * for photos the pixel size so pages can reserve the space, and for public
 * files the URL, so listing a portfolio needs no call to the store).
 *
 * Documents are private (a rider is for the people who will book the act,
 * read through short-lived signed URLs); everything else is public. The
 * storage key's first segment must agree, so a private file can never get a
 * public URL by mistake.
 *
 * Positions are unique per act; the constraint is deferred so a reorder can
 * rewrite them all in one transaction.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create table portfolio_items (
    id uuid primary key default gen_random_uuid(),
    act_id uuid not null references acts (id) on delete cascade,
    kind text not null check (kind in ('photo', 'audio', 'video', 'document')),
    title text not null check (btrim(title) <> '' and char_length(title) <= 200),
    url text check (char_length(url) <= 1000),
    provider text check (provider in ('youtube', 'spotify', 'soundcloud', 'link')),
    storage_key text unique,
    content_type text,
    byte_size integer check (byte_size > 0),
    width integer,
    height integer,
    visibility text not null default 'public' check (visibility in ('public', 'private')),
    position integer not null check (position >= 0),
    created_at timestamptz not null default now(),
    -- A link: an https URL and its provider. A file: its key, type and size,
    -- plus its public URL (stored, like acts.photo_url) unless it is private.
    constraint portfolio_items_source check (
      (provider is not null and url ~ '^https://'
        and storage_key is null and content_type is null and byte_size is null)
      or (provider is null and storage_key is not null and content_type is not null and byte_size is not null
        and (url is null) = (visibility = 'private'))
    ),
    constraint portfolio_items_links check (provider is null or kind in ('audio', 'video')),
    constraint portfolio_items_size check (
      (width is null and height is null) or (kind = 'photo' and width > 0 and height > 0)
    ),
    constraint portfolio_items_private_documents check ((kind = 'document') = (visibility = 'private')),
    constraint portfolio_items_key_visibility check (storage_key is null or storage_key like visibility || '/%'),
    constraint portfolio_items_position unique (act_id, position) deferrable initially deferred
  )`,
  sql`create trigger portfolio_items_audit after insert or update or delete on portfolio_items
    for each row execute function audit_row_change()`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table portfolio_items`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
