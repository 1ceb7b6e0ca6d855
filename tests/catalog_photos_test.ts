/**
 * Photo uploads over HTTP: who may upload, type checking from the bytes, the
 * size limit, serving from /media/*, and replacement of the old object.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { concat, onePixelPng } from "./support/bytes.ts";

const soloAct = {
  kind: "solo",
  name: "Meera Iyer",
  budgetMin: 1_000_000,
  budgetStandard: 2_000_000,
  budgetPremium: 3_000_000,
};

Deno.test("catalog photos: upload, validation, serving and replacement", async (t) => {
  const app = await openTestApp();
  const put = async (who: SignedIn | null, path: string, bytes: Uint8Array<ArrayBuffer>, type: string) => {
    const res = await app.request(`/api/v1${path}`, {
      method: "PUT",
      headers: { ...(who?.headers ?? {}), "Content-Type": type },
      body: bytes,
    });
    return { status: res.status, body: await res.json() };
  };
  try {
    const artist = await signUp(app, "artist");
    const other = await signUp(app, "artist");
    const created = await app.request("/api/v1/artists", {
      method: "POST",
      headers: { ...artist.headers, "Content-Type": "application/json" },
      body: JSON.stringify(soloAct),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const actId: string = (await created.json()).data.act.id;
    const red = await onePixelPng([0xff, 0, 0]);
    let firstUrl = "";

    await t.step("the owner uploads a PNG; it is served as an immutable image/png", async () => {
      const res = await put(artist, `/artists/${actId}/photo`, red, "image/png");
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const act = res.body.data.act;
      assert.match(act.photoUrl, new RegExp(`^/media/public/acts/${actId}/[0-9a-f]{32}\\.png$`));
      assert.equal(act.photoWidth, 1);
      assert.equal(act.photoHeight, 1);
      firstUrl = act.photoUrl;

      const read = await app.request(`/api/v1/artists/${actId}`);
      assert.equal((await read.json()).data.act.photoUrl, firstUrl, "stored on the act");

      const media = await app.request(firstUrl);
      assert.equal(media.status, 200);
      assert.equal(media.headers.get("content-type"), "image/png");
      assert.match(media.headers.get("cache-control") ?? "", /immutable/);
      assert.match(media.headers.get("cache-control") ?? "", /max-age=31536000/);
      assert.equal(media.headers.get("x-content-type-options"), "nosniff");
      assert.deepEqual(new Uint8Array(await media.arrayBuffer()), red);

      const audited = await app.database.db.selectFrom("audit_logs").select(["actor_id"])
        .where("entity_type", "=", "acts").where("entity_id", "=", actId).execute();
      assert.ok(audited.some((r) => r.actor_id === artist.id), "the change is audited");
    });

    await t.step("another user gets 403, an anonymous caller 401", async () => {
      const forbidden = await put(other, `/artists/${actId}/photo`, red, "image/png");
      assert.equal(forbidden.status, 403, JSON.stringify(forbidden.body));
      const anonymous = await put(null, `/artists/${actId}/photo`, red, "image/png");
      assert.equal(anonymous.status, 401, JSON.stringify(anonymous.body));
    });

    await t.step("a renamed Windows executable is refused on field 'file'", async () => {
      const exe = concat("MZ", new Uint8Array(510));
      const res = await put(artist, `/artists/${actId}/photo`, exe, "image/jpeg");
      assert.equal(res.status, 422, JSON.stringify(res.body));
      const details: { field: string; message: string }[] = res.body.error.details;
      assert.ok(
        details.some((d) => d.field === "file" && /program/.test(d.message)),
        JSON.stringify(details),
      );
    });

    await t.step("6 MiB is refused by the 5 MiB body limit of the upload route (413)", async () => {
      const big = concat(red, new Uint8Array(6 * 1024 * 1024 - red.length));
      const res = await put(artist, `/artists/${actId}/photo`, big, "image/png");
      assert.equal(res.status, 413, JSON.stringify(res.body));
    });

    await t.step("2 MiB passes the body limit (over the 1 MiB global one) and is accepted", async () => {
      // A PNG with trailing bytes is still a PNG to the sniffer; it proves the raised limit applies.
      const padded = concat(red, new Uint8Array(2 * 1024 * 1024));
      const res = await put(artist, `/artists/${actId}/photo`, padded, "image/png");
      assert.equal(res.status, 200, JSON.stringify(res.body));
      firstUrl = res.body.data.act.photoUrl;
      // The global limit still holds elsewhere.
      const patch = await app.request(`/api/v1/artists/${actId}`, {
        method: "PATCH",
        headers: { ...artist.headers, "Content-Type": "application/json" },
        body: JSON.stringify({ bio: "x".repeat(2 * 1024 * 1024) }),
      });
      assert.equal(patch.status, 413);
    });

    await t.step("a second upload gets a new URL and the old object is gone", async () => {
      const blue = await onePixelPng([0, 0, 0xff]);
      const res = await put(artist, `/artists/${actId}/photo`, blue, "image/png");
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const secondUrl = res.body.data.act.photoUrl;
      assert.notEqual(secondUrl, firstUrl);
      assert.equal((await app.request(secondUrl)).status, 200);
      const old = await app.request(firstUrl);
      assert.equal(old.status, 404);
      await old.body?.cancel();

      const again = await put(artist, `/artists/${actId}/photo`, blue, "image/png");
      assert.equal(again.status, 200, "the same bytes again");
      assert.equal(again.body.data.act.photoUrl, secondUrl, "content-addressed: same key");
      const still = await app.request(secondUrl);
      assert.equal(still.status, 200, "re-uploading the same image does not delete it");
      await still.body?.cancel();
    });

    await t.step("venues: the owner uploads, others are refused", async () => {
      const manager = await signUp(app, "venue_manager");
      const res = await app.request("/api/v1/venues", {
        method: "POST",
        headers: { ...manager.headers, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Hard Rock Cafe", capacity: 300, venueType: "club" }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      const venueId: string = (await res.json()).data.venue.id;
      const up = await put(manager, `/venues/${venueId}/photo`, red, "image/png");
      assert.equal(up.status, 200, JSON.stringify(up.body));
      assert.match(up.body.data.venue.photoUrl, new RegExp(`^/media/public/venues/${venueId}/`));
      assert.equal(up.body.data.venue.photoWidth, 1);
      assert.equal((await put(other, `/venues/${venueId}/photo`, red, "image/png")).status, 403);
    });

    await t.step("/media: unknown and private keys are 404", async () => {
      for (
        const path of ["/media/public/acts/nope.png", "/media/private/riders/x.pdf", "/media/../etc/passwd"]
      ) {
        const res = await app.request(path);
        assert.equal(res.status, 404, path);
        await res.body?.cancel();
      }
    });

    await t.step("the upload routes are in the OpenAPI document", async () => {
      const doc = await (await app.request("/api/v1/openapi.json")).json();
      assert.ok(doc.paths["/artists/{id}/photo"]?.put);
      assert.ok(doc.paths["/venues/{id}/photo"]?.put);
      assert.ok(doc.paths["/artists/{id}/photo"].put.requestBody.content["image/png"]);
    });
  } finally {
    await app.close();
  }
});
