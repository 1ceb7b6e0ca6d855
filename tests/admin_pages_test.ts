/**
 * The admin console's door: signed out goes to log in, an ordinary account is refused, staff and admins get
 * the console, and each sees only the sections its role may use.
 */
import assert from "node:assert/strict";
import { sectionsFor } from "../components/admin/sections.ts";
import { openTestApp } from "./support/app.ts";
import { bookingCast } from "./support/booking_cast.ts";
import { find, parsePage } from "./support/dom.ts";
import { FormBrowser } from "./support/form_browser.ts";

Deno.test("the admin console is for staff and admins", async () => {
  const app = await openTestApp();
  try {
    const { people } = await bookingCast(app);

    const anonymous = await new FormBrowser(app, "203.0.113.40").go("/admin");
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get("location"), "/login?next=/admin");

    const organizer = new FormBrowser(app, "203.0.113.41");
    await organizer.signIn(people.organizer);
    const refused = await organizer.go("/admin");
    assert.equal(refused.status, 403);
    await refused.body?.cancel();

    for (const who of ["staff", "admin"] as const) {
      const browser = new FormBrowser(app, who === "staff" ? "203.0.113.42" : "203.0.113.43");
      await browser.signIn(people[who]);
      const doc = parsePage(await browser.html("/admin"));
      const menu = [...find(doc, "nav[aria-label='Admin console']").querySelectorAll("a")]
        .map((a) => a.getAttribute("href"));
      assert.deepEqual(menu, sectionsFor(who === "admin").map((s) => s.href));
      const dashboard = parsePage(await browser.html("/dashboard"));
      assert.equal(find(dashboard, "[data-testid=admin-console]").getAttribute("href"), "/admin");
    }
  } finally {
    await app.close();
  }
});
