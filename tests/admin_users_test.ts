/**
 * Users in the admin console: finding people (by name, e-mail or phone as typed), suspending with a reason
 * (every session ends at once, sign-in is refused with a clear message, their listings leave the public
 * site) and reinstating (all of it back), roles, soft delete; staff may look but not change. The service
 * part runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL; the pages through the whole app.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { searchActs } from "../services/catalog/search.ts";
import { searchVenues } from "../services/catalog/venue_search.ts";
import { actBySlug, venueBySlug, venueEvents } from "../services/catalog/profiles.ts";
import { getAct } from "../services/catalog/acts.ts";
import { getVenue } from "../services/catalog/venues.ts";
import { searchOpportunities } from "../services/opportunities/search.ts";
import { getOpportunity } from "../services/opportunities/opportunities.ts";
import { reinstateUser, suspendUser } from "../services/admin/users_suspension.ts";
import { listUsers, updateUser } from "../services/users/users.ts";
import { accessTokenSigner } from "../services/auth/access_token.ts";
import { authenticateAccessToken, rotateRefreshToken, startSession } from "../services/auth/sessions.ts";
import { AppError } from "../domain/errors.ts";
import { SUSPENDED_SIGN_IN } from "../domain/suspension.ts";
import { hasPostgres, openTestDatabase, testOnEachDriver } from "./support/db.ts";
import { act, band, opportunity, person, venue } from "./support/fixtures.ts";
import { openTestApp } from "./support/app.ts";
import { PASSWORD } from "./support/accounts.ts";
import { bookingCast } from "./support/booking_cast.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";
import { FormBrowser } from "./support/form_browser.ts";

const META = { ip: "203.0.113.9", userAgent: "admin-users-test" };

/** The code of the AppError `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  assert.ok(err instanceof AppError, `expected a refusal, got ${err}`);
  return err.code;
}

/** Someone who owns a solo act, a band, a venue and an open gig, with a phone number. */
async function lister(db: Kysely<Database>) {
  const owner = await person(db, "artist", "band_manager", "venue_manager", "organizer");
  await db.updateTable("users").set({ phone: "+919876543210" }).where("id", "=", owner.userId).execute();
  return {
    owner,
    solo: await act(db, owner.userId),
    group: await band(db, owner.userId),
    hall: await venue(db, owner.userId),
    gig: await opportunity(db, owner.userId),
  };
}

