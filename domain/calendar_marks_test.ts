import assert from "node:assert/strict";
import { BOOKING_STATES, OCCUPYING_STATES } from "./booking_machine.ts";
import { bookingStanding, calendarMark } from "./calendar_marks.ts";

Deno.test("a booking is agreed exactly when it takes the act's time", () => {
  for (const status of BOOKING_STATES) {
    const occupies = (OCCUPYING_STATES as readonly string[]).includes(status);
    assert.equal(bookingStanding(status) === "confirmed", occupies, status);
  }
});

Deno.test("requests still awaiting a reply are told apart from called-off bookings", () => {
  assert.deepEqual(
    BOOKING_STATES.filter((s) => bookingStanding(s) === "request"),
    ["inquiry", "offered", "negotiating"],
  );
  assert.deepEqual(BOOKING_STATES.filter((s) => bookingStanding(s) === "closed"), ["cancelled", "refunded"]);
});

Deno.test("holds and blocks keep their own marks", () => {
  assert.equal(calendarMark("hold", null), "hold");
  assert.equal(calendarMark("block", null), "block");
  assert.equal(calendarMark("booking", "scheduled"), "confirmed");
  assert.equal(calendarMark("booking", "offered"), "request");
});
