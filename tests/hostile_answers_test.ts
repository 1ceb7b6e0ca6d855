/**
 * Answers to hostile input that used to be 500s: NUL and other text the
 * database cannot take in search pages and page forms, ids that are not
 * UUIDs, empty PATCH bodies, and UUIDs in upper case. Each is now a 4xx
 * that names the field (or a 200 where the input is harmless), and the
 * search pages refuse exactly what the API's search endpoints refuse.
 */
import assert from "node:assert/strict";
import { encodeCursor } from "../lib/cursor.ts";
import { openTestApp } from "./support/app.ts";
import { apiCaller, type SignedIn, signIn, signUp } from "./support/accounts.ts";

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const day = (days: number) => inDays(days).slice(0, 10);
const NUL = "Must not contain NUL characters";

/** The message shown beside form field `name`, if any. */
function fieldError(html: string, name: string): string | undefined {
  const escaped = name.replace(/[.]/g, "\\.");
  return new RegExp(`id="${escaped}-error"[^>]*>([^<]*)<`).exec(html)?.[1];
}

/** A form post from a signed-in browser. */
function post(who: SignedIn, fields: Record<string, string> | [string, string][]): RequestInit {
  return {
    method: "POST",
    headers: {
      ...who.headers,
      Origin: "http://localhost",
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(fields),
  };
}

Deno.test("hostile input is answered with a 4xx, never a 500", async (t) => {
  const app = await openTestApp();
  const call = apiCaller(app);
  const page = async (path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    return { status: res.status, html: await res.text() };
  };
  try {
    const { city_id: cityId } = await app.database.db.selectFrom("cities").select("city_id")
      .where("name", "=", "Mumbai").executeTakeFirstOrThrow();
    const organizer = await signUp(app, "organizer", ["venue_manager"]);
    const artist = await signUp(app, "artist");
    const manager = await signUp(app, "band_manager");
    const admin = await signUp(app, "admin");
    const staff = await signUp(app, "staff");
    const stranger = await signUp(app, "promoter");
    const upper = (id: string) => id.toUpperCase();

    const solo = { kind: "solo", budgetMin: 100_000, budgetStandard: 200_000, budgetPremium: 300_000 };
    const act =
      (await call(artist, "POST", "/artists", { ...solo, name: "Kavya Sufi Ensemble" })).body.data.act;
    const band = (await call(manager, "POST", "/artists", { ...solo, kind: "band", name: "Dhol Collective" }))
      .body.data.act;
    const venue = (await call(organizer, "POST", "/venues", {
      name: "Hostile Input Hall",
      capacity: 300,
      venueType: "club",
      cityId,
    })).body.data.venue;
    const gig = (await call(organizer, "POST", "/opportunities", {
      title: "Sangeet under the stars",
      startsAt: inDays(30),
      durationMinutes: 120,
      cityId,
      address: "Worli Sea Face",
      genres: ["sufi"],
      budgetMin: 2_000_000,
      budgetMax: 5_000_000,
      applicationDeadline: inDays(10),
    })).body.data.opportunity;
    const application = (await call(artist, "POST", "/applications", {
      opportunityId: gig.id,
      actId: act.id,
      pitch: "Qawwali and sufi standards, two sets.",
      proposedFee: 3_000_000,
    })).body.data.application;
    const booking = (await call(organizer, "POST", "/bookings", {
      actId: act.id,
      title: "Anniversary dinner",
      startsAt: inDays(45),
      durationMinutes: 90,
      cityId,
      address: "Colaba",
    })).body.data.booking;

    await t.step(
      "a NUL or over-long ?city= is a 422 search page with the error beside the City filter",
      async () => {
        for (const path of ["/artists", "/venues", "/opportunities"]) {
          for (
            const [city, message] of [["%00", NUL], ["Pune%00", NUL], [
              "x".repeat(101),
              "At most 100 characters",
            ]]
          ) {
            const res = await page(`${path}?city=${city}`);
            assert.equal(res.status, 422, `${path}?city=${city.slice(0, 10)}`);
            assert.equal(fieldError(res.html, "city"), message, path);
            assert.match(res.html, /role="search"/);
          }
          // A name in another script is just a name no city has: said beside the field.
          const hindi = await page(`${path}?city=${encodeURIComponent("मुंबई")}`);
          assert.equal(hindi.status, 422);
          assert.equal(fieldError(hindi.html, "city"), "We could not find a city called &quot;मुंबई&quot;");
        }
      },
    );

    await t.step(
      "the search pages refuse what the API's search endpoints refuse, beside the field",
      async () => {
        const long = (n: number) => "x".repeat(n);
        // [page query, API query, field, or null when both answer 200]
        const cases: [string, string, string, string | null][] = [
          ["/artists", "/search/artists", `q=${long(201)}`, "q"],
          ["/artists", "/search/artists", `genre=${long(61)}`, "genre"],
          ["/artists", "/search/artists", "sort=%00", "sort"],
          ["/artists", "/search/artists", "q=%00&genre=%00", null],
          ["/artists", "/search/artists", "q=%01%1F%7F", null],
          ["/artists", "/search/artists", `q=${encodeURIComponent("सूफ़ी 🎵")}`, null],
          ["/venues", "/search/venues", "type=%00", "type"],
          ["/opportunities", "/search/events", `q=${long(201)}`, "q"],
          ["/opportunities", "/search/events", "from=%00", "from"],
          ["/opportunities", "/search/events", "to=31-12-2026", "to"],
          ["/opportunities", "/search/events", `from=${day(20)}&to=${day(10)}`, "to"],
          ["/opportunities", "/search/events", "sort=budget%00", "sort"],
          ["/opportunities", "/search/events", "genre=%00&q=%00", null],
        ];
        for (const [path, api, query, field] of cases) {
          const shown = await page(`${path}?${query}`);
          const apiQuery = path === "/venues" ? query.replace(/^type=/, "venueType=") : query;
          const answered = await call(null, "GET", `${api}?${apiQuery}`);
          const label = `${path}?${query.slice(0, 30)}`;
          if (field === null) {
            assert.deepEqual([shown.status, answered.status], [200, 200], label);
            continue;
          }
          assert.equal(shown.status, 422, label);
          assert.ok(fieldError(shown.html, field), `${label}: an error beside ${field}`);
          assert.equal(answered.status, 422, label);
          assert.equal(answered.body.error.code, "VALIDATION_ERROR");
          const apiField = field === "type" ? "venueType" : field;
          assert.deepEqual(
            answered.body.error.details.map((d: { field: string }) => d.field),
            [apiField],
            label,
          );
        }
      },
    );

    await t.step(
      "budgets are whole rupees on the page, grouped or not; anything else is a 422 beside the field",
      async () => {
        const bad = await page("/opportunities?budgetMin=%00&budgetMax=12.5");
        assert.equal(bad.status, 422);
        assert.equal(fieldError(bad.html, "budgetMin"), "Only digits and commas, like 1,00,000");
        assert.equal(fieldError(bad.html, "budgetMax"), "Whole rupees, without paise, like 1,00,000");
        const crossed = await page("/opportunities?budgetMin=50000&budgetMax=100");
        assert.equal(crossed.status, 422);
        assert.equal(fieldError(crossed.html, "budgetMax"), "Must not be below budgetMin");
        const indian = await page("/opportunities?budgetMin=20,000&budgetMax=1,00,000");
        assert.equal(indian.status, 200);
        assert.match(indian.html, /Sangeet under the stars/);
      },
    );

    await t.step("a tampered cursor starts the search pages again from the first page", async () => {
      const notAnId = encodeCursor(["venue.trust", "50", "not-a-uuid"]);
      for (const [path, cursor] of [["/artists", "%00"], ["/venues", notAnId], ["/opportunities", "%00"]]) {
        const res = await page(`${path}?cursor=${encodeURIComponent(cursor)}`);
        assert.equal(res.status, 200, path);
        assert.match(res.html, /has moved; here is the first one\./, path);
      }
    });

    await t.step("no search page parameter answers 500, whatever it holds", async () => {
      const values = [
        "%00",
        "a%00b",
        "%01%1F",
        "x".repeat(5000),
        "%E0%A4%AE%E0%A5%81%E0%A4%82",
        "%F0%9F%8E%B5",
        "%FF",
      ];
      const params = ["city", "q", "genre", "language", "type", "sort", "cursor", "from", "to", "budgetMin"];
      for (const path of ["/artists", "/venues", "/opportunities"]) {
        for (const param of params) {
          for (const value of values) {
            const res = await app.request(`${path}?${param}=${value}`);
            await res.body?.cancel();
            assert.ok(
              [200, 422].includes(res.status),
              `${path}?${param}=${value.slice(0, 12)}: ${res.status}`,
            );
          }
        }
      }
    });

    const gigForm = (over: Record<string, string>): [string, string][] => [
      ...Object.entries({
        title: "Diwali terrace party",
        date: day(40),
        time: "19:30",
        durationMinutes: "120",
        venueId: "",
        city: "Mumbai",
        address: "Bandra West",
        budgetMin: "30000",
        budgetMax: "45000",
        deadline: day(20),
        ...over,
      }),
      ["genres", over.genres ?? "bollywood"],
    ];

    await t.step("the gig forms show a NUL city or genre beside the field", async () => {
      for (const path of ["/opportunities/new", `/opportunities/${gig.id}/edit`]) {
        const city = await page(path, post(organizer, gigForm({ city: "Mum\u0000bai" })));
        assert.equal(city.status, 422, path);
        assert.equal(fieldError(city.html, "city"), NUL, path);
        assert.match(city.html, /name="title"[^>]*value="Diwali terrace party"/, "what was typed is kept");
        const genre = await page(path, post(organizer, gigForm({ genres: "sufi\u0000" })));
        assert.equal(genre.status, 422, path);
        assert.equal(fieldError(genre.html, "genres"), NUL, path);
      }
    });

    await t.step("the booking request form shows a NUL city beside the field", async () => {
      const res = await page(
        `/bookings/new?act=${act.slug}`,
        post(organizer, {
          title: "Mehendi evening",
          startsAt: inDays(50).slice(0, 16),
          durationMinutes: "90",
          city: "\u0000",
        }),
      );
      assert.equal(res.status, 422);
      assert.equal(fieldError(res.html, "city"), NUL);
      assert.match(res.html, /value="Mehendi evening"/);
    });

    await t.step(
      "signing out a session: an id that is not a UUID is a 404; an upper-case one works",
      async () => {
        const other = await signIn(app, artist.email);
        for (const session of ["nope", "\u0000", ""]) {
          const res = await page("/account", post(artist, { intent: "end-one", session }));
          assert.equal(res.status, 404, JSON.stringify(session));
        }
        const { id } = await app.database.db.selectFrom("sessions").select("id")
          .where("user_id", "=", artist.id).where("revoked_at", "is", null).orderBy("created_at", "desc")
          .executeTakeFirstOrThrow();
        const ended = await page("/account", post(artist, { intent: "end-one", session: upper(id) }));
        assert.equal(ended.status, 200);
        assert.match(ended.html, /That session is signed out\./);
        assert.equal((await call(other, "GET", `/users/${artist.id}`)).status, 401);
      },
    );

    await t.step("ids and text in the gig page's forms never reach SQL unchecked", async () => {
      const path = `/opportunities/${gig.id}`;
      for (const applicationId of ["nope", "\u0000", "' OR 1=1 --"]) {
        const res = await page(path, post(artist, { intent: "withdraw", applicationId }));
        assert.equal(res.status, 404, applicationId);
      }
      const apply = await page(
        path,
        post(artist, { intent: "apply", actId: "\u0000", pitch: "x", proposedFee: "1" }),
      );
      assert.equal(apply.status, 422);
      const edited = await page(
        path,
        post(artist, {
          intent: "edit-application",
          applicationId: upper(application.id),
          pitch: "Qawwali, sufi standards and a ghazal set.",
          proposedFee: "31000",
        }),
      );
      assert.equal(edited.status, 303);
      const pitch = await page(
        path,
        post(artist, {
          intent: "edit-application",
          applicationId: application.id,
          pitch: "Qawwali\u0000 and more",
          proposedFee: "31000",
        }),
      );
      assert.equal(pitch.status, 422);
      assert.equal(fieldError(pitch.html, "pitch"), NUL);
    });

    await t.step(
      "ids and text in the booking, calendar and edit pages' forms never reach SQL unchecked",
      async () => {
        const decline = await page(
          `/bookings/${booking.id}`,
          post(artist, { intent: "decline", reason: "No\u0000" }),
        );
        assert.equal(decline.status, 422);
        assert.match(decline.html, new RegExp(NUL));
        const hostile: Record<string, string>[] = [
          { intent: "remove-block", actId: "nope", blockId: crypto.randomUUID() },
          { intent: "remove-block", actId: act.id, blockId: "\u0000" },
          { intent: "release-hold", holdId: "x" },
          { intent: "add-block", actId: "\u0000", startDate: day(60) },
        ];
        for (const fields of hostile) {
          const res = await page("/calendar", post(artist, fields));
          assert.equal(res.status, 404, JSON.stringify(fields));
        }
        const reason = await page(
          "/calendar",
          post(artist, {
            intent: "add-block",
            actId: act.id,
            startDate: day(60),
            reason: "Family\u0000wedding",
          }),
        );
        assert.equal(reason.status, 422);
        assert.match(reason.html, new RegExp(NUL));

        const actEdit = `/artists/${act.slug}/edit`;
        const removed = await page(actEdit, post(artist, { intent: "remove", item: "nope" }));
        assert.equal(removed.status, 404);
        assert.match(removed.html, /Portfolio item not found/);
        const profile = {
          name: act.name,
          budgetMin: "1000",
          budgetStandard: "2000",
          budgetPremium: "3000",
        };
        for (
          const [field, value, shownAt] of [
            ["homeCity", "Pu\u0000ne", "homeCity"],
            ["genres", "sufi\u0000", "genres"],
            ["socialLinks.website", "https://kavya.example/\u0000", "socialLinks.website"],
            ["bio", "Sufi\u0000", "bio"],
          ]
        ) {
          const res = await page(actEdit, post(artist, { ...profile, [field]: value }));
          assert.equal(res.status, 422, field);
          assert.equal(fieldError(res.html, shownAt), NUL, field);
        }
        const venueEdit = await page(
          `/venues/${venue.slug}/edit`,
          post(organizer, { name: venue.name, capacity: "300", venueType: "club", city: "\u0000" }),
        );
        assert.equal(venueEdit.status, 422);
        assert.equal(fieldError(venueEdit.html, "city"), NUL);
      },
    );

    await t.step("pages take ids in upper case as the same ids", async () => {
      for (
        const [who, path] of [
          [organizer, `/opportunities/${upper(gig.id)}`],
          [organizer, `/opportunities/${upper(gig.id)}/edit`],
          [artist, `/opportunities/${upper(gig.id)}`],
          [organizer, `/bookings/${upper(booking.id)}`],
        ] as const
      ) {
        const res = await page(path, { headers: who.headers });
        assert.equal(res.status, 200, path);
      }
      assert.equal((await page(`/opportunities/${gig.id}%00`)).status, 404);
    });

    await t.step("an empty PATCH is a 200 with the resource unchanged, for each resource", async () => {
      for (
        const [who, path, key] of [
          [artist, `/users/${artist.id}`, "user"],
          [artist, `/artists/${act.id}`, "act"],
          [organizer, `/venues/${venue.id}`, "venue"],
          [organizer, `/opportunities/${gig.id}`, "opportunity"],
          [organizer, `/bookings/${booking.id}`, "booking"],
        ] as const
      ) {
        const before = await call(who, "GET", path);
        const patched = await call(who, "PATCH", path, {});
        assert.equal(patched.status, 200, `${path}: ${JSON.stringify(patched.body)}`);
        assert.deepEqual(patched.body.data[key], before.body.data[key], path);
      }
      // Only the genres of an act or a gig: no column changes, and that is no empty UPDATE either.
      const genres = await call(artist, "PATCH", `/artists/${act.id}`, { genres: ["ghazal", "sufi"] });
      assert.equal(genres.status, 200);
      assert.deepEqual(genres.body.data.act.genres.toSorted(), ["ghazal", "sufi"]);
      const gigGenres = await call(organizer, "PATCH", `/opportunities/${gig.id}`, { genres: ["ghazal"] });
      assert.equal(gigGenres.status, 200, JSON.stringify(gigGenres.body));
      assert.deepEqual(gigGenres.body.data.opportunity.genres, ["ghazal"]);
    });

    await t.step("an empty PATCH is still checked: strangers get 403 or 404 as for any edit", async () => {
      for (
        const [path, status, code] of [
          [`/users/${artist.id}`, 403, "FORBIDDEN"],
          [`/artists/${act.id}`, 403, "FORBIDDEN"],
          [`/venues/${venue.id}`, 403, "FORBIDDEN"],
          [`/opportunities/${gig.id}`, 403, "FORBIDDEN"],
          [`/bookings/${booking.id}`, 404, "NOT_FOUND"],
        ] as const
      ) {
        const res = await call(stranger, "PATCH", path, {});
        assert.deepEqual([res.status, res.body.error.code], [status, code], path);
      }
    });

    await t.step("the OpenAPI document says what an empty PATCH does", async () => {
      const doc = (await call(null, "GET", "/openapi.json")).body;
      for (
        const path of [
          "/users/{id}",
          "/artists/{id}",
          "/venues/{id}",
          "/opportunities/{id}",
          "/bookings/{id}",
        ]
      ) {
        assert.match(doc.paths[path].patch.description, /an empty object changes nothing/, path);
      }
    });

    await t.step("an upper-case gig id is the same gig for its poster, admins and staff", async () => {
      for (const who of [organizer, admin, staff]) {
        const got = await call(who, "GET", `/opportunities/${upper(gig.id)}`);
        assert.equal(got.status, 200, JSON.stringify(got.body));
        assert.equal(got.body.data.opportunity.id, gig.id);
        assert.equal(got.body.data.opportunity.applicationCounts.total, 1);
      }
      for (const who of [organizer, admin]) {
        const patched = await call(who, "PATCH", `/opportunities/${upper(gig.id)}`, { budgetMax: 5_500_000 });
        assert.equal(patched.status, 200, JSON.stringify(patched.body));
        assert.equal(patched.body.data.opportunity.id, gig.id);
        assert.equal(patched.body.data.opportunity.applicationCounts.total, 1);
      }
      const refused = await call(staff, "PATCH", `/opportunities/${upper(gig.id)}`, {});
      assert.equal(refused.status, 403);
    });

    await t.step("every {id} in an API path is taken in upper case; comparisons in code agree", async () => {
      const link = (title: string, v: string) => ({ title, url: `https://www.youtube.com/watch?v=${v}` });
      const items = [
        (await call(artist, "POST", `/artists/${act.id}/portfolio`, link("Live at Prithvi", "dQw4w9WgXcQ")))
          .body.data.item,
        (await call(artist, "POST", `/artists/${act.id}/portfolio`, link("Studio session", "9bZkp7q19f0")))
          .body.data.item,
      ];
      const block = (await call(artist, "POST", `/artists/${act.id}/blocks`, {
        startsAt: inDays(70),
        endsAt: inDays(71),
      })).body.data.block;
      const hold = (await call(organizer, "POST", `/artists/${act.id}/holds`, {
        holdDate: day(80),
        expiresAt: inDays(5),
      })).body.data.hold;
      assert.equal(
        (await call(manager, "POST", `/bands/${band.id}/members`, { userId: upper(artist.id) })).status,
        201,
      );
      const A = upper(act.id);
      const answers = [
        await call(null, "GET", `/artists/${A}`),
        await call(artist, "GET", `/artists/${A}/blocks`),
        await call(artist, "GET", `/artists/${A}/holds`),
        await call(null, "GET", `/artists/${A}/portfolio`),
        await call(artist, "PATCH", `/artists/${A}/portfolio`, {
          itemIds: items.map((i) => upper(i.id)).reverse(),
        }),
        await call(null, "GET", `/bands/${upper(band.id)}/members`),
        await call(artist, "POST", `/bands/${upper(band.id)}/members/${upper(artist.id)}/accept`),
        await call(null, "GET", `/venues/${upper(venue.id)}`),
        await call(artist, "GET", `/users/${upper(artist.id)}`),
        await call(artist, "PATCH", `/users/${upper(artist.id)}`, { displayName: "Kavya R." }),
        await call(organizer, "GET", `/bookings/${upper(booking.id)}`),
        await call(organizer, "GET", `/bookings/${upper(booking.id)}/timeline`),
        await call(organizer, "GET", `/negotiations/${upper(booking.id)}`),
        await call(artist, "GET", `/applications/${upper(application.id)}`),
        await call(artist, "DELETE", `/artists/${A}/blocks/${upper(block.id)}`),
        await call(organizer, "DELETE", `/holds/${upper(hold.id)}`),
      ];
      assert.deepEqual(
        answers.map((a) => a.status),
        answers.map(() => 200),
        JSON.stringify(answers.filter((a) => a.status !== 200).map((a) => a.body)),
      );
      const bad = await call(null, "GET", "/artists/not-a-uuid");
      assert.deepEqual([bad.status, bad.body.error.code], [422, "VALIDATION_ERROR"]);
      assert.deepEqual(bad.body.error.details, [{ field: "id", message: "Not an id" }]);
    });

    await t.step("an act with bookings is not deleted: a 409, not the foreign key's error", async () => {
      for (const who of [artist, admin]) {
        const res = await call(who, "DELETE", `/artists/${upper(act.id)}`);
        assert.deepEqual([res.status, res.body.error.code], [409, "CONFLICT"]);
        assert.match(res.body.error.message, /has bookings/);
      }
      assert.equal((await call(null, "GET", `/artists/${act.id}`)).status, 200);
    });

    await t.step("NUL in API text is a 422 naming the field, not a database error", async () => {
      const cases: [SignedIn | null, string, string, unknown, string][] = [
        [artist, "PATCH", `/users/${artist.id}`, { displayName: "Ka\u0000vya" }, "displayName"],
        [admin, "GET", "/users?q=%00", undefined, "q"],
        [
          artist,
          "PATCH",
          `/artists/${act.id}`,
          { socialLinks: { website: "https://k.example/\u0000" } },
          "socialLinks.website",
        ],
        [organizer, "PATCH", `/venues/${venue.id}`, { techSpecs: { pa: "\u0000" } }, "techSpecs.pa"],
        [organizer, "PATCH", `/opportunities/${gig.id}`, { genres: ["\u0000"] }, "genres.0"],
        [null, "GET", "/geo/cities?q=%00", undefined, "q"],
        [null, "GET", "/geo/cities/suggest?q=Pu%00", undefined, "q"],
        [null, "GET", "/geo/countries?q=%00", undefined, "q"],
        [null, "GET", `/geo/cities?cursor=${encodeCursor(["Pune\u0000", 1])}`, undefined, "cursor"],
      ];
      for (const [who, method, path, body, field] of cases) {
        const res = await call(who, method, path, body);
        assert.equal(res.status, 422, `${method} ${path}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, "VALIDATION_ERROR");
        assert.deepEqual(res.body.error.details.map((d: { field: string }) => d.field), [field], path);
      }
    });
  } finally {
    await app.close();
  }
});
