/**
 * Table types for Kysely: the one place that says what the database holds.
 * Keep in step with db/migrations/. `Generated<T>` marks columns the database
 * fills in (defaults, identities, triggers).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

export { ROLE_NAMES, type RoleName } from "../domain/roles.ts";
import type { RoleName } from "../domain/roles.ts";

export const USER_STATUSES = ["pending_verification", "active", "suspended", "deleted"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const GENDERS = ["female", "male", "non_binary", "other", "prefer_not_to_say"] as const;
export type Gender = (typeof GENDERS)[number];

/** timestamptz: read as Date, written as Date or ISO string, defaulted by the database. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface UsersTable {
  id: Generated<string>;
  username: string | null;
  email: string;
  password_hash: string | null;
  phone: string | null;
  display_name: string | null;
  first_name: string | null;
  last_name: string | null;
  gender: Gender | null;
  date_of_birth: ColumnType<Date | null, string | null | undefined, string | null>;
  status: Generated<UserStatus>;
  locale: string | null;
  currency: Generated<string>;
  timezone: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  metadata: Json;
}

export interface RolesTable {
  id: Generated<string>;
  name: RoleName;
  description: string | null;
}

export interface UserRolesTable {
  user_id: string;
  role_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
}

export interface CountriesTable {
  country_id: Generated<number>;
  name: string;
  iso2: string;
  iso3: string | null;
  currency_code: string | null;
  phone_code: string | null;
  lat: number | null;
  lon: number | null;
}

export interface StatesTable {
  state_id: Generated<number>;
  country_id: number;
  name: string;
  iso_code: string;
  lat: number | null;
  lon: number | null;
}

export interface CitiesTable {
  city_id: Generated<number>;
  state_id: number;
  name: string;
  lat: number | null;
  lon: number | null;
}

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE on it. */
export interface AuditLogsTable {
  id: Generated<string>;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  diff: ColumnType<Record<string, unknown> | null, string | null | undefined, never>;
  ip: string | null;
  user_agent: string | null;
  at: Timestamp;
}

export type SessionKind = "browser" | "api";

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  kind: SessionKind;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface RefreshTokensTable {
  token_hash: Uint8Array;
  session_id: string;
  created_at: Timestamp;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export type AccountTokenPurpose = "verify_email" | "reset_password";

export interface AccountTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: AccountTokenPurpose;
  token_hash: Uint8Array;
  code_hash: Uint8Array | null;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PasswordHistoryTable {
  id: Generated<string>;
  user_id: string;
  password_hash: string;
  created_at: Timestamp;
}

/** Fixed-window counters of services/rate_limit.ts; `key` holds a hash of the subject. */
export interface RateLimitsTable {
  key: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  hits: number;
}

export type OutboxChannel = "email" | "sms";
export type OutboxStatus = "pending" | "sent" | "failed";

/** Messages awaiting delivery; `payload` is sealed (lib/sealed.ts) and wiped once sent. */
export interface OutboxTable {
  id: Generated<string>;
  channel: OutboxChannel;
  recipient: string;
  template: string;
  payload: Uint8Array | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface Database {
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  countries: CountriesTable;
  states: StatesTable;
  cities: CitiesTable;
  audit_logs: AuditLogsTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  account_tokens: AccountTokensTable;
  password_history: PasswordHistoryTable;
  outbox: OutboxTable;
  rate_limits: RateLimitsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type City = Selectable<CitiesTable>;
export type AuditLog = Selectable<AuditLogsTable>;
