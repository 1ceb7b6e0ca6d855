/**
 * Who may see and do what with a booking's payments. The organizer pays; the
 * act's owner sees what was paid towards the act; admins and staff see
 * everything, and only admins refund outside the cancellation policy. A
 * band's members see their own share on their earnings page, not the
 * organizer's payments, and a venue's managers see no money at all: to them,
 * as to strangers, the payments do not exist.
 */
import { type Actor, isStaffOrAdmin, requireActor } from "./access.ts";
import { type BookingPeople, bookingRole } from "./booking_access.ts";
import { Forbidden, NotFound } from "./errors.ts";

export type PaymentRole = "organizer" | "act" | "admin" | "staff";

export function paymentRole(actor: Actor | null, people: BookingPeople): PaymentRole | null {
  const role = bookingRole(actor, people);
  return role === "member" || role === "venue" ? null : role;
}

/** The reader's role, or NotFound for anyone the payments are not shown to. */
export function requirePaymentReader(actor: Actor | null, people: BookingPeople): PaymentRole {
  requireActor(actor);
  const role = paymentRole(actor, people);
  if (!role) throw new NotFound("Payment not found");
  return role;
}

/** Only the booking's organizer pays for it. */
export function requirePayer(actor: Actor | null, people: BookingPeople): void {
  const role = requirePaymentReader(actor, people);
  if (role !== "organizer") throw new Forbidden("Only the booking's organizer pays for it");
}

/** Only an admin refunds outside the cancellation policy. */
export function requireRefunder(actor: Actor | null, people: BookingPeople): void {
  const role = requirePaymentReader(actor, people);
  if (role !== "admin") throw new Forbidden("Only an admin can refund a payment");
}

/**
 * Whose earnings of an act a person sees: the owner, admins and staff see
 * the act's and every member's; an accepted member sees the act's and their
 * own share; anyone else is told the act has no earnings page.
 */
export function requireEarningsReader(
  actor: Actor | null,
  act: { owner_id: string; memberIds: readonly string[] },
): "all" | "own" {
  const a = requireActor(actor);
  if (a.userId === act.owner_id || isStaffOrAdmin(a)) return "all";
  if (act.memberIds.includes(a.userId)) return "own";
  throw new NotFound("Act not found");
}
