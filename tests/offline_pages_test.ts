/**
 * The server's half of the installable app: /sw.js and everything it stores on install, the offline
 * page, the links and the registration module signed-in pages carry (and anonymous ones do not), the
 * Offline-Viewer header the worker keys its copies to, the hidden banner that marks exactly the pages
 * that may be kept (the person's current month, upcoming bookings and signed contracts; never what staff
 * see of others' bookings), and signing out clearing the site's cache. The worker itself runs in
 * tests/browser/pwa_test.ts.
 */
import assert from "node:assert/strict";
import { SAVED_AT_HEADER, VIEWER_HEADER } from "../domain/offline_copies.ts";
import type { ServiceWorkerBuild } from "../lib/fresh/islands.ts";
import { openTestApp } from "./support/app.ts";
import { signIn } from "./support/accounts.ts";
import { bookingCast, type CastMember, completeCastBooking } from "./support/booking_cast.ts";
import { confirmedBooking, signBothSides } from "./support/contracts.ts";
import { find, parsePage } from "./support/dom.ts";
import { cityId } from "./support/fixtures.ts";
import { FormBrowser } from "./support/form_browser.ts";

const DAY = 86_400_000;
const BANNER = /<p hidden data-offline-banner/;
const REGISTER = /<script type="module" src="(\/_fresh\/js\/[0-9a-f]+\/register-[A-Z0-9]+\.js)"><\/script>/;

