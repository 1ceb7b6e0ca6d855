/**
 * Who is who on a booking. The organizer and the act's owner are the two
 * parties and the only people who act on it; accepted band members and the
 * managers of the venue it is at may read it; admins and staff see every
 * booking, and admins may also cancel it and resolve disputes. Anyone else is
 * told the booking does not exist (404, not 403), so booking ids are never
 * confirmed to strangers.
 */
import { type Actor, isAdmin, isStaffOrAdmin, requireActor } from "./access.ts";
import { Forbidden, NotFound } from "./errors.ts";
import type { Party } from "./negotiation.ts";
import { isOrganizerSide } from "./roles.ts";

/** The people a booking belongs to. */
export interface BookingPeople {
  organizerId: string;
  actOwnerId: string;
  /** Users with an accepted membership of the act (none for a solo act). */
  memberIds: readonly string[];
  /** Users who manage the venue the booking is at (none when it is not at a listed venue). */
  venueManagerIds: readonly string[];
}

/** How the viewer relates to the booking; a party outranks staff or admin roles. */
export type BookingRole = Party | "member" | "venue" | "admin" | "staff";

export function bookingRole(actor: Actor | null, people: BookingPeople): BookingRole | null {
  if (!actor) return null;
  if (actor.userId === people.organizerId) return "organizer";
  if (actor.userId === people.actOwnerId) return "act";
  if (isAdmin(actor)) return "admin";
  if (isStaffOrAdmin(actor)) return "staff";
  if (people.memberIds.includes(actor.userId)) return "member";
  if (people.venueManagerIds.includes(actor.userId)) return "venue";
  return null;
}

/** The viewer's role, or NotFound for a stranger (Unauthorized when nobody is signed in). */
export function requireBookingViewer(actor: Actor | null, people: BookingPeople): BookingRole {
  requireActor(actor);
  const role = bookingRole(actor, people);
  if (!role) throw new NotFound("Booking not found");
  return role;
}

/** Who may change a booking, as the booking machine names them. */
export type BookingActor = Party | "admin";

/** Who the booking machine sees acting: the parties and admins; members, venue managers and staff only read. */
export function machineActorOf(role: BookingRole): BookingActor | null {
  return role === "act" || role === "organizer" || role === "admin" ? role : null;
}

const READ_ONLY: Partial<Record<BookingRole, string>> = {
  member: "Band members can follow this booking; only the band's manager can act on it",
  venue: "The venue can follow this booking; only the organizer and the act can act on it",
  staff: "Staff can see this booking but not change it",
};

/** Like `requireBookingViewer`, but for changes: read-only viewers are Forbidden. */
export function requireBookingActor(actor: Actor | null, people: BookingPeople): BookingActor {
  const role = requireBookingViewer(actor, people);
  const machineActor = machineActorOf(role);
  if (!machineActor) {
    throw new Forbidden(READ_ONLY[role] ?? "You can see this booking but not change it");
  }
  return machineActor;
}

/** May `actor` ask this act for a booking? Organizer-side roles only, and never their own act. */
export function requireBookingRequester(actor: Actor | null, act: { owner_id: string }): Actor {
  const a = requireActor(actor);
  if (!isOrganizerSide(a.roles)) {
    throw new Forbidden("Only promoters, organizers and venue managers can request bookings");
  }
  if (a.userId === act.owner_id) throw new Forbidden("You cannot book an act you manage");
  return a;
}
