/**
 * Who is who on a contract. Its parties are the booking's: the organizer, and
 * the act's owner (the artist, or a band's manager, who signs for the band).
 * A band's members, admins and staff may read it and download its PDF; the
 * managers of the venue may not (the fee is none of their business), and to
 * anyone else, as for bookings, the contract does not exist.
 */
import { type Actor, requireActor } from "./access.ts";
import { type BookingPeople, bookingRole } from "./booking_access.ts";
import type { ContractActor } from "./contract_machine.ts";
import { Forbidden, NotFound } from "./errors.ts";
import type { Party } from "./negotiation.ts";

export type ContractRole = Party | "member" | "admin" | "staff";

/** The booking's roles (domain/booking_access.ts) less the venue's managers, who do not see contracts. */
export function contractRole(actor: Actor | null, people: BookingPeople): ContractRole | null {
  const role = bookingRole(actor, people);
  return role === "venue" ? null : role;
}

/** The reader's role, or NotFound for anyone the contract is not shown to. */
export function requireContractReader(actor: Actor | null, people: BookingPeople): ContractRole {
  requireActor(actor);
  const role = contractRole(actor, people);
  if (!role) throw new NotFound("Contract not found");
  return role;
}

/** Who the contract machine sees acting; members and staff only read. */
export function contractActorOf(role: ContractRole): ContractActor | null {
  return role === "member" || role === "staff" ? null : role;
}

/** Like `requireContractReader`, but for changes: readers who may not act are Forbidden. */
export function requireContractActor(actor: Actor | null, people: BookingPeople): ContractActor {
  const role = requireContractReader(actor, people);
  const machineActor = contractActorOf(role);
  if (!machineActor) {
    throw new Forbidden(
      role === "member"
        ? "The band's manager signs for the band; members can read the contract"
        : "Staff can read this contract but not change it",
    );
  }
  return machineActor;
}
