/**
 * Who may create, edit and verify acts and venues. Services call these after
 * loading the row, so pages, the API and jobs get the same answer.
 *
 * Editing belongs to the owner (the artist of a solo act, the manager of a
 * band, the venue manager of a venue) and to admins. Verification is a
 * platform judgement, so only admins and staff give it, and staff may verify
 * without being able to edit what they vouch for.
 */
import { type Actor, isAdmin, isStaffOrAdmin, requireActor } from "./access.ts";
import { Forbidden } from "./errors.ts";
import type { RoleName } from "./roles.ts";

export type CatalogKind = "solo" | "band" | "venue";

/** Anything in the catalog with an owner: an act or a venue row. */
export interface Owned {
  owner_id: string;
}

const CREATOR_ROLE: Record<CatalogKind, RoleName> = {
  solo: "artist",
  band: "band_manager",
  venue: "venue_manager",
};

const NOUN: Record<CatalogKind, string> = { solo: "a solo act", band: "a band", venue: "a venue" };

export function canEdit(actor: Actor, item: Owned): boolean {
  return actor.userId === item.owner_id || isAdmin(actor);
}

/** Whether `actor`'s roles let them create one of `kind`: pages ask before showing the form. */
export function mayCreate(actor: Actor, kind: CatalogKind): boolean {
  return actor.roles.includes(CREATOR_ROLE[kind]);
}

export function requireCreator(actor: Actor | null, kind: CatalogKind): Actor {
  const a = requireActor(actor);
  if (!mayCreate(a, kind)) {
    throw new Forbidden(`Only a user with the ${CREATOR_ROLE[kind]} role can create ${NOUN[kind]}`);
  }
  return a;
}

export function requireEditor(actor: Actor | null, item: Owned): Actor {
  const a = requireActor(actor);
  if (!canEdit(a, item)) throw new Forbidden("Only the owner or an admin can change this");
  return a;
}

export function requireVerifier(actor: Actor | null): Actor {
  const a = requireActor(actor);
  if (!isStaffOrAdmin(a)) throw new Forbidden("Only admins and staff can verify");
  return a;
}

/** An act with the users who accepted membership of it (none for a solo act). */
export interface ActWithMembers extends Owned {
  acceptedMemberIds: readonly string[];
}

/**
 * Who may read an act's private documents, such as its technical rider: the
 * owner, the band's accepted members, admins and staff. Bookings will add the
 * organiser of a confirmed booking here; every reader goes through this.
 */
export function canReadPrivateDocuments(actor: Actor | null, act: ActWithMembers): boolean {
  if (!actor) return false;
  return actor.userId === act.owner_id || act.acceptedMemberIds.includes(actor.userId) ||
    isStaffOrAdmin(actor);
}
