/**
 * Every endpoint and page of verification, disputes and review moderation,
 * called by everyone who relates to a booking of a band at a venue:
 * anonymous -> 401 on the API, to the login page on pages; an act's or
 * venue's owner asks for its verification and sees it (others are refused,
 * a request and its documents do not exist for them); staff and admins see
 * the queue and decide, see disputes and moderate; only admins rule on a
 * dispute; everyone else is refused at the console's door.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { bookingCast, type Caller, CAST } from "./support/booking_cast.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");

Deno.test("authorization matrix of verification, disputes and review moderation", async (t) => {
  const app = await openTestApp();
  try {
    const { people, bookingId } = await bookingCast(app);
    const db = app.database.db;
    const booking = await db.selectFrom("bookings").innerJoin("acts", "acts.id", "bookings.act_id")
      .innerJoin("venues", "venues.id", "bookings.venue_id")
      .select([
        "acts.id as actId",
        "acts.slug as actSlug",
        "venues.id as venueId",
        "venues.slug as venueSlug",
      ])
      .where("bookings.id", "=", bookingId).executeTakeFirstOrThrow();
    // The booking was played, reviewed both ways (each review reported once), and disputed by the organizer.
    await db.updateTable("bookings").set({ status: "disputed", disputed: true }).where("id", "=", bookingId)
      .execute();
    await db.insertInto("booking_events").values({
      booking_id: bookingId,
      actor_id: people.organizer.id,
      party: "organizer",
      event: "dispute",
      from_status: "completed",
      to_status: "disputed",
      detail: JSON.stringify({ reason: "Half the set" }),
    }).execute();
    const reviewIds: string[] = [];
    for (const side of ["organizer", "act"] as const) {
      const { id } = await db.insertInto("reviews").values({
        booking_id: bookingId,
        author_id: side === "organizer" ? people.organizer.id : people.act.id,
        side,
        subject_act_id: side === "organizer" ? booking.actId : null,
        subject_user_id: side === "act" ? people.organizer.id : null,
        overall: 3,
        ...(side === "organizer"
          ? { punctuality: 3, performance_as_described: 3, professionalism: 3 }
          : { paid_on_time: 3, hospitality_and_sound: 3, communication: 3 }),
        text: "It was fine",
        submitted_at: new Date(),
      }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("review_reports").values({
        review_id: id,
        reporter_id: people.stranger.id,
        reason: "x",
      })
        .execute();
      reviewIds.push(id);
    }
    const missing = crypto.randomUUID();
    const ids = { actRequest: missing, venueRequest: missing, document: missing };

    const request = async (who: Caller, method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      let payload: BodyInit | undefined;
      if (body instanceof Uint8Array) {
        headers["Content-Type"] = "application/pdf";
        payload = body as Uint8Array<ArrayBuffer>;
      } else if (body instanceof URLSearchParams || body instanceof FormData) {
        headers.Origin = "http://localhost";
        payload = body;
      } else if (body !== undefined) {
        headers["Content-Type"] = "application/json";
        payload = JSON.stringify(body);
      }
      return await app.request(path, { method, headers, body: payload, redirect: "manual" });
    };
    const everyone = (status: number): Record<Caller, number> =>
      Object.fromEntries(["anonymous", ...CAST].map((who) => [who, status])) as Record<Caller, number>;
    const signedIn = (status: number) => ({ ...everyone(status), anonymous: 401 });
    /** Pages: the anonymous go to log in; everyone but staff and admins is refused at the console's door. */
    const atTheDoor = (staff: number, admin = staff) => ({ ...everyone(403), anonymous: 303, staff, admin });
    const form = (fields: Record<string, string>) => () => new URLSearchParams(fields);

    // [name, method, path, body, expected per caller]; callers in order, so staff act before admins.
    type Row = [string, string, () => string, (() => unknown) | null, Record<Caller, number>];
    const api = (path: () => string) => () => `/api/v1${path()}`;
    const table: Row[] = [
      ["ask for an act", "POST", api(() => `/artists/${booking.actId}/verification-requests`), () => ({
        links: ["https://band.example.in"],
      }), { ...signedIn(403), act: 201 }],
      ["ask for a venue", "POST", api(() => `/venues/${booking.venueId}/verification-requests`), () => ({
        links: ["https://venue.example.in"],
      }), { ...signedIn(403), venue: 201 }],
      ["ask for a missing act", "POST", api(() => `/artists/${missing}/verification-requests`), () => ({
        links: ["https://x.example.in"],
      }), signedIn(404)],
      ["an act's verification", "GET", api(() => `/artists/${booking.actId}/verification-requests`), null, {
        ...signedIn(403),
        act: 200,
        staff: 200,
        admin: 200,
      }],
      ["a venue's verification", "GET", api(() => `/venues/${booking.venueId}/verification-requests`), null, {
        ...signedIn(403),
        venue: 200,
        staff: 200,
        admin: 200,
      }],
      ["the queue", "GET", api(() => "/verification-requests"), null, {
        ...signedIn(403),
        staff: 200,
        admin: 200,
      }],
      ["a request", "GET", api(() => `/verification-requests/${ids.actRequest}`), null, {
        ...signedIn(404),
        act: 200,
        staff: 200,
        admin: 200,
      }],
      [
        "add a document",
        "PUT",
        api(() => `/verification-requests/${ids.actRequest}/documents?name=kit.pdf`),
        () => PDF,
        { ...signedIn(404), act: 201, staff: 403, admin: 403 },
      ],
      [
        "open a document",
        "GET",
        api(() => `/verification-requests/${ids.actRequest}/documents/${ids.document}`),
        null,
        {
          ...signedIn(404),
          act: 200,
          staff: 200,
          admin: 200,
        },
      ],
      ["the act's verification page", "GET", () => `/artists/${booking.actSlug}/verification`, null, {
        ...everyone(403),
        anonymous: 303,
        act: 200,
        staff: 200,
        admin: 200,
      }],
      ["the venue's verification page", "GET", () => `/venues/${booking.venueSlug}/verification`, null, {
        ...everyone(403),
        anonymous: 303,
        venue: 200,
        staff: 200,
        admin: 200,
      }],
      // A request is waiting already: the owner is told so; nobody else may ask.
      ["ask on the act's page", "POST", () => `/artists/${booking.actSlug}/verification`, () => {
        const body = new FormData();
        body.append("intent", "ask");
        body.append("link1", "https://band.example.in");
        return body;
      }, { ...everyone(403), anonymous: 303, act: 409 }],
      ["the verification queue page", "GET", () => "/admin/verifications", null, atTheDoor(200)],
      [
        "decide a missing request on the page",
        "POST",
        () => "/admin/verifications",
        form({
          request: missing,
          intent: "approve",
        }),
        atTheDoor(404),
      ],
      ["reject", "POST", api(() => `/verification-requests/${ids.venueRequest}/reject`), () => ({
        reason: "The site names someone else",
      }), { ...signedIn(403), staff: 200, admin: 409 }],
      ["approve", "POST", api(() => `/verification-requests/${ids.actRequest}/approve`), () => ({}), {
        ...signedIn(403),
        staff: 200,
        admin: 409,
      }],
      [
        "approve a missing request",
        "POST",
        api(() => `/verification-requests/${missing}/approve`),
        () => ({}),
        {
          ...signedIn(403),
          staff: 404,
          admin: 404,
        },
      ],
      ["the moderation page", "GET", () => "/admin/reviews", null, atTheDoor(200)],
      ["dismiss reports", "POST", api(() => `/reviews/${reviewIds[0]}/dismiss-reports`), null, {
        ...signedIn(403),
        staff: 200,
        admin: 409,
      }],
      ["dismiss a missing review's reports", "POST", api(() => `/reviews/${missing}/dismiss-reports`), null, {
        ...signedIn(403),
        staff: 404,
        admin: 404,
      }],
      [
        "dismiss on the page",
        "POST",
        () => "/admin/reviews",
        form({ review: reviewIds[1], intent: "dismiss" }),
        atTheDoor(
          303,
          409,
        ),
      ],
      [
        "hide without a reason on the page",
        "POST",
        () => "/admin/reviews",
        form({
          review: reviewIds[1],
          intent: "hide",
          reason: "",
        }),
        atTheDoor(422),
      ],
      ["the disputes page", "GET", () => "/admin/disputes", null, atTheDoor(200)],
      ["a dispute's case", "GET", () => `/admin/disputes/${bookingId}`, null, atTheDoor(200)],
      ["a missing dispute's case", "GET", () => `/admin/disputes/${missing}`, null, atTheDoor(404)],
      [
        "rule on the page",
        "POST",
        () => `/admin/disputes/${bookingId}`,
        form({
          outcome: "release",
          reason: "The set was played in full",
        }),
        atTheDoor(403, 303),
      ],
    ];

    for (const [name, method, path, body, expected] of table) {
      await t.step(`${method} ${name}`, async () => {
        for (const who of ["anonymous", ...CAST] as Caller[]) {
          const res = await request(who, method, path(), body?.());
          const type = res.headers.get("content-type") ?? "";
          const text = type.startsWith("application/pdf") ? "" : await res.text();
          assert.equal(res.status, expected[who], `${who}: ${text.slice(0, 300)}`);
          if (path().startsWith("/api/v1/") && !type.startsWith("application/pdf")) {
            const envelope = JSON.parse(text);
            assert.equal(typeof envelope.success, "boolean");
            if (name === "ask for an act" && res.status === 201) ids.actRequest = envelope.data.request.id;
            if (name === "ask for a venue" && res.status === 201) ids.venueRequest = envelope.data.request.id;
            if (name === "add a document" && res.status === 201) {
              ids.document = envelope.data.request.documents[0].id;
            }
          }
          if (res.status === 303 && who === "anonymous") {
            assert.match(res.headers.get("location") ?? "", /^\/login/);
          }
        }
      });
    }
    assert.notEqual(ids.document, missing);
    const ruled = await db.selectFrom("bookings").select("status").where("id", "=", bookingId)
      .executeTakeFirstOrThrow();
    assert.equal(ruled.status, "completed");
  } finally {
    await app.close();
  }
});
