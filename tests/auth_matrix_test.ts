/**
 * Every account endpoint, called by every kind of caller, on their own and on
 * someone else's resources: anonymous -> 401, not allowed -> 403, absent -> 404;
 * and the public endpoints that answer everyone alike. Then the contract
 * endpoints, by everyone who relates to a booking in some way.
 */
import assert from "node:assert/strict";
import type { Actor } from "../domain/access.ts";
import type { RoleName } from "../domain/roles.ts";
import { sendContract, voidContract } from "../services/contracts/contracts.ts";
import { openTestApp } from "./support/app.ts";
import { PASSWORD, type SignedIn, signIn, signUp } from "./support/accounts.ts";
import { confirmedBooking, signBothSides } from "./support/contracts.ts";
import { band, venue } from "./support/fixtures.ts";

type Caller = "anonymous" | "owner" | "other" | "staff" | "admin";

Deno.test("authorization matrix of the identity endpoints", async (t) => {
  const app = await openTestApp();
  try {
    const people: Record<Exclude<Caller, "anonymous">, SignedIn> = {
      owner: await signUp(app, "artist"),
      other: await signUp(app, "organizer"),
      staff: await signUp(app, "staff"),
      admin: await signUp(app, "admin"),
    };
    const owner = people.owner.id;
    const ownerSession = (await app.database.db.selectFrom("sessions").select("id")
      .where("user_id", "=", owner).executeTakeFirstOrThrow()).id;
    const missing = crypto.randomUUID();
    // A venue's public list of shows: the same answer for everyone, signed in or not.
    const club = (await venue(app.database.db, people.other.id)).id;

    const call = (who: Caller, method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return app.request(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    };

    // [method, path, body, expected status per caller]
    const table: [string, string, unknown, Record<Caller, number>][] = [
      ["GET", "/auth/me", undefined, { anonymous: 401, owner: 200, other: 200, staff: 200, admin: 200 }],
      // Everyone's own billing details for their invoices: there is no way to name someone else's.
      ["GET", "/me/billing-details", undefined, {
        anonymous: 401,
        owner: 200,
        other: 200,
        staff: 200,
        admin: 200,
      }],
      ["PUT", "/me/billing-details", {
        legalName: "Matrix Events LLP",
        address: "12 MG Road, Bengaluru 560001",
        stateCode: "29",
        gstin: null,
      }, { anonymous: 401, owner: 200, other: 200, staff: 200, admin: 200 }],
      ["GET", "/auth/sessions", undefined, {
        anonymous: 401,
        owner: 200,
        other: 200,
        staff: 200,
        admin: 200,
      }],
      ["DELETE", `/auth/sessions/${ownerSession}`, undefined, {
        anonymous: 401,
        owner: 200,
        other: 404,
        staff: 404,
        admin: 404,
      }],
      ["GET", "/users", undefined, { anonymous: 401, owner: 403, other: 403, staff: 200, admin: 200 }],
      ["GET", `/users/${owner}`, undefined, {
        anonymous: 401,
        owner: 200,
        other: 403,
        staff: 200,
        admin: 200,
      }],
      ["GET", `/users/${missing}`, undefined, {
        anonymous: 401,
        owner: 403,
        other: 403,
        staff: 404,
        admin: 404,
      }],
      ["PATCH", `/users/${owner}`, { displayName: "Renamed" }, {
        anonymous: 401,
        owner: 200,
        other: 403,
        staff: 403,
        admin: 200,
      }],
      ["PATCH", `/users/${owner}`, { status: "active" }, {
        anonymous: 401,
        owner: 403,
        other: 403,
        staff: 403,
        admin: 200,
      }],
      ["POST", `/users/${owner}/roles`, { role: "promoter" }, {
        anonymous: 401,
        owner: 403,
        other: 403,
        staff: 403,
        admin: 200,
      }],
      ["DELETE", `/users/${owner}/roles/promoter`, undefined, {
        anonymous: 401,
        owner: 403,
        other: 403,
        staff: 403,
        admin: 200,
      }],
      ["DELETE", `/users/${missing}`, undefined, {
        anonymous: 401,
        owner: 403,
        other: 403,
        staff: 403,
        admin: 404,
      }],
      ["GET", `/venues/${club}/events`, undefined, {
        anonymous: 200,
        owner: 200,
        other: 200,
        staff: 200,
        admin: 200,
      }],
      ["GET", `/venues/${missing}/events`, undefined, {
        anonymous: 404,
        owner: 404,
        other: 404,
        staff: 404,
        admin: 404,
      }],
    ];

    const order: Caller[] = ["anonymous", "other", "staff", "admin", "owner"];
    for (const [method, path, body, expected] of table) {
      await t.step(
        `${method} ${
          path.replace(owner, ":owner").replace(missing, ":missing").replace(ownerSession, ":session")
            .replace(club, ":venue")
        }`,
        async () => {
          for (const who of order) {
            const res = await call(who, method, path, body);
            assert.equal(res.status, expected[who], `${who}: ${await res.clone().text()}`);
            assert.equal(res.headers.get("content-type"), "application/json");
            const envelope = await res.json();
            assert.equal(envelope.success, res.status < 400);
            if (who === "owner" && path.startsWith("/auth/sessions/")) {
              // Ending the owner's only session signs them out: sign in again for the rest of the table.
              people.owner = await signIn(app, people.owner.email);
            }
          }
        },
      );
    }

    await t.step("the last admin cannot give up the role; deleting an account scrubs it", async () => {
      const self = await call("admin", "DELETE", `/users/${people.admin.id}/roles/admin`);
      assert.equal(self.status, 409);
      await self.body?.cancel();
      const victim = await signUp(app, "promoter");
      const del = await app.request(`/api/v1/users/${victim.id}`, {
        method: "DELETE",
        headers: victim.headers,
      });
      assert.equal(del.status, 200);
      await del.body?.cancel();
      const row = await app.database.db.selectFrom("users").selectAll().where("id", "=", victim.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "deleted");
      assert.equal(row.password_hash, null);
      assert.equal(row.phone, null);
      assert.match(row.email, /@deleted\.invalid$/);
      const gone = await app.request("/api/v1/auth/me", { headers: victim.headers });
      assert.equal(gone.status, 401, "its sessions ended");
      await gone.body?.cancel();
    });

    await t.step(
      "only an admin suspends, with a reason; a suspended account cannot use its tokens or sign in",
      async () => {
        const user = await signUp(app, "artist");
        const own = await app.request(`/api/v1/users/${user.id}`, {
          method: "PATCH",
          headers: { ...user.headers, "Content-Type": "application/json" },
          body: JSON.stringify({ status: "suspended", statusReason: "Myself" }),
        });
        assert.equal(own.status, 403);
        await own.body?.cancel();
        const unexplained = await call("admin", "PATCH", `/users/${user.id}`, { status: "suspended" });
        assert.equal(unexplained.status, 422);
        assert.equal((await unexplained.json()).error.details[0].field, "statusReason");
        const res = await call("admin", "PATCH", `/users/${user.id}`, {
          status: "suspended",
          statusReason: "Spam listings",
        });
        assert.equal(res.status, 200);
        await res.body?.cancel();
        const me = await app.request("/api/v1/auth/me", { headers: user.headers });
        assert.equal(me.status, 401);
        await me.body?.cancel();
        const login = await app.request("/api/v1/auth/login", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ identifier: user.email, password: "Tabla-Night-2026" }),
        }, "198.51.100.250");
        assert.equal(login.status, 403);
        await login.body?.cancel();
      },
    );
  } finally {
    await app.close();
  }
});

