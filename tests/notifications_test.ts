/**
 * Notifications are read by opening what they are about, and stay listed
 * afterwards: the service (one statement, only the person's own, idempotent),
 * the unread-first inbox and its history pages (keyset exact to the
 * microsecond), and the pages: a booking, an opportunity or a calendar month
 * opened from anywhere marks its notifications read, the header's count
 * included; /notifications lists the new ones first, then the history.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { Unauthorized, ValidationError } from "../domain/errors.ts";
import { encodeCursor } from "../lib/cursor.ts";
import { markReadOnOpening, notificationInbox } from "../services/notifications.ts";
import { signUp } from "./support/accounts.ts";
import { openTestApp } from "./support/app.ts";
import { testOnEachDriver } from "./support/db.ts";
import { parsePage, textsOf } from "./support/dom.ts";
import { act, booking, opportunity, person } from "./support/fixtures.ts";

const NOW = new Date("2026-06-01T10:00:00Z");

async function notice(
  db: Kysely<Database>,
  userId: string,
  link: string,
  values: { title?: string; read?: boolean; createdAt?: string } = {},
): Promise<string> {
  const title = values.title ?? `About ${link}`;
  return (await db.insertInto("notifications").values({
    user_id: userId,
    kind: title,
    title,
    body: null,
    link,
    read_at: values.read ? NOW : null,
    ...(values.createdAt ? { created_at: values.createdAt } : {}),
  }).returning("id").executeTakeFirstOrThrow()).id;
}

async function readAt(db: Kysely<Database>, id: string): Promise<Date | null> {
  const row = await db.selectFrom("notifications").select("read_at").where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row.read_at === null ? null : new Date(row.read_at);
}

testOnEachDriver("opening what a notification links to reads only the opener's own", async ({ db }) => {
  const me = await person(db);
  const other = await person(db);
  const mine = [await notice(db, me.userId, "/bookings/x"), await notice(db, me.userId, "/bookings/x")];
  const elsewhere = await notice(db, me.userId, "/bookings/y");
  const theirs = await notice(db, other.userId, "/bookings/x");

  assert.equal(await markReadOnOpening(db, me, "/bookings/x", NOW), 2);
  for (const id of mine) assert.equal((await readAt(db, id))?.toISOString(), NOW.toISOString());
  assert.equal(await readAt(db, elsewhere), null, "another link stays unread");
  assert.equal(await readAt(db, theirs), null, "another person's stays unread");

  const later = new Date(NOW.getTime() + 60_000);
  assert.equal(await markReadOnOpening(db, me, "/bookings/x", later), 0, "a second opening changes nothing");
  assert.equal((await readAt(db, mine[0]))?.toISOString(), NOW.toISOString(), "the first reading stands");
  assert.equal(await markReadOnOpening(db, me, "https://evil.example/bookings/y", NOW), 0);
  await assert.rejects(markReadOnOpening(db, null, "/bookings/y", NOW), Unauthorized);
});

testOnEachDriver("the inbox: unread first, then the history a page at a time", async ({ db }) => {
  const me = await person(db);
  const other = await person(db);
  // Read ones a few microseconds apart: a cursor that kept only milliseconds would skip or repeat them.
  const read = [];
  for (let i = 1; i <= 5; i++) {
    read.push(
      await notice(db, me.userId, `/bookings/${i}`, {
        read: true,
        createdAt: `2026-05-01T10:00:00.00000${i}Z`,
      }),
    );
  }
  const older = await notice(db, me.userId, "/bookings/old", { createdAt: "2026-04-01T10:00:00Z" });
  const newer = await notice(db, me.userId, "/bookings/new", { createdAt: "2026-05-20T10:00:00Z" });
  await notice(db, other.userId, "/bookings/1");

  const first = await notificationInbox(db, me, { unreadLimit: 1, readLimit: 2 });
  assert.deepEqual(first.unread.map((n) => n.id), [newer], "the newest unread, as many as asked");
  assert.equal(first.unreadCount, 2, "and how many wait in all");
  assert.ok(first.unread.every((n) => !n.read));
  assert.deepEqual(first.read.map((n) => n.id), [read[4], read[3]]);
  assert.ok(first.read.every((n) => n.read));
  assert.ok(first.nextCursor);

  const second = await notificationInbox(db, me, { unreadLimit: 1, readLimit: 2, cursor: first.nextCursor });
  assert.deepEqual(second.unread, [], "the new ones head the first page only");
  assert.deepEqual(second.read.map((n) => n.id), [read[2], read[1]]);
  const third = await notificationInbox(db, me, { unreadLimit: 1, readLimit: 2, cursor: second.nextCursor });
  assert.deepEqual(third.read.map((n) => n.id), [read[0]]);
  assert.equal(third.nextCursor, null);

  const all = await notificationInbox(db, me, { unreadLimit: 10, readLimit: 10 });
  assert.deepEqual(all.unread.map((n) => n.id), [newer, older]);

  for (const cursor of ["nonsense", encodeCursor(["not-a-uuid"]), encodeCursor([older, 1])]) {
    await assert.rejects(
      notificationInbox(db, me, { unreadLimit: 1, readLimit: 2, cursor }),
      (err) => err instanceof ValidationError && err.details[0]?.field === "cursor",
    );
  }
});

Deno.test("pages read the notifications about them and list them afterwards", async (t) => {
  const app = await openTestApp();
  const db = app.database.db;
  try {
    const artist = await signUp(app, "artist");
    const organizer = await signUp(app, "organizer");
    const { id: actId } = await act(db, artist.id, { name: "Asha Rao" });
    const gig = await booking(db, actId, organizer.id, { title: "Monsoon Sessions" });
    const { id: opportunityId } = await opportunity(db, organizer.id, { title: "Jazz at the Fort" });
    const month = gig.starts_at.toISOString().slice(0, 7);
    // Stamped a minute apart: rows inserted back to back can share a clock tick, and the
    // order the history shows them in is what is under test.
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
    const aboutGig = await notice(db, artist.id, `/bookings/${gig.id}`, {
      title: "New booking request",
      createdAt: minutesAgo(4),
    });
    const aboutGigToo = await notice(db, artist.id, `/bookings/${gig.id}`, {
      title: "Request updated",
      createdAt: minutesAgo(3),
    });
    const aboutOpportunity = await notice(db, artist.id, `/opportunities/${opportunityId}`, {
      createdAt: minutesAgo(2),
    });
    const aboutMonth = await notice(db, artist.id, `/calendar?month=${month}`, { createdAt: minutesAgo(1) });
    const organizersOwn = await notice(db, organizer.id, `/bookings/${gig.id}`);

    const badge = async (path: string) => {
      const res = await app.request(path, { headers: artist.headers });
      assert.equal(res.status, 200, path);
      const doc = parsePage(await res.text());
      return doc.querySelector('[data-testid="unread"]')?.getAttribute("aria-label") ?? "none";
    };

    await t.step(
      "opening the booking reads both notifications about it, and the header says so",
      async () => {
        assert.equal(await badge("/dashboard"), "4 unread", "the dashboard itself reads nothing");
        assert.equal(await badge(`/bookings/${gig.id}`), "2 unread");
        assert.ok(await readAt(db, aboutGig));
        assert.ok(await readAt(db, aboutGigToo));
        assert.equal(await readAt(db, organizersOwn), null, "the organizer has not opened it");
        const first = await readAt(db, aboutGig);
        assert.equal(await badge(`/bookings/${gig.id}`), "2 unread", "opening it again changes nothing");
        assert.deepEqual(await readAt(db, aboutGig), first);
      },
    );

    await t.step("so does opening the opportunity, and the calendar month", async () => {
      assert.equal(await badge(`/opportunities/${opportunityId}`), "1 unread");
      assert.ok(await readAt(db, aboutOpportunity));
      assert.equal(await badge(`/calendar?month=${month}`), "none");
      assert.ok(await readAt(db, aboutMonth));
    });

    await t.step("signed out, the history page asks to log in first", async () => {
      const res = await app.request("/notifications");
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/login?next=/notifications");
    });

    const fresh = await notice(db, artist.id, "/bookings/new-one", { title: "New offer on your booking" });
    for (let i = 0; i < 22; i++) {
      await notice(db, artist.id, `/bookings/${i}`, {
        title: `Old news ${i}`,
        read: true,
        createdAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
      });
    }

    await t.step("the dashboard keeps read ones below the new one, and links to the history", async () => {
      const doc = parsePage(await (await app.request("/dashboard", { headers: artist.headers })).text());
      const unread = doc.querySelector('[data-testid="unread-notifications"]')!;
      assert.deepEqual(textsOf(unread, "li a"), ["New offer on your booking"]);
      assert.deepEqual(textsOf(unread, '[data-testid="new"]'), ["New"], "said in words, not only colour");
      assert.deepEqual(textsOf(doc, '[data-testid="read-notifications"] li a'), [
        `About /calendar?month=${month}`,
        `About /opportunities/${opportunityId}`,
        "Request updated",
      ], "the latest few of the history, newest first");
      assert.equal(doc.querySelectorAll('[data-testid="read-notifications"] [data-testid="new"]').length, 0);
      const all = [...doc.querySelectorAll('[data-testid="notifications"] a')]
        .find((a) => a.textContent === "All notifications");
      assert.equal(all?.getAttribute("href"), "/notifications");
    });

    await t.step("the history lists every notification: new first, the rest a page at a time", async () => {
      const res = await app.request("/notifications", { headers: artist.headers });
      assert.equal(res.status, 200);
      const doc = parsePage(await res.text());
      assert.equal(doc.querySelector("h1")?.textContent, "Notifications");
      assert.deepEqual(textsOf(doc, '[data-testid="unread-notifications"] li a'), [
        "New offer on your booking",
      ]);
      const page1 = textsOf(doc, '[data-testid="read-notifications"] li a');
      assert.equal(page1.length, 20);
      assert.deepEqual(page1.slice(0, 5), [
        `About /calendar?month=${month}`,
        `About /opportunities/${opportunityId}`,
        "Request updated",
        "New booking request",
        "Old news 21",
      ], "newest first");
      const older = doc.querySelector('a[rel="next"]')?.getAttribute("href");
      assert.match(older ?? "", /^\/notifications\?cursor=[\w%-]+$/);

      const next = parsePage(await (await app.request(older!, { headers: artist.headers })).text());
      const page2 = textsOf(next, '[data-testid="read-notifications"] li a');
      assert.equal(new Set([...page1, ...page2]).size, 4 + 22, "every read one, once");
      assert.equal(page2.at(-1), "Old news 0", "down to the oldest");
      assert.equal(next.querySelector('a[rel="next"]'), null, "the last page");
      assert.deepEqual(textsOf(next, '[data-testid="unread-notifications"] li'), []);
    });

    await t.step("a cursor we did not issue is the visitor's mistake, not an error of ours", async () => {
      const res = await app.request("/notifications?cursor=bogus", { headers: artist.headers });
      assert.equal(res.status, 422);
      await res.body?.cancel();
    });

    await t.step("mark all read is a plain form post back to the history", async () => {
      const res = await app.request("/notifications", {
        method: "POST",
        headers: { ...artist.headers, Origin: "http://localhost" },
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/notifications");
      assert.ok(await readAt(db, fresh));
      const doc = parsePage(await (await app.request("/notifications", { headers: artist.headers })).text());
      assert.equal(doc.querySelector("h2")?.textContent, "No new updates");
      assert.equal(doc.querySelector('[data-testid="unread-notifications"]'), null);
      assert.deepEqual(
        textsOf(doc, '[data-testid="read-notifications"] li a')[0],
        "New offer on your booking",
      );
    });
  } finally {
    await app.close();
  }
});
