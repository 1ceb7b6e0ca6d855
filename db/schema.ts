/**
 * Table types for Kysely: the one place that says what the database holds.
 * Keep in step with db/migrations/. `Generated<T>` marks columns the database
 * fills in (defaults, identities, triggers).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

export const ROLE_NAMES = [
  "artist",
  "band_manager",
  "promoter",
  "organizer",
  "venue_manager",
  "admin",
  "staff",
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

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

export interface Database {
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  countries: CountriesTable;
  states: StatesTable;
  cities: CitiesTable;
  audit_logs: AuditLogsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type City = Selectable<CitiesTable>;
export type AuditLog = Selectable<AuditLogsTable>;