testOnEachDriver(
  "suspending needs an admin and a reason, ends every session, and hides the listings until reinstated",
  async ({ db }) => {
    const deps = { db, now: () => new Date() };
    const admin = await person(db, "admin");
    const staff = await person(db, "staff");
    const { owner, solo, group, hall, gig } = await lister(db);
    const signer = await accessTokenSigner("a-test-secret-that-is-long-enough-0123456789");
    const tokens = await startSession(db, signer, {
      userId: owner.userId,
      kind: "api",
      client: { ip: null, userAgent: null },
      now: new Date(),
    });
    assert.ok(await authenticateAccessToken(db, signer, tokens.accessToken, new Date()));

    const found = async (id: string, q: string) =>
      (await searchActs(db, { q })).items.some((a) => a.id === id);
    const seen = async () => ({
      solo: await found(solo.id, solo.name),
      band: await found(group.id, group.name),
      venue: (await searchVenues(db, { q: hall.name })).items.some((v) => v.id === hall.id),
      gig: (await searchOpportunities(db, { limit: 100 }, new Date())).items.some((o) => o.id === gig.id),
      soloPage: await actBySlug(db, solo.slug).then(() => true, () => false),
      bandPage: await actBySlug(db, group.slug).then(() => true, () => false),
      venuePage: await venueBySlug(db, hall.slug).then(() => true, () => false),
      actApi: await getAct(db, solo.id).then(() => true, () => false),
      venueApi: await getVenue(db, hall.id).then(() => true, () => false),
      venueEvents: await venueEvents(db, hall.id, {}, new Date()).then(() => true, () => false),
      gigPage: await getOpportunity(db, null, gig.id).then(() => true, () => false),
    });
    const before = await seen();
    const everywhere = (value: boolean) => Object.fromEntries(Object.keys(before).map((k) => [k, value]));
    assert.deepEqual(before, everywhere(true));

    assert.equal(
      await refusal(suspendUser(deps, staff, owner.userId, { reason: "Spam" }, META)),
      "FORBIDDEN",
    );
    assert.equal(await refusal(suspendUser(deps, owner, owner.userId, { reason: "Me" }, META)), "FORBIDDEN");
    assert.equal(await refusal(suspendUser(deps, admin, admin.userId, { reason: "Me" }, META)), "CONFLICT");
    assert.equal(
      await refusal(suspendUser(deps, admin, owner.userId, { reason: "  " }, META)),
      "VALIDATION_ERROR",
    );
    assert.equal(
      await refusal(suspendUser(deps, admin, crypto.randomUUID(), { reason: "Nobody" }, META)),
      "NOT_FOUND",
    );

    const reason = "Listed a band they do not manage";
    const suspended = await suspendUser(deps, admin, owner.userId, { reason }, META);
    assert.equal(suspended.status, "suspended");
    assert.equal(
      await refusal(suspendUser(deps, admin, owner.userId, { reason: "Again" }, META)),
      "CONFLICT",
    );

    // The access token is checked against its session on each use, so it stops now, not at its expiry.
    assert.equal(await authenticateAccessToken(db, signer, tokens.accessToken, new Date()), null);
    assert.equal(
      await refusal(rotateRefreshToken(db, signer, tokens.refreshToken, new Date())),
      "UNAUTHORIZED",
    );
    const session = await db.selectFrom("sessions").select(["revoked_at", "revoked_reason"])
      .where("id", "=", tokens.sessionId).executeTakeFirstOrThrow();
    assert.ok(session.revoked_at);
    assert.equal(session.revoked_reason, "suspended");

    assert.deepEqual(await seen(), everywhere(false));
    const row = await db.selectFrom("user_suspensions").selectAll().where("user_id", "=", owner.userId)
      .executeTakeFirstOrThrow();
    assert.equal(row.reason, reason);
    assert.equal(row.suspended_by, admin.userId);
    assert.equal(row.status_before, "active");
    const audit = await db.selectFrom("audit_logs").select(["actor_id", "diff", "ip"])
      .where("action", "=", "user.suspended").where("entity_id", "=", owner.userId).executeTakeFirstOrThrow();
    assert.equal(audit.actor_id, admin.userId);
    assert.deepEqual(audit.diff, { reason, sessionsEnded: 1 });

    assert.equal(await refusal(reinstateUser(deps, staff, owner.userId, {}, META)), "FORBIDDEN");
    const back = await reinstateUser(deps, admin, owner.userId, { note: "Proved they manage it" }, META);
    assert.equal(back.status, "active");
    assert.equal(await refusal(reinstateUser(deps, admin, owner.userId, {}, META)), "CONFLICT");
    assert.deepEqual(await seen(), everywhere(true));
    const lifted = await db.selectFrom("user_suspensions").selectAll().where("user_id", "=", owner.userId)
      .executeTakeFirstOrThrow();
    assert.equal(lifted.lifted_by, admin.userId);
    assert.equal(lifted.lift_note, "Proved they manage it");
    // The ended session stays ended: reinstating lets them sign in again, it does not revive old tokens.
    assert.equal(await authenticateAccessToken(db, signer, tokens.accessToken, new Date()), null);
  },
);

testOnEachDriver(
  "an account suspended before verifying its address is reinstated unverified",
  async ({ db }) => {
    const deps = { db, now: () => new Date() };
    const admin = await person(db, "admin");
    const newcomer = await person(db, "artist");
    await db.updateTable("users").set({ status: "pending_verification" }).where("id", "=", newcomer.userId)
      .execute();
    await suspendUser(deps, admin, newcomer.userId, { reason: "Bulk sign-ups from one address" }, META);
    assert.equal(
      (await reinstateUser(deps, admin, newcomer.userId, {}, META)).status,
      "pending_verification",
    );
  },
);

testOnEachDriver("PATCH /users status goes through the same suspension, reason and all", async ({ db }) => {
  const admin = await person(db, "admin");
  const owner = await person(db, "artist");
  assert.equal(
    await refusal(updateUser(db, admin, owner.userId, { status: "suspended" }, META)),
    "VALIDATION_ERROR",
  );
  assert.equal(
    await refusal(updateUser(db, owner, owner.userId, { statusReason: "I would like a rest" }, META)),
    "FORBIDDEN",
  );
  await updateUser(db, admin, owner.userId, { status: "suspended", statusReason: "Chargebacks" }, META);
  const open = await db.selectFrom("user_suspensions").select(["reason", "lifted_at"])
    .where("user_id", "=", owner.userId).executeTakeFirstOrThrow();
  assert.deepEqual(open, { reason: "Chargebacks", lifted_at: null });
  const back = await updateUser(
    db,
    admin,
    owner.userId,
    { status: "active", statusReason: "Resolved" },
    META,
  );
  assert.equal(back.status, "active");
  const lifted = await db.selectFrom("user_suspensions").select(["lift_note"]).where(
    "user_id",
    "=",
    owner.userId,
  )
    .executeTakeFirstOrThrow();
  assert.equal(lifted.lift_note, "Resolved");
});

