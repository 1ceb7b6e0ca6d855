/**
 * The audit log viewer: filters by who, action, entity and days; keyset pages that neither skip nor repeat
 * entries written in the same instant; an entry's diff as a before/after table; the CSV export with every
 * cell quoted and formulas defused, itself recorded in the log.
 */
import assert from "node:assert/strict";
import { recordAudit } from "../db/audit.ts";
import { openTestApp } from "./support/app.ts";
import { bookingCast } from "./support/booking_cast.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";
import { FormBrowser } from "./support/form_browser.ts";

Deno.test("the audit log viewer filters, pages, opens a diff and exports safe CSV", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const { people } = await bookingCast(app);
    const admin = new FormBrowser(app, "203.0.113.70");
    await admin.signIn(people.admin);
    const staff = new FormBrowser(app, "203.0.113.71");
    await staff.signIn(people.staff);
    const entries = (html: string) => textsOf(parsePage(html), "[data-testid=audit-entry] a");

    // Something to find: the admin renames the organizer (a row change the users trigger logs).
    const renamed = await app.request(`/api/v1/users/${people.organizer.id}`, {
      method: "PATCH",
      headers: { ...people.admin.headers, "Content-Type": "application/json" },
      body: JSON.stringify({ displayName: "Dev Organiser" }),
    });
    assert.equal(renamed.status, 200);
    await renamed.body?.cancel();

    await t.step(
      "who: an admin's e-mail finds what they did; a stranger's address is refused beside it",
      async () => {
        const mine = entries(await staff.html(`/admin/audit?who=${encodeURIComponent(people.admin.email)}`));
        assert.ok(mine.includes("update"), "the rename");
        assert.ok(mine.every((a) => a !== "auth.login_failed"));
        const res = await staff.go("/admin/audit?who=nobody%40example.in");
        assert.equal(res.status, 422);
        const doc = parsePage(await res.text());
        assert.equal(find(doc, "#who-error").textContent, "No account has this e-mail address");
        const bad = await staff.go("/admin/audit?who=not-an-address");
        assert.equal(bad.status, 422);
        await bad.body?.cancel();
      },
    );

    await t.step("an entry opens to its diff, before and after", async () => {
      const row = await db.selectFrom("audit_logs").select("id").where("action", "=", "update")
        .where("entity_type", "=", "users").where("entity_id", "=", people.organizer.id)
        .orderBy("at", "desc").executeTakeFirstOrThrow();
      const doc = parsePage(await staff.html(`/admin/audit/${row.id}`));
      const cells = [...find(doc, "[data-testid=audit-diff]").querySelectorAll("tbody tr")]
        .map((tr) => [...tr.children].map((c) => c.textContent));
      const name = cells.find(([field]) => field === "display_name");
      assert.ok(name, "display_name changed");
      assert.equal(name[2], "Dev Organiser");
      assert.notEqual(name[1], name[2]);
      assert.match(find(doc, "[data-testid=audit-facts]").textContent!, new RegExp(people.admin.email));
      assert.equal((await staff.go(`/admin/audit/${crypto.randomUUID()}`)).status, 404);
    });

    await t.step("days: from and to are India's calendar days, both included", async () => {
      const at = (iso: string) => new Date(iso);
      for (const [when, id] of [["2026-01-10T17:00:00Z", "a"], ["2026-01-20T05:00:00Z", "b"]]) {
        // 17:00 UTC on the 10th is 22:30 in India, still the 10th there.
        await db.insertInto("audit_logs").values({
          action: "test.dated",
          entity_type: "test",
          entity_id: id,
          at: at(when),
        }).execute();
      }
      const ids = async (query: string) =>
        textsOf(
          parsePage(await staff.html(`/admin/audit?action=test.dated&${query}`)),
          "[data-testid=audit-entry]",
        )
          .map((text) => /test (\w)/.exec(text)?.[1]);
      assert.deepEqual(await ids("from=2026-01-15"), ["b"]);
      assert.deepEqual(await ids("to=2026-01-10"), ["a"]);
      assert.deepEqual(await ids("from=2026-01-10&to=2026-01-20"), ["b", "a"]);
      const backwards = await staff.go("/admin/audit?from=2026-01-20&to=2026-01-10");
      assert.equal(backwards.status, 422);
      assert.match(find(parsePage(await backwards.text()), "#to-error").textContent!, /On or after/);
    });

    await t.step(
      "pages: sixty entries written in one instant come back once each, newest first",
      async () => {
        const instant = new Date("2026-02-01T10:00:00.123456Z");
        await db.insertInto("audit_logs").values(
          Array.from({ length: 60 }, (_, i) => ({
            action: "test.bulk",
            entity_type: "test",
            entity_id: `bulk-${i}`,
            at: instant,
          })),
        ).execute();
        const seen: string[] = [];
        let path = "/admin/audit?action=test.bulk&entityType=test";
        for (let pages = 0; path && pages < 5; pages++) {
          const doc = parsePage(await staff.html(path));
          seen.push(...textsOf(doc, "[data-testid=audit-entry]").map((text) => /bulk-\d+/.exec(text)![0]));
          path = doc.querySelector("a[rel=next]")?.getAttribute("href") ?? "";
        }
        assert.equal(seen.length, 60);
        assert.equal(new Set(seen).size, 60);
        const tampered = await staff.go("/admin/audit?cursor=WyJ4IiwieSJd");
        assert.equal(tampered.status, 422);
        await tampered.body?.cancel();
      },
    );

    await t.step("CSV: quoted cells, doubled quotes, formulas defused, and the export recorded", async () => {
      await recordAudit(db, {
        actorId: people.admin.id,
        action: '=HYPERLINK("http://evil.example","click")',
        entityType: "test.hostile",
        entityId: "+1+1",
        userAgent: "@SUM(A1:A9)",
        diff: { note: 'He said "hi", then -2+3' },
      });
      const res = await staff.go("/admin/audit?format=csv&entityType=test.hostile");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
      assert.match(res.headers.get("content-disposition")!, /^attachment; filename=/);
      // ignoreBOM keeps the byte-order mark in the text, where spreadsheets look for it.
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
      assert.ok(text.startsWith('\uFEFF"at","actor_id","actor_email","action"'));
      const lines = text.trimEnd().split("\r\n");
      assert.equal(lines.length, 2, "the header and the one hostile entry");
      const line = lines[1];
      assert.ok(line.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), line);
      assert.ok(line.includes(`"'+1+1"`), line);
      assert.ok(line.includes(`"'@SUM(A1:A9)"`), line);
      assert.ok(line.includes(`"{""note"":""He said \\""hi\\"", then -2+3""}"`), line);
      assert.ok(line.includes(`"${people.admin.email}"`));
      const exported = await db.selectFrom("audit_logs").select(["actor_id", "diff"])
        .where("action", "=", "audit.exported").executeTakeFirstOrThrow();
      assert.equal(exported.actor_id, people.staff.id);
      assert.deepEqual(exported.diff, { filter: { entityType: "test.hostile" } });
      const refused = await staff.go("/admin/audit?format=csv&who=nobody%40example.in");
      assert.equal(refused.status, 422, "a bad filter is an error, not half a file");
      await refused.body?.cancel();
    });
  } finally {
    await app.close();
  }
});
