/**
 * The catalog's write side over HTTP: act and venue CRUD, who may edit and
 * verify, slugs, budget and genre validation, and band membership flows.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { apiCaller, type SignedIn, signUp } from "./support/accounts.ts";

const soloAct = {
  kind: "solo",
  name: "Asha Rao",
  bio: "Ghazals and film songs.",
  yearsExperience: 6,
  budgetMin: 1_500_000,
  budgetStandard: 2_500_000,
  budgetPremium: 4_000_000,
  genres: ["ghazal", "bollywood"],
  languages: ["hi", "ur"],
  socialLinks: { instagram: "https://instagram.com/asharao" },
};
const band = { ...soloAct, kind: "band", name: "The Raga Collective", genres: ["fusion"] };
const venue = { name: "Blue Frog Lounge", capacity: 350, venueType: "club", amenities: ["green room"] };

Deno.test("catalog API: acts, venues and bands", async (t) => {
  const app = await openTestApp();
  const call = apiCaller(app);
  try {
    const artist = await signUp(app, "artist");
    const manager = await signUp(app, "band_manager");
    const venueManager = await signUp(app, "venue_manager");
    const other = await signUp(app, "artist");
    const staff = await signUp(app, "staff");
    const admin = await signUp(app, "admin");

    await t.step("an artist creates, reads, edits and deletes a solo act", async () => {
      const created = await call(artist, "POST", "/artists", soloAct);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.match(created.type ?? "", /application\/json/);
      const act = created.body.data.act;
      assert.equal(act.kind, "solo");
      assert.equal(act.ownerId, artist.id);
      assert.equal(act.slug, "asha-rao");
      assert.deepEqual(act.genres, ["bollywood", "ghazal"], "in taxonomy order");
      assert.equal(act.currency, "INR");
      assert.equal(act.isVerified, false);

      const read = await call(null, "GET", `/artists/${act.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.data.act.name, "Asha Rao");

      const edited = await call(artist, "PATCH", `/artists/${act.id}`, {
        name: "Asha Rao Live",
        genres: ["sufi"],
        budgetPremium: 5_000_000,
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.data.act.name, "Asha Rao Live");
      assert.equal(edited.body.data.act.slug, "asha-rao", "the slug survives a rename");
      assert.deepEqual(edited.body.data.act.genres, ["sufi"]);
      assert.equal(edited.body.data.act.budgetPremium, 5_000_000);

      const audited = await app.database.db.selectFrom("audit_logs").select(["actor_id", "entity_type"])
        .where("entity_id", "=", act.id).execute();
      assert.ok(audited.some((r) => r.entity_type === "acts" && r.actor_id === artist.id), "the row change");
      assert.ok(audited.some((r) => r.entity_type === "act" && r.actor_id === artist.id), "the genres");

      const deleted = await call(artist, "DELETE", `/artists/${act.id}`);
      assert.equal(deleted.status, 200);
      assert.equal((await call(null, "GET", `/artists/${act.id}`)).status, 404);
    });

    await t.step("the role decides which kind of act someone may create", async () => {
      assert.equal((await call(null, "POST", "/artists", soloAct)).status, 401);
      assert.equal((await call(manager, "POST", "/artists", soloAct)).status, 403);
      assert.equal((await call(artist, "POST", "/artists", band)).status, 403);
      assert.equal((await call(artist, "POST", "/venues", venue)).status, 403);
    });

    await t.step("slugs get a numeric suffix on collision", async () => {
      const slugs = [];
      for (let i = 0; i < 3; i++) {
        const res = await call(artist, "POST", "/artists", { ...soloAct, name: "Déjà Vu!" });
        assert.equal(res.status, 201);
        slugs.push(res.body.data.act.slug);
      }
      assert.deepEqual(slugs, ["deja-vu", "deja-vu-2", "deja-vu-3"]);
      const v1 = await call(venueManager, "POST", "/venues", { ...venue, name: "Déjà Vu" });
      assert.equal(v1.body.data.venue.slug, "deja-vu", "venues have their own slugs");
    });

    await t.step(
      "languages are ISO 639 codes: three letters where two-letter ones do not exist",
      async () => {
        const res = await call(artist, "POST", "/artists", {
          ...soloAct,
          name: "Konkani Trio",
          languages: ["KOK", "mr"],
        });
        assert.equal(res.status, 201);
        assert.deepEqual(res.body.data.act.languages, ["kok", "mr"]);
        const bad = await call(artist, "POST", "/artists", { ...soloAct, name: "Nope", languages: ["konk"] });
        assert.equal(bad.status, 422);
        assert.equal(bad.body.error.details[0].field, "languages.0");
      },
    );

    await t.step("a profile named New does not hide the page that creates one", async () => {
      const act = await call(artist, "POST", "/artists", { ...soloAct, name: "New" });
      assert.equal(act.body.data.act.slug, "new-2");
      const place = await call(venueManager, "POST", "/venues", { ...venue, name: "NEW" });
      assert.equal(place.body.data.venue.slug, "new-2");
    });

    await t.step("budgets out of order are refused with the field named", async () => {
      const res = await call(artist, "POST", "/artists", { ...soloAct, budgetStandard: 1_000_000 });
      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, "VALIDATION_ERROR");
      assert.ok(res.body.error.details.some((d: { field: string }) => d.field === "budgetStandard"));

      const act = (await call(artist, "POST", "/artists", soloAct)).body.data.act;
      const patch = await call(artist, "PATCH", `/artists/${act.id}`, { budgetPremium: 100 });
      assert.equal(patch.status, 422, "checked against the stored budgets too");
      assert.deepEqual(patch.body.error.details.map((d: { field: string }) => d.field), ["budgetPremium"]);
    });

    await t.step("an unknown genre, a non-https link or an extra field is refused", async () => {
      const genre = await call(artist, "POST", "/artists", { ...soloAct, genres: ["rock", "polka"] });
      assert.equal(genre.status, 422);
      assert.deepEqual(genre.body.error.details, [{ field: "genres", message: "Unknown genre: polka" }]);
      const link = await call(artist, "POST", "/artists", {
        ...soloAct,
        socialLinks: { instagram: "http://instagram.com/x" },
      });
      assert.equal(link.status, 422);
      assert.equal(link.body.error.details[0].field, "socialLinks.instagram");
      const extra = await call(artist, "POST", "/artists", { ...soloAct, isVerified: true });
      assert.equal(extra.status, 422);
    });

    await t.step("ownership matrix of acts and venues", async () => {
      const act = (await call(artist, "POST", "/artists", soloAct)).body.data.act;
      const place = (await call(venueManager, "POST", "/venues", venue)).body.data.venue;
      // [label, caller for the act, caller for the venue, edit status, verify status]
      const cases: [string, SignedIn | null, SignedIn | null, number, number][] = [
        ["anonymous", null, null, 401, 401],
        ["another user", other, other, 403, 403],
        ["staff", staff, staff, 403, 200],
        ["the owner", artist, venueManager, 200, 403],
        ["an admin", admin, admin, 200, 200],
      ];
      for (const [label, who, owner, edit, verify] of cases) {
        assert.equal((await call(who, "PATCH", `/artists/${act.id}`, { bio: label })).status, edit, label);
        assert.equal(
          (await call(who, "POST", `/artists/${act.id}/verify`, { verified: true })).status,
          verify,
          label,
        );
        assert.equal(
          (await call(owner, "PATCH", `/venues/${place.id}`, { capacity: 400 })).status,
          edit,
          label,
        );
        assert.equal(
          (await call(owner, "POST", `/venues/${place.id}/verify`, { verified: true })).status,
          verify,
          label,
        );
      }
      assert.equal((await call(null, "GET", `/artists/${act.id}`)).body.data.act.isVerified, true);
      assert.equal((await call(other, "DELETE", `/artists/${act.id}`)).status, 403);
      assert.equal((await call(staff, "DELETE", `/venues/${place.id}`)).status, 403);
      assert.equal((await call(admin, "DELETE", `/artists/${act.id}`)).status, 200);
      assert.equal((await call(venueManager, "DELETE", `/venues/${place.id}`)).status, 200);
      assert.equal((await call(admin, "DELETE", `/venues/${place.id}`)).status, 404);
    });

    await t.step("a venue round trip, with capacity and type validated", async () => {
      const created = await call(venueManager, "POST", "/venues", {
        ...venue,
        techSpecs: { pa: "12 kW", stageWidthM: 8 },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.data.venue.id;
      const read = await call(null, "GET", `/venues/${id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(read.body.data.venue.techSpecs, { pa: "12 kW", stageWidthM: 8 });
      assert.equal((await call(venueManager, "PATCH", `/venues/${id}`, { capacity: 0 })).status, 422);
      assert.equal(
        (await call(venueManager, "PATCH", `/venues/${id}`, { venueType: "stadium" })).status,
        422,
      );
      const edited = await call(venueManager, "PATCH", `/venues/${id}`, {
        description: "Rooftop",
        capacity: 120,
      });
      assert.equal(edited.status, 200);
      assert.equal(edited.body.data.venue.capacity, 120);
    });

    await t.step("band invitations: accept, decline, remove, and only the invitee answers", async () => {
      const raga = (await call(manager, "POST", "/artists", band)).body.data.act;
      const drummer = await signUp(app, "artist");
      const singer = await signUp(app, "artist");

      const byId = await call(manager, "POST", `/bands/${raga.id}/members`, {
        userId: drummer.id,
        role: "Drums",
        feeShareBps: 4000,
      });
      assert.equal(byId.status, 201, JSON.stringify(byId.body));
      assert.equal(byId.body.data.member.status, "invited");
      const byEmail = await call(manager, "POST", `/bands/${raga.id}/members`, {
        email: singer.email.toUpperCase(),
        role: "Vocals",
      });
      assert.equal(byEmail.status, 201);
      assert.equal(
        (await call(manager, "POST", `/bands/${raga.id}/members`, { userId: drummer.id })).status,
        409,
      );
      assert.equal(
        (await call(other, "POST", `/bands/${raga.id}/members`, { userId: other.id })).status,
        403,
      );

      // Public view before anyone accepts: nobody.
      assert.deepEqual((await call(null, "GET", `/bands/${raga.id}/members`)).body.data.members, []);

      assert.equal(
        (await call(singer, "POST", `/bands/${raga.id}/members/${drummer.id}/accept`)).status,
        403,
      );
      assert.equal(
        (await call(manager, "POST", `/bands/${raga.id}/members/${drummer.id}/accept`)).status,
        403,
      );
      const accepted = await call(drummer, "POST", `/bands/${raga.id}/members/${drummer.id}/accept`);
      assert.equal(accepted.status, 200);
      assert.equal(accepted.body.data.member.status, "accepted");
      assert.equal(
        (await call(drummer, "POST", `/bands/${raga.id}/members/${drummer.id}/accept`)).status,
        409,
      );
      const declined = await call(singer, "POST", `/bands/${raga.id}/members/${singer.id}/decline`);
      assert.equal(declined.body.data.member.status, "declined");

      const publicView = (await call(null, "GET", `/bands/${raga.id}/members`)).body.data.members;
      assert.deepEqual(publicView.map((m: { userId: string }) => m.userId), [drummer.id]);
      assert.equal(publicView[0].feeShareBps, undefined, "fee shares are private");
      const managerView = (await call(manager, "GET", `/bands/${raga.id}/members`)).body.data.members;
      assert.deepEqual(managerView.map((m: { status: string }) => m.status), ["accepted", "declined"]);
      assert.equal(managerView[0].feeShareBps, 4000);

      assert.equal((await call(singer, "DELETE", `/bands/${raga.id}/members/${drummer.id}`)).status, 403);
      assert.equal((await call(manager, "DELETE", `/bands/${raga.id}/members/${drummer.id}`)).status, 200);
      assert.deepEqual((await call(null, "GET", `/bands/${raga.id}/members`)).body.data.members, []);
      assert.equal((await call(manager, "DELETE", `/bands/${raga.id}/members/${drummer.id}`)).status, 404);
    });

    await t.step("accepted fee shares may not exceed 100%", async () => {
      const trio = (await call(manager, "POST", "/artists", { ...band, name: "Trio" })).body.data.act;
      const [a, b, c] = [await signUp(app), await signUp(app), await signUp(app)];
      for (const [who, share] of [[a, 6000], [b, 3000], [c, 2000]] as const) {
        const res = await call(manager, "POST", `/bands/${trio.id}/members`, {
          userId: who.id,
          feeShareBps: share,
        });
        assert.equal(res.status, 201);
      }
      assert.equal((await call(a, "POST", `/bands/${trio.id}/members/${a.id}/accept`)).status, 200);
      assert.equal((await call(b, "POST", `/bands/${trio.id}/members/${b.id}/accept`)).status, 200);
      const over = await call(c, "POST", `/bands/${trio.id}/members/${c.id}/accept`);
      assert.equal(over.status, 409);
      assert.equal(over.body.error.code, "CONFLICT");
      const invite = await call(manager, "POST", `/bands/${trio.id}/members`, {
        userId: other.id,
        feeShareBps: 1001,
      });
      assert.equal(invite.status, 409, "refused at invitation time too");
    });

    await t.step("a user may belong to two bands, and sees them", async () => {
      const player = await signUp(app, "artist");
      const names = ["Night Shift", "Morning Raga"];
      for (const name of names) {
        const b = (await call(manager, "POST", "/artists", { ...band, name })).body.data.act;
        await call(manager, "POST", `/bands/${b.id}/members`, { userId: player.id, role: "Bass" });
        assert.equal((await call(player, "POST", `/bands/${b.id}/members/${player.id}/accept`)).status, 200);
      }
      const mine = await call(player, "GET", "/me/bands");
      assert.equal(mine.status, 200);
      assert.deepEqual(mine.body.data.bands.map((b: { name: string }) => b.name), [...names].sort());
      assert.equal((await call(null, "GET", "/me/bands")).status, 401);
    });

    await t.step("a solo act has no members", async () => {
      const solo = (await call(artist, "POST", "/artists", soloAct)).body.data.act;
      assert.equal(
        (await call(artist, "POST", `/bands/${solo.id}/members`, { userId: other.id })).status,
        404,
      );
    });

    await t.step("the endpoints are in the OpenAPI document", async () => {
      const doc = await (await app.request("/api/v1/openapi.json")).json();
      for (
        const path of [
          "/artists",
          "/artists/{id}",
          "/artists/{id}/verify",
          "/bands/{id}/members",
          "/venues/{id}",
        ]
      ) {
        assert.ok(doc.paths[path], path);
      }
      assert.ok(doc.paths["/artists"].post.requestBody.content["application/json"].example);
    });
  } finally {
    await app.close();
  }
});