testOnEachDriver(
  "staff and admins find people by name, e-mail or phone as typed; others may not look",
  async ({ db }) => {
    const admin = await person(db, "admin");
    const staff = await person(db, "staff");
    const organizer = await person(db, "organizer");
    const { owner } = await lister(db);
    const ids = async (q: string, who = staff) => (await listUsers(db, who, { q })).items.map((u) => u.id);
    for (
      const typed of ["098765 43210", "+91 98765-43210", "9876543210", "43210", owner.email.toUpperCase()]
    ) {
      assert.deepEqual(await ids(typed), [owner.userId], typed);
    }
    const name = (await db.selectFrom("users").select("display_name").where("id", "=", owner.userId)
      .executeTakeFirstOrThrow()).display_name!;
    assert.ok((await ids(name, admin)).includes(owner.userId));
    assert.deepEqual(await ids("4321"), [], "four digits are too few to be a phone fragment");
    const bands = await listUsers(db, staff, { role: "band_manager", status: "active" });
    assert.deepEqual(bands.items.map((u) => u.id), [owner.userId]);
    assert.equal(await refusal(listUsers(db, organizer, {})), "FORBIDDEN");
  },
);

Deno.test({
  name: "two admins suspending one account at once: one suspension, the other told it is done [pg]",
  ignore: !hasPostgres,
  async fn() {
    const { db, close } = await openTestDatabase({ driver: "pg" });
    try {
      const deps = { db, now: () => new Date() };
      const admins = [await person(db, "admin"), await person(db, "admin")];
      const { owner } = await lister(db);
      const results = await Promise.allSettled(
        admins.map((a) => suspendUser(deps, a, owner.userId, { reason: `By ${a.userId}` }, META)),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      assert.equal((rejected.reason as AppError).code, "CONFLICT");
      const rows = await db.selectFrom("user_suspensions").select("id").where("user_id", "=", owner.userId)
        .execute();
      assert.equal(rows.length, 1);
    } finally {
      await close();
    }
  },
});

Deno.test("the console suspends a signed-in person, who is out at once, and reinstates them", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const { people } = await bookingCast(app);
    const victim = people.act;
    const group = await db.selectFrom("acts").select(["id", "slug", "name"]).where("owner_id", "=", victim.id)
      .executeTakeFirstOrThrow();
    const hall = await venue(db, victim.id);
    await db.updateTable("users").set({ phone: "+919812345678" }).where("id", "=", victim.id).execute();

    const theirs = new FormBrowser(app, "203.0.113.60");
    await theirs.signIn(victim);
    assert.equal((await theirs.go("/dashboard")).status, 200);
    const admin = new FormBrowser(app, "203.0.113.61");
    await admin.signIn(people.admin);
    const staff = new FormBrowser(app, "203.0.113.62");
    await staff.signIn(people.staff);
    const anonymous = new FormBrowser(app, "203.0.113.63");
    const page = `/admin/users/${victim.id}`;
    const status = async (browser: FormBrowser, path: string, form?: Record<string, string>) => {
      const res = await browser.go(path, form);
      await res.body?.cancel();
      return res.status;
    };

    await t.step("staff find them by phone but may not suspend them or change their roles", async () => {
      const doc = parsePage(await staff.html("/admin/users?q=98123%2045678"));
      assert.deepEqual(
        [...doc.querySelectorAll("[data-testid=user-result] a")].map((a) => a.getAttribute("href")),
        [page],
      );
      const own = parsePage(await staff.html(page));
      assert.equal(own.querySelector("[data-testid=suspend-form]"), null, "no forms for staff");
      assert.equal(await status(staff, page, { intent: "suspend", reason: "Staff try" }), 403);
      assert.equal(await status(staff, page, { intent: "grant_role", role: "promoter" }), 403);
      assert.equal(await status(staff, page, { intent: "delete", confirm: "delete" }), 403);
    });

    await t.step("a suspension without a reason is refused beside its field", async () => {
      const res = await admin.go(page, { intent: "suspend", reason: "   " });
      assert.equal(res.status, 422);
      const doc = parsePage(await res.text());
      assert.match(find(doc, "#reason-error").textContent!, /Say why/);
      assert.equal(find(doc, "#reason").getAttribute("aria-invalid"), "true");
    });

    const reason = "Took deposits for shows the band never played";
    await t.step("suspended: their browser is sent to log in on its next request", async () => {
      const res = await admin.go(page, { intent: "suspend", reason });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `${page}?done=suspend`);
      const next = await theirs.go("/dashboard");
      assert.equal(next.status, 303);
      assert.equal(next.headers.get("location"), "/login?next=/dashboard");
      await next.body?.cancel();
      assert.equal(theirs.cookies.size, 0, "the dead session's cookies are cleared");
      // The API: the access token and the refresh token from before stop working too.
      const me = await app.request("/api/v1/auth/me", { headers: victim.headers });
      assert.equal(me.status, 401);
      await me.body?.cancel();
      const refreshed = await app.request("/api/v1/auth/refresh-token", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refreshToken: victim.refreshToken }),
      });
      assert.equal(refreshed.status, 401);
      await refreshed.body?.cancel();
    });

    await t.step("their sign-in is refused with a clear message that does not give the reason", async () => {
      const res = await theirs.go("/login", {
        identifier: victim.email,
        password: PASSWORD,
        next: "/dashboard",
      });
      assert.equal(res.status, 403);
      const text = find(parsePage(await res.text()), "[role=alert]").textContent!;
      assert.equal(text, SUSPENDED_SIGN_IN);
      assert.ok(!text.includes(reason));
    });

    await t.step("their listings are gone from search and their pages answer 404", async () => {
      assert.equal(await status(anonymous, `/bands/${group.slug}`), 404);
      assert.equal(await status(anonymous, `/venues/${hall.slug}`), 404);
      const reviews = await app.request(`/api/v1/artists/${group.id}/reviews`);
      assert.equal(reviews.status, 404, "nor are the band's reviews listed");
      await reviews.body?.cancel();
      const search = await app.request(`/api/v1/search/artists?q=${encodeURIComponent(group.name)}`);
      assert.ok(!(await search.json()).data.some((a: { id: string }) => a.id === group.id));
      const asked = await app.request("/api/v1/bookings", {
        method: "POST",
        headers: { ...people.organizer.headers, "Content-Type": "application/json" },
        body: JSON.stringify({
          actId: group.id,
          title: "Diwali night",
          startsAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
          durationMinutes: 90,
        }),
      });
      assert.equal(asked.status, 422, "a hidden act cannot be asked for a date");
      await asked.body?.cancel();
    });

    await t.step("the admin page shows the reason, the hidden listings and the audit entry", async () => {
      const doc = parsePage(await admin.html(`${page}?done=suspend`));
      assert.equal(find(doc, "[data-testid=suspension-reason]").textContent, reason);
      assert.ok(find(doc, "[data-testid=listings-hidden]"));
      assert.ok(
        textsOf(doc, "[data-testid=user-audit] [data-testid=audit-entry] a").includes("user.suspended"),
      );
      assert.match(find(doc, "[data-testid=identity]").textContent!, /Sessions that can still act0/);
    });

    await t.step("reinstated: they sign in again and their listings are back", async () => {
      assert.equal(await status(admin, page, { intent: "reinstate", note: "Refunded everyone" }), 303);
      await theirs.signIn(victim);
      assert.equal(await status(theirs, "/dashboard"), 200);
      assert.equal(await status(anonymous, `/bands/${group.slug}`), 200);
      assert.equal(await status(anonymous, `/venues/${hall.slug}`), 200);
      const doc = parsePage(await admin.html(page));
      assert.match(find(doc, "[data-testid=suspension-history]").textContent!, /Refunded everyone/);
    });

    await t.step("roles: an admin grants and withdraws one", async () => {
      assert.equal(await status(admin, page, { intent: "grant_role", role: "promoter" }), 303);
      const roles = () =>
        admin.html(page).then((html) => textsOf(parsePage(html), "[data-testid=role-list] li"));
      assert.ok((await roles()).some((r) => r.startsWith("Promoter")));
      assert.equal(await status(admin, page, { intent: "remove_role", role: "promoter" }), 303);
      assert.ok(!(await roles()).some((r) => r.startsWith("Promoter")));
      assert.equal(await status(admin, page, { intent: "grant_role", role: "emperor" }), 422);
    });

    await t.step("soft delete asks first, then scrubs the account", async () => {
      const doc = parsePage(await admin.html(`${page}?confirm=delete`));
      assert.ok(find(doc, "[data-testid=delete-form]"));
      assert.equal(await status(admin, page, { intent: "delete" }), 422, "not without the confirmation");
      assert.equal(await status(admin, page, { intent: "delete", confirm: "delete" }), 303);
      const row = await db.selectFrom("users").select(["status", "email", "phone"]).where(
        "id",
        "=",
        victim.id,
      )
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "deleted");
      assert.equal(row.phone, null);
      assert.equal(await status(theirs, "/dashboard"), 303);
      assert.equal(await status(anonymous, `/bands/${group.slug}`), 404, "a deleted owner's band is gone");
    });
  } finally {
    await app.close();
  }
});
