import assert from "node:assert/strict";
import type { Actor } from "./access.ts";
import {
  bookingRole,
  machineActorOf,
  requireBookingActor,
  requireBookingRequester,
  requireBookingViewer,
} from "./booking_access.ts";
import { Forbidden, NotFound, Unauthorized } from "./errors.ts";
import type { RoleName } from "./roles.ts";

const who = (userId: string, ...roles: RoleName[]): Actor => ({ userId, roles, sessionId: "s" });
const people = { organizerId: "org", actOwnerId: "owner", memberIds: ["member"], venueManagerIds: ["club"] };

Deno.test("the parties, members, admins and staff each get their role; strangers none", () => {
  assert.equal(bookingRole(who("org", "organizer"), people), "organizer");
  assert.equal(bookingRole(who("owner", "band_manager"), people), "act");
  assert.equal(bookingRole(who("member", "artist"), people), "member");
  assert.equal(bookingRole(who("club", "venue_manager"), people), "venue");
  assert.equal(bookingRole(who("boss", "admin"), people), "admin");
  assert.equal(bookingRole(who("desk", "staff"), people), "staff");
  assert.equal(bookingRole(who("x", "promoter"), people), null);
  assert.equal(bookingRole(null, people), null);
  // Being a party outranks being staff, or managing the venue.
  assert.equal(bookingRole(who("org", "organizer", "admin"), people), "organizer");
  assert.equal(
    bookingRole(who("org", "venue_manager"), { ...people, venueManagerIds: ["org"] }),
    "organizer",
  );
});

Deno.test("strangers are told the booking does not exist; read-only viewers cannot act", () => {
  assert.throws(() => requireBookingViewer(null, people), Unauthorized);
  assert.throws(() => requireBookingViewer(who("x", "promoter"), people), NotFound);
  assert.throws(() => requireBookingActor(who("member", "artist"), people), Forbidden);
  assert.throws(() => requireBookingActor(who("desk", "staff"), people), Forbidden);
  assert.throws(() => requireBookingActor(who("club", "venue_manager"), people), /The venue can follow/);
  assert.equal(requireBookingActor(who("boss", "admin"), people), "admin");
  assert.equal(machineActorOf("act"), "act");
  assert.equal(machineActorOf("member"), null);
  assert.equal(machineActorOf("venue"), null);
});

Deno.test("only organizer-side roles request bookings, and never of an act they own", () => {
  assert.throws(() => requireBookingRequester(who("a", "artist"), { owner_id: "b" }), Forbidden);
  assert.throws(() => requireBookingRequester(who("a", "organizer", "artist"), { owner_id: "a" }), Forbidden);
  for (const role of ["promoter", "organizer", "venue_manager"] as const) {
    assert.equal(requireBookingRequester(who("a", role), { owner_id: "b" }).userId, "a");
  }
});
