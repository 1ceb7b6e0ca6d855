/**
 * The calendar page as a browser without JavaScript uses it: the month grid
 * and list, blocking dates with a form (errors next to fields, values kept),
 * releasing a hold, and rotating the feed address.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { signUp } from "./support/accounts.ts";
import { act, booking } from "./support/fixtures.ts";
import { parsePage, textsOf } from "./support/dom.ts";

async function html(res: Response, status = 200): Promise<string> {
  assert.equal(res.status, status);
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  return await res.text();
}

Deno.test("the calendar page without JavaScript", async (t) => {
  const app = await openTestApp();
  const db = app.database.db;
  const year = new Date().getUTCFullYear() + 1;
  const month = `${year}-03`;
  try {
    const artist = await signUp(app, "artist");
    const organizer = await signUp(app, "organizer");
    const { id: actId } = await act(db, artist.id, { name: "Asha Rao" });
    const { id: gig } = await booking(db, actId, organizer.id, {
      title: "Holi <Night>",
      status: "confirmed",
      starts_at: `${month}-14T14:30:00Z`,
      duration_minutes: 120,
      fee: 2_500_000,
    });
    const { id: request } = await booking(db, actId, organizer.id, {
      title: "Sufi evening",
      status: "inquiry",
      starts_at: `${month}-27T13:30:00Z`,
    });
    const holdDate = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await db.insertInto("act_holds").values({
      act_id: actId,
      holder_id: organizer.id,
      hold_date: holdDate,
      rank: 1,
      expires_at: new Date(Date.now() + 5 * 86_400_000),
    }).execute();

    const owner = new FormBrowser(app);
    await owner.signIn(artist);
    const promoter = new FormBrowser(app);
    await promoter.signIn(organizer);

    await t.step("signed out, the page asks to log in first", async () => {
      const res = await new FormBrowser(app).go("/calendar");
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/login?next=/calendar");
    });

    await t.step(
      "the month shows a Monday-first grid, the list with booking links and the feed",
      async () => {
        const page = await html(await owner.go(`/calendar?month=${month}`));
        assert.match(page, new RegExp(`<h1[^>]*>March ${year}</h1>`));
        assert.match(page, /data-testid="month-grid"/);
        const cells = page.split('data-testid="month-grid"')[1].split("</ol>")[0].match(/<li /g) ?? [];
        assert.ok(cells.length === 35 || cells.length === 42, `${cells.length} cells`);
        assert.ok(page.includes(`href="/bookings/${gig}"`));
        assert.ok(page.includes("Holi &lt;Night"), "escaped by Preact");
        assert.ok(!page.includes("Holi <Night>"));
        assert.ok(page.includes(`href="/calendar?month=${year}-02"`));
        assert.ok(page.includes(`href="/calendar?month=${year}-04"`));
        assert.match(
          page,
          new RegExp(`value="http://localhost:\\d+/calendar/feed/${artist.id}\\.1\\.[\\w-]+\\.ics"`),
        );
        assert.match(page, /Block these dates/);
      },
    );

    await t.step("an agreed show and a request awaiting a reply look different, in words too", async () => {
      const doc = parsePage(await html(await owner.go(`/calendar?month=${month}`)));
      const entry = (id: string) =>
        [...doc.querySelectorAll('[data-testid="entries"] ul > li')]
          .find((li) => li.querySelector(`a[href="/bookings/${id}"]`))!;
      const badge = (id: string) => entry(id).querySelector('[data-testid="standing"]')!;
      assert.equal(badge(gig).textContent, "Confirmed");
      assert.equal(badge(gig).getAttribute("data-mark"), "confirmed");
      assert.equal(badge(request).textContent, "Request — awaiting reply");
      assert.equal(badge(request).getAttribute("data-mark"), "request");
      assert.match(entry(gig).textContent!, /8:00 pm · Asha Rao/, "the time as every page writes it");
      assert.match(entry(request).textContent!, /7:00 pm · Asha Rao/);
      assert.deepEqual(textsOf(doc, '[data-testid="calendar-key"] li'), [
        "Confirmed show",
        "Request — awaiting reply",
        "Hold",
        "Blocked",
      ]);
      const day = (date: string) =>
        doc.querySelector(`[data-testid="month-grid"] a[href="#day-${date}"]`)?.getAttribute("aria-label");
      assert.match(day(`${month}-14`) ?? "", new RegExp(`^\\w{3}, 14 Mar ${year}: Confirmed show$`));
      assert.match(
        day(`${month}-27`) ?? "",
        new RegExp(`^\\w{3}, 27 Mar ${year}: Request — awaiting reply$`),
      );
      assert.match(textsOf(doc, '[data-testid="entries"] h3')[0], new RegExp(`^\\w{3}, 14 Mar ${year}$`));
    });

    await t.step("a bad block form comes back with field errors and the values kept", async () => {
      const page = await html(
        await owner.go(`/calendar?month=${month}`, {
          intent: "add-block",
          actId,
          startDate: `${month}-10`,
          endDate: `${month}-02`,
          reason: "Exams",
        }),
        422,
      );
      assert.match(page, /id="endDate-error"[^>]*>Must not be before the first day/);
      assert.ok(page.includes(`value="${month}-10"`));
      assert.ok(page.includes('value="Exams"'));
    });

    await t.step("blocking days over a confirmed booking is refused with 409 and the reason", async () => {
      const page = await html(
        await owner.go(`/calendar?month=${month}`, {
          intent: "add-block",
          actId,
          startDate: `${month}-13`,
          endDate: `${month}-15`,
        }),
        409,
      );
      assert.match(page, /overlaps a confirmed booking/);
    });

    await t.step("blocking days redirects back to the month, which shows them", async () => {
      const res = await owner.go(`/calendar?month=${month}`, {
        intent: "add-block",
        actId,
        startDate: `${month}-20`,
        endDate: `${month}-22`,
        reason: "Exams",
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `/calendar?month=${month}&notice=block-added`);
      const page = await html(await owner.go(res.headers.get("location")!));
      assert.match(page, /Those dates are blocked/);
      assert.match(page, /Exams/);
      const block = await db.selectFrom("act_blocks").selectAll().executeTakeFirstOrThrow();
      assert.equal(block.starts_at.toISOString(), `${month}-19T18:30:00.000Z`, "midnight in India");
      assert.equal(block.ends_at.toISOString(), `${month}-22T18:30:00.000Z`);
      const removed = await owner.go(`/calendar?month=${month}`, {
        intent: "remove-block",
        actId,
        blockId: block.id,
      });
      assert.equal(removed.status, 303);
      assert.equal(await db.selectFrom("act_blocks").selectAll().executeTakeFirst(), undefined);
    });

    await t.step("the holder releases a hold from the page", async () => {
      const hold = `/calendar?month=${holdDate.slice(0, 7)}`;
      const page = await html(await promoter.go(hold));
      assert.match(page, /1st hold/);
      assert.match(page, /value="release-hold"/);
      const ownerPage = await html(await owner.go(hold));
      assert.match(ownerPage, /Hold by Test \d+/, "the act's owner sees who holds it");
      const holdId = (await db.selectFrom("act_holds").select("id").executeTakeFirstOrThrow()).id;
      const res = await promoter.go(hold, { intent: "release-hold", holdId });
      assert.equal(res.status, 303);
      const after = await html(await promoter.go(res.headers.get("location")!));
      assert.match(after, /The hold is released/);
      assert.doesNotMatch(after, /value="release-hold"/);
    });

    await t.step("rotating the feed gives a new address", async () => {
      const before = /\/calendar\/feed\/[^"]+\.ics/.exec(await html(await owner.go("/calendar")))![0];
      const res = await owner.go("/calendar", { intent: "rotate-feed" });
      assert.equal(res.status, 303);
      const page = await html(await owner.go(res.headers.get("location")!));
      assert.match(page, /has a new address/);
      const after = /\/calendar\/feed\/[^"]+\.ics/.exec(page)![0];
      assert.notEqual(after, before);
      assert.ok(after.includes(`${artist.id}.2.`));
    });
  } finally {
    await app.close();
  }
});
