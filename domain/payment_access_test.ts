import assert from "node:assert/strict";
import type { Actor } from "./access.ts";
import type { BookingPeople } from "./booking_access.ts";
import { Forbidden, NotFound } from "./errors.ts";
import { paymentRole, requireEarningsReader, requirePayer, requireRefunder } from "./payment_access.ts";

const people: BookingPeople = {
  organizerId: "o",
  actOwnerId: "a",
  memberIds: ["m"],
  venueManagerIds: ["v"],
};
const user = (userId: string, roles: Actor["roles"] = []): Actor => ({ userId, roles, sessionId: "s" });

Deno.test("the booking's parties, admins and staff see its payments; members, venues and strangers do not", () => {
  assert.equal(paymentRole(user("o"), people), "organizer");
  assert.equal(paymentRole(user("a"), people), "act");
  assert.equal(paymentRole(user("x", ["admin"]), people), "admin");
  assert.equal(paymentRole(user("x", ["staff"]), people), "staff");
  assert.equal(paymentRole(user("m"), people), null);
  assert.equal(paymentRole(user("v"), people), null);
  assert.equal(paymentRole(user("x"), people), null);
});

Deno.test("only the organizer pays and only an admin refunds", () => {
  requirePayer(user("o"), people);
  assert.throws(() => requirePayer(user("a"), people), Forbidden);
  assert.throws(() => requirePayer(user("x", ["admin"]), people), Forbidden);
  assert.throws(() => requirePayer(user("v"), people), NotFound);
  requireRefunder(user("x", ["admin"]), people);
  assert.throws(() => requireRefunder(user("o"), people), Forbidden);
  assert.throws(() => requireRefunder(user("x", ["staff"]), people), Forbidden);
});

Deno.test("an act's owner, admins and staff see all its earnings; a member their own share; others nothing", () => {
  const act = { owner_id: "a", memberIds: ["m"] };
  assert.equal(requireEarningsReader(user("a"), act), "all");
  assert.equal(requireEarningsReader(user("x", ["staff"]), act), "all");
  assert.equal(requireEarningsReader(user("m"), act), "own");
  assert.throws(() => requireEarningsReader(user("o"), act), NotFound);
});
