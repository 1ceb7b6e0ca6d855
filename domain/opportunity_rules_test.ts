import assert from "node:assert/strict";
import {
  actMayEdit,
  actMayWithdraw,
  applicationsClosedReason,
  opportunityPlanIssues,
  organizerMayDecide,
  statusOnceBooked,
} from "./opportunity_rules.ts";

const now = new Date("2026-03-01T10:00:00Z");
const day = 24 * 60 * 60 * 1000;
const plan = {
  startsAt: new Date(now.getTime() + 30 * day),
  applicationDeadline: new Date(now.getTime() + 10 * day),
  budgetMin: 1_000_000,
  budgetMax: 2_000_000,
};

Deno.test("a future event with an earlier deadline and ordered budget has no issues", () => {
  assert.deepEqual(opportunityPlanIssues(plan, now), []);
});

Deno.test("plan issues name the field: past start, past deadline, deadline after start, budget order", () => {
  const past = new Date(now.getTime() - day);
  assert.deepEqual(
    opportunityPlanIssues({ ...plan, startsAt: past, applicationDeadline: past }, now).map((i) => i.field),
    ["startsAt", "applicationDeadline"],
  );
  assert.deepEqual(
    opportunityPlanIssues({ ...plan, applicationDeadline: new Date(plan.startsAt.getTime() + 1) }, now),
    [{ field: "applicationDeadline", message: "Must not be after the event starts" }],
  );
  assert.deepEqual(
    opportunityPlanIssues({ ...plan, budgetMax: plan.budgetMin - 1 }, now),
    [{ field: "budgetMax", message: "Must not be below budgetMin" }],
  );
});

Deno.test("unchanged dates in the past are not reported when editing other fields", () => {
  const past = { ...plan, applicationDeadline: new Date(now.getTime() - day) };
  assert.deepEqual(opportunityPlanIssues(past, now, { startsAt: false, applicationDeadline: false }), []);
});

Deno.test("applications close with status or deadline", () => {
  const open = { status: "open" as const, applicationDeadline: plan.applicationDeadline };
  assert.equal(applicationsClosedReason(open, now), null);
  assert.match(applicationsClosedReason({ ...open, status: "closed" }, now)!, /no longer/);
  assert.match(applicationsClosedReason({ ...open, status: "cancelled" }, now)!, /cancelled/);
  assert.match(applicationsClosedReason({ ...open, status: "filled" }, now)!, /has been booked/);
  assert.match(applicationsClosedReason({ ...open, applicationDeadline: now }, now)!, /deadline/);
});

Deno.test("a booked gig is filled, whether it was open or closed; a cancelled one stays cancelled", () => {
  assert.equal(statusOnceBooked("open"), "filled");
  assert.equal(statusOnceBooked("closed"), "filled");
  assert.equal(statusOnceBooked("filled"), "filled");
  assert.equal(statusOnceBooked("cancelled"), "cancelled");
});

Deno.test("the act edits only submitted applications and withdraws live ones; organizers decide live ones", () => {
  assert.equal(actMayEdit("submitted"), true);
  assert.equal(actMayEdit("shortlisted"), false);
  assert.equal(actMayWithdraw("shortlisted"), true);
  assert.equal(actMayWithdraw("rejected"), false);
  assert.equal(organizerMayDecide("submitted", "shortlisted"), true);
  assert.equal(organizerMayDecide("shortlisted", "shortlisted"), false);
  assert.equal(organizerMayDecide("shortlisted", "rejected"), true);
  assert.equal(organizerMayDecide("withdrawn", "rejected"), false);
  assert.equal(organizerMayDecide("accepted", "rejected"), false);
});

Deno.test("a gig is posted at most two years ahead", () => {
  const at = (days: number) => ({ ...plan, startsAt: new Date(now.getTime() + days * day) });
  assert.deepEqual(opportunityPlanIssues(at(700), now), []);
  assert.deepEqual(opportunityPlanIssues(at(740), now).map((i) => i.field), ["startsAt"]);
});
