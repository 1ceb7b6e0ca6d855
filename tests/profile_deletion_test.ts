/**
 * Deleting an act or a venue deletes its files too: the photo, the
 * portfolio's uploads and the documents sent for verification (passports
 * and contracts, some of them) must not outlive the profile in storage once
 * their rows have cascaded away. Through the API, on the app's own storage.
 */
import assert from "node:assert/strict";
import type { Actor } from "../domain/access.ts";
import type { RoleName } from "../domain/roles.ts";
import { requestVerification } from "../services/admin/verification_requests.ts";
import { uploadItem } from "../services/catalog/portfolio.ts";
import { openTestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { onePixelPng } from "./support/bytes.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
const meta = { ip: "203.0.113.60", userAgent: "profile-deletion-test" };

Deno.test("deleting an act or a venue deletes its photo, portfolio files and verification documents", async () => {
  const app = await openTestApp();
  const { storage, deps } = app.services;
  const db = app.database.db;
  const call = async (who: SignedIn, method: string, path: string, body?: BodyInit, type?: string) => {
    const res = await app.request(`/api/v1${path}`, {
      method,
      headers: { ...who.headers, ...(type ? { "Content-Type": type } : {}) },
      body,
    });
    const json = await res.json();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.data;
  };
  // The services below take the person as the API's middleware would hand them over.
  const actorOf = (who: SignedIn, role: RoleName): Actor => ({
    userId: who.id,
    roles: [role],
    sessionId: "",
  });
  const photoKey = (url: string) => url.slice(url.indexOf("public/"));
  const stored = async (keys: string[]) =>
    (await Promise.all(keys.map((k) => storage.get(k)))).map((f) => f !== null);
  try {
    const artist = await signUp(app, "artist");
    const { act } = await call(
      artist,
      "POST",
      "/artists",
      JSON.stringify({
        kind: "solo",
        name: "Meera Iyer",
        budgetMin: 1_000_000,
        budgetStandard: 2_000_000,
        budgetPremium: 3_000_000,
      }),
      "application/json",
    );
    const png = await onePixelPng([0, 0x80, 0xff]);
    const withPhoto = (await call(artist, "PUT", `/artists/${act.id}/photo`, png, "image/png")).act;
    await uploadItem(
      db,
      storage,
      actorOf(artist, "artist"),
      act.id,
      { kind: "document", title: "Rider" },
      PDF,
      meta,
    );
    await requestVerification(
      deps,
      storage,
      actorOf(artist, "artist"),
      { type: "act", id: act.id },
      {
        links: ["https://meera.in"],
      },
      [{ name: "passport.pdf", bytes: PDF }],
      meta,
    );
    const actFiles = [
      photoKey(withPhoto.photoUrl),
      ...(await db.selectFrom("portfolio_items").select("storage_key").where("act_id", "=", act.id).execute())
        .map((r) => r.storage_key!),
      ...(await db.selectFrom("verification_documents as d")
        .innerJoin("verification_requests as r", "r.id", "d.request_id")
        .select("d.storage_key").where("r.act_id", "=", act.id).execute()).map((r) => r.storage_key),
    ];
    assert.equal(actFiles.length, 3);
    assert.deepEqual(await stored(actFiles), [true, true, true]);

    await call(artist, "DELETE", `/artists/${act.id}`);
    assert.deepEqual(await stored(actFiles), [false, false, false], "the act's files are gone");

    const manager = await signUp(app, "venue_manager");
    const { venue } = await call(
      manager,
      "POST",
      "/venues",
      JSON.stringify({ name: "The Blue Door", capacity: 180, venueType: "club" }),
      "application/json",
    );
    const venuePhoto = (await call(manager, "PUT", `/venues/${venue.id}/photo`, png, "image/png")).venue;
    await requestVerification(
      deps,
      storage,
      actorOf(manager, "venue_manager"),
      { type: "venue", id: venue.id },
      {
        links: ["https://bluedoor.in"],
      },
      [{ name: "lease.pdf", bytes: PDF }],
      meta,
    );
    const venueFiles = [
      photoKey(venuePhoto.photoUrl),
      ...(await db.selectFrom("verification_documents as d")
        .innerJoin("verification_requests as r", "r.id", "d.request_id")
        .select("d.storage_key").where("r.venue_id", "=", venue.id).execute()).map((r) => r.storage_key),
    ];
    assert.deepEqual(await stored(venueFiles), [true, true]);

    await call(manager, "DELETE", `/venues/${venue.id}`);
    assert.deepEqual(await stored(venueFiles), [false, false], "the venue's files are gone");
  } finally {
    await app.close();
  }
});
