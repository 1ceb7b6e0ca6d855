/**
 * The pure rules of offline reading: which addresses may have a copy, which pages the server offers
 * (the hidden banner), how a copy shows when it was saved, and the service worker's cache names.
 */
import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { OfflineBanner } from "../components/OfflineBanner.tsx";
import {
  hasOfflineBanner,
  isKeptAddress,
  keepsBookingOffline,
  keepsContractOffline,
  showSavedCopy,
} from "../domain/offline_copies.ts";
import { BOOKING_STATES } from "../domain/booking_machine.ts";
import { CONTRACT_STATES } from "../domain/contract_machine.ts";
import {
  isShellFile,
  otherViewers,
  privateCacheName,
  shellCacheName,
  staleShells,
} from "../islands/offline/cache_names.ts";

const ID = "0b7e3c1a-5d2f-4e8b-9a6c-1f2e3d4c5b6a";
const at = (path: string) => new URL(path, "https://artistspace.in");

Deno.test("only the calendar, a booking and its contract, each without a query, may be kept", () => {
  for (const path of ["/calendar", `/bookings/${ID}`, `/bookings/${ID}/contract`]) {
    assert.ok(isKeptAddress(at(path)), path);
  }
  for (
    const path of [
      "/calendar?month=2026-01",
      "/calendar?notice=block-added",
      `/bookings/${ID}?done=offer`,
      `/bookings/${ID}/contract?done=sign`,
      `/bookings/${ID}/review`,
      `/bookings/${ID}/disclosures`,
      `/bookings/${ID.toUpperCase()}`,
      "/bookings",
      "/bookings/new",
      "/dashboard",
      "/messages",
      `/messages/${ID}`,
      "/artists?q=tabla",
      `/api/v1/contracts/${ID}/pdf`,
      `/calendar/feed/${ID}`,
      "/calendar/",
    ]
  ) {
    assert.ok(!isKeptAddress(at(path)), path);
  }
});

Deno.test("a booking is kept while agreed and ahead, for its own people only", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  const ahead = "2026-06-02T12:00:00Z";
  const kept = BOOKING_STATES.filter((status) =>
    keepsBookingOffline({ status, endsAt: ahead, role: "organizer" }, now)
  );
  assert.deepEqual(kept, ["confirmed", "paid_deposit", "scheduled"]);
  for (const role of ["organizer", "act", "member", "venue"] as const) {
    assert.ok(keepsBookingOffline({ status: "confirmed", endsAt: ahead, role }, now), role);
  }
  for (const role of ["admin", "staff"] as const) {
    assert.ok(!keepsBookingOffline({ status: "confirmed", endsAt: ahead, role }, now), role);
  }
  // Over: the show's end has passed, even if nobody marked it completed yet.
  assert.ok(!keepsBookingOffline({ status: "scheduled", endsAt: now.toISOString(), role: "act" }, now));
});

Deno.test("a contract is kept once signed by both, for the booking's people only", () => {
  const kept = CONTRACT_STATES.filter((status) => keepsContractOffline({ status, role: "act" }));
  assert.deepEqual(kept, ["signed", "completed"]);
  assert.ok(keepsContractOffline({ status: "signed", role: "member" }));
  assert.ok(!keepsContractOffline({ status: "signed", role: "staff" }));
  assert.ok(!keepsContractOffline({ status: "signed", role: "admin" }));
});

Deno.test("the rendered banner is hidden, found, and shown on the copy with when it was saved", () => {
  const banner = renderToString(<OfflineBanner />);
  const page = `<html><body><main><h1>Calendar</h1>${banner}<p>12 Dec: Tabla night</p></main></body></html>`;
  assert.ok(hasOfflineBanner(page));
  assert.ok(!hasOfflineBanner(page.replace(banner, "")));
  // Text that mentions the marker is escaped by the renderer, so it cannot stand in for the banner.
  const forged = renderToString(<p>{"<p hidden data-offline-banner"}</p>);
  assert.ok(!hasOfflineBanner(forged));

  const shown = showSavedCopy(page, new Date("2026-12-12T14:30:00Z"));
  assert.doesNotMatch(shown, /<p hidden data-offline-banner/);
  assert.match(
    shown,
    /<p data-offline-banner[^>]*>Saved <time data-saved-at datetime="2026-12-12T14:30:00.000Z">Sat, 12 Dec 2026, 8:00 pm<\/time>; you are offline\./,
  );
  assert.ok(shown.endsWith("<p>12 Dec: Tabla night</p></main></body></html>"));
  assert.equal(showSavedCopy("<main>no banner</main>", new Date()), "<main>no banner</main>");
});

Deno.test("cache names: a shell per build, one private cache per viewer", () => {
  const names = [shellCacheName("b1"), shellCacheName("b2"), privateCacheName("v1"), privateCacheName("v2")];
  assert.deepEqual(staleShells(names, "b2"), ["shell:b1"]);
  assert.deepEqual(otherViewers(names, "v1"), ["private:v2"]);
  assert.deepEqual(otherViewers(names, null), ["private:v1", "private:v2"]);
  assert.deepEqual(otherViewers(names, "v3"), ["private:v1", "private:v2"]);
  // A viewer value is not a build id: the shells are never a viewer's to delete, nor the reverse.
  assert.deepEqual(otherViewers([shellCacheName("v1")], null), []);
  assert.deepEqual(staleShells([privateCacheName("b1")], "b2"), []);
});

Deno.test("the shell is this build's files: its prefix and static files stamped with its id", () => {
  const build = { id: "abc123", base: "/_fresh/js/abc123/", precache: [] };
  const origin = "https://artistspace.in";
  const shell = (path: string, from = origin) => isShellFile(new URL(path, from), build, origin);
  assert.ok(shell("/_fresh/js/abc123/boot-X.js"));
  assert.ok(shell("/_fresh/js/abc123/chunks/chunk-Y.js"));
  assert.ok(shell("/favicon.svg?__frsh_c=abc123"));
  assert.ok(!shell("/_fresh/js/old456/boot-X.js"));
  assert.ok(!shell("/favicon.svg?__frsh_c=old456"));
  assert.ok(!shell("/favicon.svg"));
  assert.ok(!shell("/calendar"));
  assert.ok(!shell("/api/v1/me"));
  assert.ok(!shell("/_fresh/js/abc123/boot-X.js", "https://elsewhere.example"));
});
