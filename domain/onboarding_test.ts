import assert from "node:assert/strict";
import { actCreationPath, firstStep, nextStep, NOTHING_DONE } from "./onboarding.ts";

Deno.test("each self-service role starts with its own step", () => {
  assert.equal(firstStep(["artist"])?.path, "/artists/new");
  assert.equal(firstStep(["band_manager"])?.path, "/bands/new");
  assert.equal(firstStep(["venue_manager"])?.path, "/venues/new");
  assert.equal(firstStep(["organizer"])?.path, "/opportunities/new");
  assert.equal(firstStep(["promoter"])?.alternative?.path, "/artists");
  assert.equal(firstStep(["admin"]), null);
  assert.equal(firstStep([]), null);
});

Deno.test("a band manager with a band is asked to invite its members, then nothing", () => {
  const band = { name: "Raga Rock", slug: "raga-rock" };
  const invite = nextStep(["band_manager"], { ...NOTHING_DONE, bands: 1, bandWithoutMembers: band });
  assert.equal(invite?.key, "band-members");
  assert.equal(invite?.path, "/bands/raga-rock/members");
  assert.match(invite?.title ?? "", /Raga Rock/);
  assert.equal(nextStep(["band_manager"], { ...NOTHING_DONE, bands: 1 }), null);
});

Deno.test("a step that is done gives way to the next role's step", () => {
  const roles = ["artist", "venue_manager", "organizer"] as const;
  assert.equal(nextStep(roles, NOTHING_DONE)?.key, "solo-act");
  assert.equal(nextStep(roles, { ...NOTHING_DONE, soloActs: 1 })?.key, "venue");
  assert.equal(nextStep(roles, { ...NOTHING_DONE, soloActs: 1, venues: 2 })?.key, "gig");
  assert.equal(nextStep(roles, { ...NOTHING_DONE, soloActs: 1, venues: 2, organizerActivity: 1 }), null);
  // What someone without the role has done does not count for it.
  assert.equal(nextStep(["organizer"], { ...NOTHING_DONE, soloActs: 1 })?.key, "gig");
});

Deno.test("only artists and band managers are pointed at creating an act", () => {
  assert.equal(actCreationPath(["artist", "band_manager"]), "/artists/new");
  assert.equal(actCreationPath(["band_manager"]), "/bands/new");
  assert.equal(actCreationPath(["organizer", "venue_manager"]), null);
});