type ContractCaller = "anonymous" | "organizer" | "act" | "member" | "venue" | "stranger" | "staff" | "admin";

/** What a row needs: a contract as it stands before the call. */
type Stage = "draft" | "sent" | "signed" | "voided";

Deno.test("authorization matrix of the contract endpoints", async (t) => {
  const app = await openTestApp();
  const deps = app.services.deps;
  const db = app.database.db;
  try {
    const people: Record<Exclude<ContractCaller, "anonymous">, SignedIn> = {
      organizer: await signUp(app, "organizer"),
      act: await signUp(app, "band_manager"),
      member: await signUp(app, "artist"),
      venue: await signUp(app, "venue_manager"),
      stranger: await signUp(app, "promoter"),
      staff: await signUp(app, "staff"),
      admin: await signUp(app, "admin"),
    };
    const asActor = (who: SignedIn, role: RoleName): Actor => ({
      userId: who.id,
      roles: [role],
      sessionId: crypto.randomUUID(),
    });
    const organizer = asActor(people.organizer, "organizer");
    const manager = asActor(people.act, "band_manager");
    const { id: actId } = await band(db, people.act.id);
    await db.insertInto("band_members").values({
      act_id: actId,
      user_id: people.member.id,
      status: "accepted",
      responded_at: new Date(),
    }).execute();
    const { id: venueId } = await venue(db, people.venue.id);

    let day = 20;
    /** A new booking at the venue, a day later than the last, with its contract at `stage`. */
    const contractAt = async (stage: Stage) => {
      const made = await confirmedBooking(deps, organizer, manager, {
        actId,
        venueId,
        startsAt: new Date(Date.now() + day++ * 86_400_000),
      });
      const meta = { ip: null, userAgent: null };
      if (stage === "sent") await sendContract(deps, organizer, made.contractId, meta);
      if (stage === "signed") await signBothSides(deps, organizer, manager, made.bookingId);
      if (stage === "voided") {
        await voidContract(deps, organizer, made.contractId, { reason: "Drawn up again" }, meta);
      }
      return made;
    };

    const call = (who: ContractCaller, method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return app.request(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    };

    const readers = { member: 200, staff: 200, admin: 200, organizer: 200, act: 200 };
    const outsiders = { anonymous: 401, stranger: 404, venue: 404 };
    const onlyRead = { member: 403, staff: 403 };
    const clauses = { organizerLegalName: "Matrix Events LLP", rider: "One keyboard stand" };
    const signature = (documentHash: string) => ({
      documentHash,
      fullName: "Signed in the matrix",
      consent: true,
      password: PASSWORD,
    });

    // [name, method, path, body, the contract's stage, expected status per caller]
    type Made = Awaited<ReturnType<typeof contractAt>>;
    const table: [
      string,
      string,
      (c: Made) => string,
      ((c: Made) => unknown) | undefined,
      Stage,
      Record<ContractCaller, number>,
    ][] = [
      ["generate (after a void)", "POST", () => "/contracts", (c) => ({ bookingId: c.bookingId }), "voided", {
        ...outsiders,
        ...onlyRead,
        organizer: 201,
        act: 201,
        admin: 201,
      }],
      ["generate (in force)", "POST", () => "/contracts", (c) => ({ bookingId: c.bookingId }), "draft", {
        ...outsiders,
        ...onlyRead,
        organizer: 200,
        act: 200,
        admin: 200,
      }],
      ["get", "GET", (c) => `/contracts/${c.contractId}`, undefined, "draft", { ...outsiders, ...readers }],
      ["revise", "POST", (c) => `/contracts/${c.contractId}/revise`, () => clauses, "draft", {
        ...outsiders,
        ...onlyRead,
        admin: 403,
        act: 403,
        organizer: 200,
      }],
      ["send", "POST", (c) => `/contracts/${c.contractId}/send`, undefined, "draft", {
        ...outsiders,
        ...onlyRead,
        admin: 403,
        act: 403,
        organizer: 200,
      }],
      ["sign", "POST", (c) => `/contracts/${c.contractId}/sign`, (c) => signature(c.documentHash), "sent", {
        ...outsiders,
        ...onlyRead,
        admin: 403,
        act: 200,
        organizer: 200,
      }],
      [
        "void (before both signed)",
        "POST",
        (c) => `/contracts/${c.contractId}/void`,
        () => ({
          reason: "Plans changed",
        }),
        "sent",
        { ...outsiders, ...onlyRead, admin: 200, act: 200, organizer: 200 },
      ],
      [
        "void (signed)",
        "POST",
        (c) => `/contracts/${c.contractId}/void`,
        () => ({
          reason: "Plans changed",
        }),
        "signed",
        { ...outsiders, ...onlyRead, act: 403, organizer: 403, admin: 200 },
      ],
      ["pdf", "GET", (c) => `/contracts/${c.contractId}/pdf`, undefined, "draft", {
        ...outsiders,
        ...readers,
      }],
      ["verify", "GET", (c) => `/contracts/${c.contractId}/verify`, undefined, "draft", {
        ...outsiders,
        ...readers,
      }],
    ];

    const order: ContractCaller[] = [
      "anonymous",
      "stranger",
      "venue",
      "member",
      "staff",
      "admin",
      "act",
      "organizer",
    ];
    for (const [name, method, path, body, stage, expected] of table) {
      await t.step(name, async () => {
        // Refusals change nothing, so they share one contract; each change gets a contract of its own.
        const shared = await contractAt(stage);
        for (const who of order) {
          const changes = method === "POST" && expected[who] < 400;
          const c = changes ? await contractAt(stage) : shared;
          const res = await call(who, method, path(c), body?.(c));
          const type = res.headers.get("content-type");
          assert.equal(res.status, expected[who], `${who}: ${await res.clone().text()}`);
          if (name === "pdf" && res.status === 200) {
            assert.equal(type, "application/pdf");
            await res.body?.cancel();
          } else {
            assert.equal(type, "application/json");
            assert.equal((await res.json()).success, res.status < 400);
          }
        }
      });
    }
  } finally {
    await app.close();
  }
});
