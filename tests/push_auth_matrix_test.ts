/**
 * Every push endpoint, called by everyone: anonymous -> 401; anyone signed in
 * manages their own browsers and choices, and nobody, admins included, can
 * see or turn off another person's (404, and it stays on).
 */
import assert from "node:assert/strict";
import { signUp } from "./support/accounts.ts";
import { openTestApp } from "./support/app.ts";
import { bookingCast, type Caller, CAST, type CastMember } from "./support/booking_cast.ts";
import { type BrowserSubscription, startPushService } from "./support/push_service.ts";

Deno.test("authorization matrix of the push endpoints", async (t) => {
  const pushService = startPushService();
  const app = await openTestApp();
  try {
    const { people } = await bookingCast(app);
    const publicKey = app.services.deps.push!.publicKey;
    const browsers = {} as Record<CastMember, BrowserSubscription>;
    for (const who of CAST) browsers[who] = await pushService.subscribe(publicKey);
    const other = await signUp(app, "artist");
    const othersBrowser = await pushService.subscribe(publicKey);
    const subscribed = await app.request("/api/v1/push/subscriptions", {
      method: "POST",
      headers: { ...other.headers, "Content-Type": "application/json" },
      body: JSON.stringify(othersBrowser),
    });
    assert.equal(subscribed.status, 201);

    const request = async (who: Caller, method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return await app.request(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    };
    const signedIn = (status: number): Record<Caller, number> =>
      Object.fromEntries([["anonymous", 401], ...CAST.map((who) => [who, status])]) as Record<Caller, number>;
    const own = (who: Caller) => who === "anonymous" ? browsers.organizer : browsers[who];
    const everyType = {
      offers: true,
      requests: false,
      accepted: true,
      waiting: true,
      messages: true,
      calls: true,
    };

    type Row = [string, string, string, ((who: Caller) => unknown) | null, Record<Caller, number>];
    const table: Row[] = [
      ["turn on for one's browser", "POST", "/push/subscriptions", own, signedIn(201)],
      ["say it again", "POST", "/push/subscriptions", own, signedIn(200)],
      ["see one's choices", "GET", "/push/preferences", null, signedIn(200)],
      ["change one's choices", "PUT", "/push/preferences", () => everyType, signedIn(200)],
      [
        "turn off another's browser",
        "DELETE",
        "/push/subscriptions",
        () => ({ endpoint: othersBrowser.endpoint }),
        signedIn(404),
      ],
      [
        "turn off one's browser",
        "DELETE",
        "/push/subscriptions",
        (who) => ({ endpoint: own(who).endpoint }),
        signedIn(200),
      ],
    ];
    for (const [name, method, path, body, expected] of table) {
      await t.step(`${method} ${name}`, async () => {
        for (const who of ["anonymous", ...CAST] as Caller[]) {
          const res = await request(who, method, path, body?.(who));
          const text = await res.text();
          assert.equal(res.status, expected[who], `${who}: ${text.slice(0, 300)}`);
          assert.equal(typeof JSON.parse(text).success, "boolean");
        }
      });
    }
    const left = await app.database.db.selectFrom("push_subscriptions").select("user_id").execute();
    assert.deepEqual(left.map((r) => r.user_id), [other.id]);
    const muted = await app.database.db.selectFrom("push_preferences").select(["user_id", "muted"]).execute();
    assert.equal(muted.length, CAST.length);
    assert.ok(muted.every((m) => m.muted.length === 1 && m.muted[0] === "requests"));
  } finally {
    await app.close();
    await pushService.close();
  }
});
