/**
 * Redirects built from what a request carried: the instances a probe found
 * (each took the server down, or sent a signed-in user to another site) and
 * their relatives. Every Location must be writable ASCII and stay on this
 * site as the URL parser, the one browsers use, reads it.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { HOSTILE_NEXT } from "./support/hostile_values.ts";

const ORIGIN = "http://localhost";

function assertStaysHere(res: Response, what: string) {
  assert.ok(res.status >= 300 && res.status < 400, `${what}: ${res.status}`);
  const location = res.headers.get("location") ?? "";
  assert.match(location, /^[\x21-\x7e]+$/, `${what}: ${JSON.stringify(location)}`);
  assert.equal(new URL(location, ORIGIN).origin, ORIGIN, `${what} -> ${location}`);
}

Deno.test("redirects carry only writable, same-site locations", async (t) => {
  const app = await openTestApp();
  try {
    const person = await signUp(app, "organizer");
    const browser = new FormBrowser(app, "203.0.113.60");

    await t.step("decoded path and query values are percent-encoded, not written raw", async () => {
      for (const path of ["/bookings/%0c", "/bookings/%00", "/bookings/%0a", "/bookings/%E0%A4%B8x"]) {
        assertStaysHere(await app.request(path), path);
      }
      const post = await browser.go("/bookings/new?act=%0cx", {});
      assertStaysHere(post, "POST /bookings/new?act=%0cx");
      assert.equal(post.headers.get("location"), "/login?next=/bookings/new%3Fact%3D%250cx");
    });

    await t.step("a signed-in visit to /login follows only same-site next paths", async () => {
      for (const next of HOSTILE_NEXT) {
        const res = await app.request(`/login?next=${encodeURIComponent(next)}`, { headers: person.headers });
        assertStaysHere(res, `GET /login?next=${JSON.stringify(next)}`);
      }
      const own = await app.request(`/login?next=${encodeURIComponent("/calendar?month=2027-01")}`, {
        headers: person.headers,
      });
      assert.equal(own.headers.get("location"), "/calendar?month=2027-01");
    });

    await t.step("signing in with a hostile next lands on this site", async () => {
      for (const [i, next] of HOSTILE_NEXT.entries()) {
        // One address per sign-in, so the per-address login limit never answers instead.
        const res = await new FormBrowser(app, `203.0.113.${100 + i}`).go("/login", {
          identifier: person.email,
          password: "Tabla-Night-2026",
          next,
        });
        assertStaysHere(res, `POST /login next=${JSON.stringify(next)}`);
      }
    });
  } finally {
    await app.close();
  }
});
