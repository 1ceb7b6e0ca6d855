/**
 * The contract endpoints over HTTP, through the whole app: the envelopes,
 * generating (201, then 200), the booking's link to its contract, sending and
 * signing with a password, the statuses of refusals, the PDF and the
 * verification. One app (and database) for the file; the booking is set up
 * through the services, every call under test goes through the API.
 */
import assert from "node:assert/strict";
import type { Actor } from "../domain/access.ts";
import { openTestApp } from "./support/app.ts";
import { apiCaller, PASSWORD, type SignedIn, signUp } from "./support/accounts.ts";
import { confirmedBooking } from "./support/contracts.ts";
import { act } from "./support/fixtures.ts";

const DAY = 24 * 60 * 60 * 1000;

/** The signed-in person as the services see them (their session is the API's own). */
const actorOf = (who: SignedIn, role: Actor["roles"][number]): Actor => ({
  userId: who.id,
  roles: [role],
  sessionId: crypto.randomUUID(),
});

Deno.test("contracts API: generate, read, send, sign, PDF and verify", async (t) => {
  const app = await openTestApp();
  const call = apiCaller(app);
  try {
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const { id: actId } = await act(app.database.db, artist.id);
    const { city_id: cityId } = await app.database.db.selectFrom("cities").select("city_id")
      .where("name", "=", "Mysuru").orderBy("city_id").executeTakeFirstOrThrow();
    const { bookingId, contractId, documentHash } = await confirmedBooking(
      app.services.deps,
      actorOf(organizer, "organizer"),
      actorOf(artist, "artist"),
      { actId, cityId, startsAt: new Date(Date.now() + 30 * DAY) },
    );
    let hash = documentHash;
    let current = contractId;

    await t.step("the booking names its contract; GET reads it in the envelope", async () => {
      const booking = await call(organizer, "GET", `/bookings/${bookingId}`);
      assert.equal(booking.status, 200);
      assert.deepEqual(booking.body.data.booking.contract, {
        id: contractId,
        status: "draft",
        awaitingSignatureFrom: [],
      });
      const res = await call(artist, "GET", `/contracts/${contractId}`);
      assert.equal(res.status, 200);
      assert.equal(res.type, "application/json");
      assert.deepEqual(Object.keys(res.body).sort(), ["data", "success", "timestamp"]);
      assert.equal(res.body.success, true);
      const c = res.body.data.contract;
      assert.equal(c.id, contractId);
      assert.equal(c.bookingId, bookingId);
      assert.equal(c.documentHash, documentHash);
      assert.equal(c.document.money.fee, 4_000_000);
      assert.equal(c.document.money.deposit, 1_000_000);
      assert.deepEqual(c.viewer, { role: "act", allowedEvents: ["void"], mustSign: false });
      assert.deepEqual(c.signatures, { organizer: null, act: null });
      assert.equal(c.sealed, false);

      const missing = await call(artist, "GET", `/contracts/${crypto.randomUUID()}`);
      assert.equal(missing.status, 404);
      assert.deepEqual(Object.keys(missing.body.error).sort(), ["code", "details", "message"]);
      assert.equal(missing.body.success, false);
      const malformed = await call(artist, "GET", "/contracts/not-an-id");
      assert.equal(malformed.status, 422);
      assert.equal(malformed.body.error.details[0].field, "id");
    });

    await t.step("POST /contracts: 200 for the contract in force, 201 after a void, then 200", async () => {
      const existing = await call(organizer, "POST", "/contracts", { bookingId });
      assert.equal(existing.status, 200);
      assert.equal(existing.body.data.contract.id, contractId);
      const voided = await call(organizer, "POST", `/contracts/${contractId}/void`, { reason: "Wrong hall" });
      assert.equal(voided.status, 200);
      assert.equal(voided.body.message, "Contract voided");
      assert.equal(voided.body.data.contract.status, "voided");
      const created = await call(organizer, "POST", "/contracts", { bookingId });
      assert.equal(created.status, 201);
      current = created.body.data.contract.id;
      hash = created.body.data.contract.documentHash;
      assert.notEqual(current, contractId);
      const again = await call(artist, "POST", "/contracts", { bookingId });
      assert.equal(again.status, 200);
      assert.equal(again.body.data.contract.id, current);
      const booking = await call(artist, "GET", `/bookings/${bookingId}`);
      assert.equal(booking.body.data.booking.contract.id, current);
      const bad = await call(organizer, "POST", "/contracts", { bookingId: 7, extra: true });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, "VALIDATION_ERROR");
    });

    await t.step("send, then sign with a password; refusals carry their status and fields", async () => {
      const sent = await call(organizer, "POST", `/contracts/${current}/send`);
      assert.equal(sent.status, 200);
      assert.equal(sent.body.message, "Contract sent for signature");
      assert.equal(sent.body.data.contract.status, "sent");

      const invalid = await call(artist, "POST", `/contracts/${current}/sign`, {
        documentHash: "not-a-hash",
        fullName: "",
        consent: false,
      });
      assert.equal(invalid.status, 422);
      assert.equal(invalid.body.success, false);
      assert.deepEqual(
        invalid.body.error.details.map((d: { field: string }) => d.field).sort(),
        ["consent", "documentHash", "fullName"],
      );
      const stale = await call(artist, "POST", `/contracts/${current}/sign`, {
        documentHash: "0".repeat(64),
        fullName: "Asha Rao",
        consent: true,
        password: PASSWORD,
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error.code, "CONFLICT");
      assert.match(stale.body.error.message, /changed since you read it/);
      const wrong = await call(artist, "POST", `/contracts/${current}/sign`, {
        documentHash: hash,
        fullName: "Asha Rao",
        consent: true,
        password: "not my password",
      });
      assert.equal(wrong.status, 422);
      assert.deepEqual(wrong.body.error.details.map((d: { field: string }) => d.field), ["password"]);

      const bySigner = await call(artist, "POST", `/contracts/${current}/sign`, {
        documentHash: hash,
        fullName: "Asha Rao",
        consent: true,
        password: PASSWORD,
      });
      assert.equal(bySigner.status, 200, JSON.stringify(bySigner.body));
      assert.equal(bySigner.body.message, "Contract signed");
      assert.equal(bySigner.body.data.contract.status, "signed_by_artist");
      assert.deepEqual(bySigner.body.data.contract.signatures.act, {
        name: "Asha Rao",
        method: "password",
        signedAt: bySigner.body.data.contract.signatures.act.signedAt,
        documentHash: hash,
      });
      const twice = await call(artist, "POST", `/contracts/${current}/sign`, {
        documentHash: hash,
        fullName: "Asha Rao",
        consent: true,
        password: PASSWORD,
      });
      assert.equal(twice.status, 409);
      // Signed in moments ago: no password needed.
      const byOrganizer = await call(organizer, "POST", `/contracts/${current}/sign`, {
        documentHash: hash,
        fullName: "Meera Kapoor",
        consent: true,
      });
      assert.equal(byOrganizer.status, 200, JSON.stringify(byOrganizer.body));
      assert.equal(byOrganizer.body.data.contract.status, "signed");
      assert.equal(byOrganizer.body.data.contract.signatures.organizer.method, "recent_login");
      const late = await call(organizer, "POST", `/contracts/${current}/void`, { reason: "Too late" });
      assert.equal(late.status, 403);
      const booking = await call(organizer, "GET", `/bookings/${bookingId}`);
      assert.deepEqual(booking.body.data.booking.contract, {
        id: current,
        status: "signed",
        awaitingSignatureFrom: [],
      });
    });

    await t.step("the PDF is a sealed file download; verification reports a valid history", async () => {
      const res = await app.request(`/api/v1/contracts/${current}/pdf`, { headers: artist.headers });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/pdf");
      assert.match(
        res.headers.get("content-disposition") ?? "",
        /^attachment; filename="contract-.*-v1\.pdf"$/,
      );
      assert.equal(res.headers.get("cache-control"), "private, no-store");
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.equal(new TextDecoder().decode(bytes.subarray(0, 5)), "%PDF-");
      const again = await app.request(`/api/v1/contracts/${current}/pdf`, { headers: organizer.headers });
      assert.deepEqual(new Uint8Array(await again.arrayBuffer()), bytes);

      const verified = await call(organizer, "GET", `/contracts/${current}/verify`);
      assert.equal(verified.status, 200);
      const v = verified.body.data.verification;
      assert.equal(v.valid, true, JSON.stringify(v));
      assert.equal(v.contractId, current);
      assert.equal(v.documentHash.matches, true);
      assert.deepEqual(v.chain.problems, []);
      // Generated, sent, the two signatures and the PDF's issue (nobody opened this one with GET).
      assert.equal(v.chain.entries, 5);
      const anonymous = await call(null, "GET", `/contracts/${current}/verify`);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.body.error.code, "UNAUTHORIZED");
    });
  } finally {
    await app.close();
  }
});
