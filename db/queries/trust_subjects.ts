/**
 * Whose trust scores are whose: the acts and venues a person owns, the owner
 * and name of one subject (for the explanation's authorization and heading),
 * and whether a person has organized a booking (what gives them an
 * organizer page).
 */
import type { Kysely } from "kysely";
import type { ActKind } from "../../domain/catalog.ts";
import type { UserStatus } from "../../domain/people.ts";
import type { Database } from "../schema.ts";
import type { TrustSubject } from "./trust_facts.ts";

export interface OwnedSubjectRow {
  type: "act" | "venue";
  id: string;
  name: string;
  slug: string;
  /** Acts only: under /artists or /bands. */
  kind: ActKind | null;
}

/** The acts (solo, or bands they manage) and venues `userId` owns, acts first, each by name. */
export async function ownedTrustSubjects(db: Kysely<Database>, userId: string): Promise<OwnedSubjectRow[]> {
  const acts = await db.selectFrom("acts").select(["id", "name", "slug", "kind"])
    .where("owner_id", "=", userId).orderBy("name").orderBy("id").execute();
  const venues = await db.selectFrom("venues").select(["id", "name", "slug"])
    .where("owner_id", "=", userId).orderBy("name").orderBy("id").execute();
  return [
    ...acts.map((a) => ({ type: "act" as const, ...a })),
    ...venues.map((v) => ({ type: "venue" as const, ...v, kind: null })),
  ];
}

export interface SubjectOwnerRow {
  ownerId: string;
  name: string;
  /** An act's or venue's slug, a person's public slug. */
  slug: string;
  kind: ActKind | null;
  /** The owner's account status (for an organizer, the person's own). */
  ownerStatus: UserStatus;
}

/** Who owns the subject, and what it is called; undefined when it does not exist. */
export async function trustSubjectOwner(
  db: Kysely<Database>,
  s: TrustSubject,
): Promise<SubjectOwnerRow | undefined> {
  if (s.type === "organizer") {
    const row = await db.selectFrom("users").select(["id", "display_name", "email", "public_slug", "status"])
      .where("id", "=", s.id).executeTakeFirst();
    return row && {
      ownerId: row.id,
      name: row.display_name ?? row.email,
      slug: row.public_slug,
      kind: null,
      ownerStatus: row.status,
    };
  }
  if (s.type === "act") {
    const row = await db.selectFrom("acts").innerJoin("users", "users.id", "acts.owner_id")
      .select(["acts.owner_id", "acts.name", "acts.slug", "acts.kind", "users.status"])
      .where("acts.id", "=", s.id).executeTakeFirst();
    return row &&
      { ownerId: row.owner_id, name: row.name, slug: row.slug, kind: row.kind, ownerStatus: row.status };
  }
  const row = await db.selectFrom("venues").innerJoin("users", "users.id", "venues.owner_id")
    .select(["venues.owner_id", "venues.name", "venues.slug", "users.status"])
    .where("venues.id", "=", s.id).executeTakeFirst();
  return row &&
    { ownerId: row.owner_id, name: row.name, slug: row.slug, kind: null, ownerStatus: row.status };
}

/** Whether `userId` is the organizer of any booking, in any state. */
export async function hasOrganizedBooking(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom("bookings").select("id").where("organizer_id", "=", userId).limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
