/**
 * Identity: users, their roles, and the append-only audit log that records
 * every change to users.
 *
 * The enum values are written out here, not imported from db/schema.ts: a
 * migration is history and must not change when the schema file moves on
 * (tests check the two agree).
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

const up: RawBuilder<unknown>[] = [
  sql`create type role_name as enum
    ('artist', 'band_manager', 'promoter', 'organizer', 'venue_manager', 'admin', 'staff')`,
  sql`create type user_status as enum ('pending_verification', 'active', 'suspended', 'deleted')`,
  sql`create type gender as enum ('female', 'male', 'non_binary', 'other', 'prefer_not_to_say')`,

  // Keeps updated_at honest whatever the application sends; any table can use it.
  sql`create function set_updated_at() returns trigger language plpgsql as $$
    begin
      if row(new.*) is distinct from row(old.*) then
        new.updated_at := now();
      end if;
      return new;
    end
  $$`,

  sql`create table users (
    id uuid primary key default gen_random_uuid(),
    username text,
    email text not null,
    password_hash text,
    phone text,
    display_name text,
    first_name text,
    last_name text,
    gender gender,
    date_of_birth date,
    status user_status not null default 'pending_verification',
    locale text,
    currency text not null default 'INR',
    timezone text not null default 'Asia/Kolkata',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    metadata jsonb not null default '{}',
    constraint users_email_format check (email = lower(email) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    constraint users_username_not_blank check (btrim(username) <> ''),
    constraint users_currency_iso check (currency ~ '^[A-Z]{3}$'),
    constraint users_metadata_object check (jsonb_typeof(metadata) = 'object')
  )`,
  sql`create unique index users_email_key on users (lower(email))`,
  sql`create unique index users_username_key on users (lower(username))`,
  sql`create index users_phone_idx on users (phone)`,
  sql`create index users_status_idx on users (status)`,
  sql`create trigger users_set_updated_at before update on users
    for each row execute function set_updated_at()`,

  sql`create table roles (
    id uuid primary key default gen_random_uuid(),
    name role_name not null unique,
    description text
  )`,
  sql`insert into roles (name, description) values
    ('artist', 'Performs: solo musicians, DJs, comedians and other acts'),
    ('band_manager', 'Manages a band or a roster of artists and books them'),
    ('promoter', 'Promotes events and sells tickets'),
    ('organizer', 'Organises events and books artists and venues for them'),
    ('venue_manager', 'Runs a venue and its calendar'),
    ('admin', 'Administers the platform'),
    ('staff', 'Platform support and moderation')`,

  sql`create table user_roles (
    user_id uuid not null references users (id) on delete cascade,
    role_id uuid not null references roles (id) on delete restrict,
    assigned_by uuid references users (id) on delete set null,
    assigned_at timestamptz not null default now(),
    primary key (user_id, role_id)
  )`,
  sql`create index user_roles_role_id_idx on user_roles (role_id)`,

  // No foreign keys: the log must outlive the rows it speaks of, and a
  // cascading SET NULL would be an UPDATE, which the log refuses.
  sql`create table audit_logs (
    id uuid primary key default gen_random_uuid(),
    actor_id uuid,
    action text not null check (action <> ''),
    entity_type text not null check (entity_type <> ''),
    entity_id text,
    diff jsonb,
    ip inet,
    user_agent text,
    at timestamptz not null default clock_timestamp()
  )`,
  sql`create index audit_logs_entity_idx on audit_logs (entity_type, entity_id, at)`,
  sql`create index audit_logs_actor_idx on audit_logs (actor_id, at)`,
  sql`create index audit_logs_at_idx on audit_logs (at)`,

  sql`create function audit_logs_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_logs is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end
  $$`,
  sql`create trigger audit_logs_no_update_delete before update or delete on audit_logs
    for each row execute function audit_logs_append_only()`,
  sql`create trigger audit_logs_no_truncate before truncate on audit_logs
    for each statement execute function audit_logs_append_only()`,

  // Row-change audit for any table with an `id`. Trigger arguments name
  // columns that never reach the log (secrets). Who/where comes from
  // transaction-local settings (db/audit.ts); a setting that was set in an
  // earlier transaction reads back as '' rather than NULL, hence nullif.
  sql`create function audit_row_change() returns trigger language plpgsql as $$
    declare
      hidden text[] := coalesce(tg_argv, '{}');
      old_row jsonb;
      new_row jsonb;
      diff jsonb;
    begin
      if tg_op <> 'INSERT' then old_row := to_jsonb(old) - hidden; end if;
      if tg_op <> 'DELETE' then new_row := to_jsonb(new) - hidden; end if;
      if tg_op = 'INSERT' then
        diff := jsonb_build_object('new', new_row);
      elsif tg_op = 'DELETE' then
        diff := jsonb_build_object('old', old_row);
      else
        -- Only the columns that changed, before and after.
        select jsonb_build_object(
                 'old', coalesce(jsonb_object_agg(o.key, o.value), '{}'::jsonb),
                 'new', coalesce(jsonb_object_agg(o.key, new_row -> o.key), '{}'::jsonb))
          into diff
          from jsonb_each(old_row) as o
         where o.value is distinct from new_row -> o.key;
      end if;
      insert into audit_logs (actor_id, action, entity_type, entity_id, diff, ip, user_agent)
      values (
        nullif(current_setting('app.actor_id', true), '')::uuid,
        lower(tg_op),
        tg_table_name,
        coalesce(new_row, old_row) ->> 'id',
        diff,
        nullif(current_setting('app.client_ip', true), '')::inet,
        nullif(current_setting('app.user_agent', true), '')
      );
      return null;
    end
  $$`,
  sql`create trigger users_audit after insert or update or delete on users
    for each row execute function audit_row_change('password_hash')`,
];

const down: RawBuilder<unknown>[] = [
  sql`drop table user_roles`,
  sql`drop table roles`,
  sql`drop table users`,
  sql`drop table audit_logs`,
  sql`drop function audit_row_change()`,
  sql`drop function audit_logs_append_only()`,
  sql`drop function set_updated_at()`,
  sql`drop type gender`,
  sql`drop type user_status`,
  sql`drop type role_name`,
];

export default {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of up) await statement.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const statement of down) await statement.execute(db);
  },
};