Deno.test("the installable app's pages and headers", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const deps = app.services.deps;
    const cast = await bookingCast(app);
    const { people } = cast;
    const as = (who: CastMember) => ({ headers: people[who].headers });

    await t.step(
      "/sw.js is the worker with its build, served to be checked on every navigation",
      async () => {
        const res = await app.request("/sw.js");
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), "text/javascript; charset=utf-8");
        assert.equal(res.headers.get("cache-control"), "no-cache");
        const script = await res.text();
        const config: ServiceWorkerBuild = JSON.parse(/^self\.__FRSH_SW_BUILD=(.*);$/m.exec(script)![1]);
        assert.equal(config.base, `/_fresh/js/${config.id}/`);
        const home = await (await app.request("/")).text();
        assert.ok(home.includes(`/favicon.svg?__frsh_c=${config.id}`), "the pages' build");
        assert.ok(config.precache.includes("/offline"));
        assert.ok(config.precache.includes(`/favicon.svg?__frsh_c=${config.id}`));
        assert.ok(config.precache.some((u) => /^\/_fresh\/js\/[0-9a-f]+\/boot-\w+\.js$/.test(u)));
        assert.ok(config.precache.some((u) => /\/register-\w+\.js$/.test(u)));
        // Installing fails if any of it does: every file is there, and the offline page names nobody.
        for (const url of config.precache) {
          const file = await app.request(url);
          assert.equal(file.status, 200, url);
          assert.equal(file.headers.get(VIEWER_HEADER), null, url);
          await file.body?.cancel();
        }
        const again = await app.request("/sw.js", { headers: { "If-None-Match": res.headers.get("etag")! } });
        assert.equal(again.status, 304);
      },
    );

    await t.step("anonymous pages link the manifest and icons, and carry no script", async () => {
      const res = await app.request("/");
      assert.equal(res.headers.get(VIEWER_HEADER), null);
      const html = await res.text();
      const doc = parsePage(html);
      const web = await (await app.request(find(doc, "link[rel=manifest]").getAttribute("href")!)).json();
      assert.equal(find(doc, "meta[name=theme-color]").getAttribute("content"), web.theme_color);
      const touch = await app.request(find(doc, "link[rel=apple-touch-icon]").getAttribute("href")!);
      assert.equal(touch.headers.get("content-type"), "image/png");
      await touch.body?.cancel();
      assert.doesNotMatch(html, REGISTER);
      assert.doesNotMatch(await (await app.request("/artists")).text(), /<script/);
    });

    await t.step("signed-in pages name their session to the worker and register it", async () => {
      const res = await app.request("/dashboard", as("organizer"));
      assert.equal(res.status, 200);
      const viewer = res.headers.get(VIEWER_HEADER);
      assert.match(viewer ?? "", /^[\w-]{22}$/);
      assert.equal(res.headers.get("cache-control"), "private, no-store");
      const register = REGISTER.exec(await res.text())?.[1];
      assert.ok(register, "the registration module");
      assert.match(await (await app.request(register)).text(), /"\/sw\.js"/);

      // The same person, another session: another value; another person: another again.
      const again = await signIn(app, people.organizer.email);
      const other = await app.request("/dashboard", { headers: again.headers });
      await other.body?.cancel();
      const act = await app.request("/dashboard", as("act"));
      await act.body?.cancel();
      const values = [viewer, other.headers.get(VIEWER_HEADER), act.headers.get(VIEWER_HEADER)];
      assert.equal(new Set(values).size, 3);
      // Never a value the session id can be read from.
      assert.ok(!values.some((v) => v && /[0-9a-f]{8}-/.test(v)));

      // A redirect is no page: nothing to key a copy to.
      const redirect = await app.request(`/bookings/${cast.bookingId}`, {
        method: "POST",
        headers: { ...people.organizer.headers, Origin: "http://localhost" },
        body: new URLSearchParams({ intent: "nothing" }),
        redirect: "manual",
      });
      assert.equal(redirect.status, 303);
      assert.equal(redirect.headers.get(VIEWER_HEADER), null);
    });

    await t.step("the offline page says what works offline, names nobody and has no script", async () => {
      const html = await (await app.request("/offline")).text();
      const text = find(parsePage(html), "main").textContent!.replace(/\s+/g, " ");
      for (const works of ["calendar", "upcoming bookings", "contracts you have signed"]) {
        assert.ok(text.includes(works), works);
      }
      for (const needs of ["Searching", "messages", "payments"]) assert.ok(text.includes(needs), needs);
      assert.doesNotMatch(html, /<script|Log in/);
    });

    await t.step("an upcoming booking is kept for its people, never for staff or admins", async () => {
      const path = `/bookings/${cast.bookingId}`;
      for (const who of ["organizer", "act", "member", "venue"] as const) {
        const res = await app.request(path, as(who));
        assert.equal(res.status, 200, who);
        assert.match(await res.text(), BANNER, who);
      }
      for (const who of ["staff", "admin"] as const) {
        const res = await app.request(path, as(who));
        assert.equal(res.status, 200, who);
        assert.doesNotMatch(await res.text(), BANNER, who);
      }
    });

    await t.step("this month's calendar is kept, other months are not", async () => {
      assert.match(await (await app.request("/calendar", as("act"))).text(), BANNER);
      const next = new Date(Date.now() + 40 * DAY).toISOString().slice(0, 7);
      assert.doesNotMatch(await (await app.request(`/calendar?month=${next}`, as("act"))).text(), BANNER);
    });

    await t.step("a contract is kept once both signed it, not as a draft", async () => {
      const { act_id: actId } = await db.selectFrom("bookings").select("act_id")
        .where("id", "=", cast.bookingId).executeTakeFirstOrThrow();
      const request = { actId, startsAt: new Date(Date.now() + 60 * DAY), cityId: await cityId(db) };
      const { bookingId } = await confirmedBooking(deps, cast.actor("organizer"), cast.actor("act"), request);
      const path = `/bookings/${bookingId}/contract`;
      assert.doesNotMatch(await (await app.request(path, as("organizer"))).text(), BANNER);
      await signBothSides(deps, cast.actor("organizer"), cast.actor("act"), bookingId);
      assert.match(await (await app.request(path, as("organizer"))).text(), BANNER);
      assert.match(await (await app.request(path, as("member"))).text(), BANNER);
      assert.doesNotMatch(await (await app.request(path, as("staff"))).text(), BANNER);
    });

    await t.step("a booking whose show is over is no longer kept", async () => {
      await completeCastBooking(app, cast);
      assert.doesNotMatch(await (await app.request(`/bookings/${cast.bookingId}`, as("act"))).text(), BANNER);
    });

    await t.step("signing out clears the site's HTTP cache and names nobody", async () => {
      const browser = new FormBrowser(app, "203.0.113.93");
      await browser.signIn(people.member);
      const res = await browser.go("/logout", {});
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("clear-site-data"), '"cache"');
      assert.equal(res.headers.get(VIEWER_HEADER), null);
      assert.equal(res.headers.get(SAVED_AT_HEADER), null);
      const after = await browser.go("/");
      assert.equal(after.headers.get(VIEWER_HEADER), null);
      await after.body?.cancel();
    });
  } finally {
    await app.close();
  }
});
