/**
 * Verification on request. Through the services, on PGlite and PostgreSQL:
 * only the owner asks, with at least one link and documents that are PDF,
 * JPEG or PNG by their bytes; one request waits per subject, even when two
 * arrive at once; staff approve (the flag, the trust score up by the
 * verification's points with the history's reason, the owner notified) or
 * reject with a reason the owner reads; documents open for the owner and
 * staff only; staff's direct switch approves the waiting request too.
 * Through the pages, without JavaScript: the owner asks with a link and a
 * PDF, staff approve from the queue, a rejection's reason reaches the owner,
 * and bad input is shown beside its field.
 */
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { AppError, Conflict, Forbidden, NotFound, Unauthorized, ValidationError } from "../domain/errors.ts";
import { VERIFIED_POINTS } from "../domain/trust_score.ts";
import { TRUST_REASON } from "../domain/verification.ts";
import { LocalDiskStorage } from "../integrations/storage/mod.ts";
import { approveVerification, rejectVerification } from "../services/admin/verification_decisions.ts";
import {
  getVerificationRequest,
  openVerificationDocument,
  requestVerification,
  subjectVerification,
  verificationQueue,
} from "../services/admin/verification_requests.ts";
import { verifyVenue } from "../services/catalog/venues.ts";
import { recomputeTrust } from "../services/trust/recompute.ts";
import { openTestApp, type TestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { onePixelPng } from "./support/bytes.ts";
import { hasPostgres, openTestDatabase } from "./support/db.ts";
import { find, parsePage } from "./support/dom.ts";
import { act, band, person, venue } from "./support/fixtures.ts";
import { outboxDeps } from "./support/workflow_deps.ts";

const meta = { ip: null, userAgent: null };
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
const PROGRAM = new TextEncoder().encode("MZ\x90\x00 definitely a program");

async function rejects(p: Promise<unknown>, type: new (...a: never[]) => AppError, message?: RegExp) {
  await assert.rejects(p, (err) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err}`);
    if (message) assert.match((err as Error).message, message);
    return true;
  });
}

async function scoreOf(db: Kysely<Database>, table: "acts" | "venues", id: string): Promise<number> {
  const row = await db.selectFrom(table).select(["trust_score", "is_verified"]).where("id", "=", id)
    .executeTakeFirstOrThrow();
  return Number(row.trust_score);
}

/** The score as the rules compute it now, stored first, so a change afterwards is the change's alone. */
async function settledScore(db: Kysely<Database>, subject: { type: "act" | "venue"; id: string }, now: Date) {
  await db.transaction().execute((trx) =>
    recomputeTrust(trx, subject, "Test baseline", { bookingId: null, event: null }, now)
  );
  return await scoreOf(db, subject.type === "act" ? "acts" : "venues", subject.id);
}

async function latestNotice(db: Kysely<Database>, userId: string) {
  return await db.selectFrom("notifications").select(["title", "body", "link"]).where("user_id", "=", userId)
    .orderBy("created_at", "desc").executeTakeFirst();
}

for (const driver of ["pglite", "pg"] as const) {
  Deno.test({
    name: `verification requests through the services [${driver}]`,
    ignore: driver === "pg" && !hasPostgres,
    async fn(t) {
      const handle = await openTestDatabase({ driver });
      const dir = await Deno.makeTempDir({ prefix: "verification-test-" });
      const storage = new LocalDiskStorage({ dir, secret: "verification-test-storage-secret" });
      const now = new Date();
      const deps = outboxDeps(handle.db, { now: () => now });
      const db = handle.db;
      try {
        const [artist, manager, venueOwner, stranger, staff] = await Promise.all([
          person(db, "artist"),
          person(db, "band_manager"),
          person(db, "venue_manager"),
          person(db, "promoter"),
          person(db, "staff"),
        ]);
        const solo = await act(db, artist.userId, { name: "Asha Rao" });
        const theBand = await band(db, manager.userId, { name: "The Ragas" });
        const club = await venue(db, venueOwner.userId, { name: "The Baithak" });
        const actSubject = { type: "act" as const, id: solo.id };
        const venueSubject = { type: "venue" as const, id: club.id };
        const ask = { links: ["instagram.com/asharao", "https://asharao.in"], note: "Playing since 2015." };
        let requestId = "";

        await t.step("only the owner asks, with a link, and documents that are what they say", async () => {
          await rejects(requestVerification(deps, storage, null, actSubject, ask, [], meta), Unauthorized);
          await rejects(requestVerification(deps, storage, stranger, actSubject, ask, [], meta), Forbidden);
          await rejects(requestVerification(deps, storage, staff, actSubject, ask, [], meta), Forbidden);
          await rejects(
            requestVerification(
              deps,
              storage,
              artist,
              { type: "act", id: crypto.randomUUID() },
              ask,
              [],
              meta,
            ),
            NotFound,
          );
          await rejects(
            requestVerification(deps, storage, artist, actSubject, { links: [] }, [], meta),
            ValidationError,
          );
          await rejects(
            requestVerification(deps, storage, artist, actSubject, { links: ["mailto:a@b.in"] }, [], meta),
            ValidationError,
          );
          await assert.rejects(
            requestVerification(
              deps,
              storage,
              artist,
              actSubject,
              ask,
              [{ name: "id.pdf", bytes: PROGRAM }],
              meta,
            ),
            (err) =>
              err instanceof ValidationError && err.details[0].field === "documents" &&
              /program/.test(err.message),
          );
          // Nothing was kept of the refused attempts.
          assert.equal((await subjectVerification(db, artist, actSubject)).requests.length, 0);

          const png = await onePixelPng();
          const request = await requestVerification(deps, storage, artist, actSubject, ask, [
            { name: "press kit <2025>.pdf", bytes: PDF },
            { name: "poster.png", bytes: png },
          ], meta);
          requestId = request.id;
          assert.equal(request.status, "pending");
          assert.deepEqual(request.links, ["https://instagram.com/asharao", "https://asharao.in"]);
          assert.deepEqual(request.documents.map((d) => [d.fileName, d.contentType]), [
            ["press kit 2025.pdf", "application/pdf"],
            ["poster.png", "image/png"],
          ]);
          assert.equal(request.subject.href, `/artists/${solo.slug}`);
          // The band's manager asks for the band too.
          const forBand = await requestVerification(
            deps,
            storage,
            manager,
            { type: "act", id: theBand.id },
            { links: ["https://theragas.in"] },
            [],
            meta,
          );
          assert.equal(forBand.subject.href, `/bands/${theBand.slug}`);
        });

        await t.step("one request waits per subject", async () => {
          await rejects(
            requestVerification(deps, storage, artist, actSubject, ask, [], meta),
            Conflict,
            /already waiting/,
          );
          const state = await subjectVerification(db, artist, actSubject);
          assert.equal(state.canAsk, false);
          assert.equal(state.requests.length, 1);
        });

        await t.step("documents open for the owner and staff, and for nobody else", async () => {
          const request = await getVerificationRequest(db, staff, requestId);
          const [pdf] = request.documents;
          const opened = await openVerificationDocument(db, storage, artist, requestId, pdf.id);
          assert.deepEqual(opened.bytes, PDF);
          assert.equal(opened.contentType, "application/pdf");
          assert.equal(opened.downloadName, `verification-${pdf.id}.pdf`);
          assert.deepEqual(
            (await openVerificationDocument(db, storage, staff, requestId, pdf.id)).bytes,
            PDF,
          );
          await rejects(openVerificationDocument(db, storage, stranger, requestId, pdf.id), NotFound);
          await rejects(openVerificationDocument(db, storage, manager, requestId, pdf.id), NotFound);
          await rejects(openVerificationDocument(db, storage, null, requestId, pdf.id), Unauthorized);
          await rejects(getVerificationRequest(db, stranger, requestId), NotFound);
          // The stored object is private: its key says so, and nothing in the view is a storage URL.
          const row = await db.selectFrom("verification_documents").select("storage_key")
            .where("id", "=", pdf.id).executeTakeFirstOrThrow();
          assert.match(row.storage_key, /^private\/verification\//);
          assert.equal(pdf.href, `/api/v1/verification-requests/${requestId}/documents/${pdf.id}`);
        });

        await t.step("staff see the queue oldest first; others are refused", async () => {
          await rejects(verificationQueue(db, artist), Forbidden);
          const queue = await verificationQueue(db, staff);
          assert.deepEqual(queue.map((r) => r.subject.name), ["Asha Rao", "The Ragas"]);
          assert.equal(queue[0].owner.email, artist.email);
        });

        await t.step(
          "approval verifies, adds the verification's points with a reason, and tells the owner",
          async () => {
            const before = await settledScore(db, actSubject, now);
            await rejects(approveVerification(deps, artist, requestId, {}, meta), Forbidden);
            const approved = await approveVerification(deps, staff, requestId, {}, meta);
            assert.equal(approved.status, "approved");
            assert.equal(approved.subject.verified, true);
            assert.equal(await scoreOf(db, "acts", solo.id), Math.min(100, before + VERIFIED_POINTS));
            const history = await db.selectFrom("trust_score_history").selectAll()
              .where("subject_id", "=", solo.id).orderBy("at", "desc").executeTakeFirstOrThrow();
            assert.equal(history.reason, TRUST_REASON.verified);
            assert.equal(history.event, "verified");
            assert.equal(Number(history.new_score) - Number(history.old_score), VERIFIED_POINTS);
            const notice = await latestNotice(db, artist.userId);
            assert.equal(notice?.title, "Verification update");
            assert.match(notice?.body ?? "", /verified Asha Rao/);
            assert.equal(notice?.link, `/artists/${solo.slug}/verification`);
            await rejects(
              approveVerification(deps, staff, requestId, {}, meta),
              Conflict,
              /approved already/,
            );
            await rejects(
              requestVerification(deps, storage, artist, actSubject, ask, [], meta),
              Conflict,
              /verified already/,
            );
            const audit = await db.selectFrom("audit_logs").select(["actor_id", "action"])
              .where("entity_type", "=", "verification_requests").where("entity_id", "=", requestId)
              .orderBy("at").execute();
            assert.deepEqual(audit.map((a) => [a.action, a.actor_id]), [
              ["insert", artist.userId],
              ["update", staff.userId],
            ]);
          },
        );

        await t.step(
          "a rejection needs a reason, which the owner reads; then they may ask again",
          async () => {
            const request = await requestVerification(
              deps,
              storage,
              venueOwner,
              venueSubject,
              {
                links: ["https://maps.app.goo.gl/baithak"],
              },
              [],
              meta,
            );
            await rejects(
              rejectVerification(deps, staff, request.id, { reason: " " }, meta),
              ValidationError,
            );
            await rejects(rejectVerification(deps, staff, request.id, {}, meta), ValidationError);
            const reason = "The map listing does not name you as its owner.";
            const rejected = await rejectVerification(deps, staff, request.id, { reason }, meta);
            assert.equal(rejected.status, "rejected");
            assert.equal(rejected.decisionReason, reason);
            assert.equal(rejected.subject.verified, false);
            const notice = await latestNotice(db, venueOwner.userId);
            assert.match(notice?.body ?? "", /not approved: The map listing does not name you/);
            const state = await subjectVerification(db, venueOwner, venueSubject);
            assert.equal(state.canAsk, true);
            assert.equal(state.requests[0].decisionReason, reason);
          },
        );

        await t.step("staff's direct switch approves the waiting request, with the score", async () => {
          const request = await requestVerification(
            deps,
            storage,
            venueOwner,
            venueSubject,
            {
              links: ["https://baithak.in"],
            },
            [],
            meta,
          );
          const before = await settledScore(db, venueSubject, now);
          await rejects(verifyVenue(deps, venueOwner, club.id, { verified: true }, meta), Forbidden);
          const verified = await verifyVenue(deps, staff, club.id, { verified: true }, meta);
          assert.equal(verified.isVerified, true);
          assert.equal(await scoreOf(db, "venues", club.id), Math.min(100, before + VERIFIED_POINTS));
          assert.equal((await getVerificationRequest(db, venueOwner, request.id)).status, "approved");
          const withdrawn = await verifyVenue(deps, staff, club.id, { verified: false }, meta);
          assert.equal(withdrawn.isVerified, false);
          assert.equal(await scoreOf(db, "venues", club.id), before);
          const history = await db.selectFrom("trust_score_history").select("reason")
            .where("subject_id", "=", club.id).orderBy("at", "desc").executeTakeFirstOrThrow();
          assert.equal(history.reason, TRUST_REASON.withdrawn);
        });

        if (driver === "pg") {
          await t.step("two requests at once: one waits, the other is refused", async () => {
            const other = await person(db, "artist");
            const twin = await act(db, other.userId);
            const subject = { type: "act" as const, id: twin.id };
            const results = await Promise.allSettled(
              Array.from(
                { length: 6 },
                () =>
                  requestVerification(
                    deps,
                    storage,
                    other,
                    subject,
                    { links: ["https://twin.in"] },
                    [],
                    meta,
                  ),
              ),
            );
            assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
            for (const r of results) {
              if (r.status === "rejected") assert.ok(r.reason instanceof Conflict, String(r.reason));
            }
          });
        }
      } finally {
        await handle.close();
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

/** A multipart post of a page's form, as a browser without JavaScript sends it. */
async function postForm(app: TestApp, who: SignedIn, path: string, fields: Record<string, string | File>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return await app.request(path, {
    method: "POST",
    headers: { ...who.headers, Origin: "http://localhost" },
    body,
    redirect: "manual",
  });
}

async function html(app: TestApp, who: SignedIn | null, path: string): Promise<Document> {
  const res = await app.request(path, { headers: who?.headers ?? {} });
  assert.equal(res.status, 200, path);
  return parsePage(await res.text());
}

Deno.test("verification through the pages: ask, approve, reject with a reason", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const [artist, venueOwner, stranger, staff, organizer] = [
      await signUp(app, "artist"),
      await signUp(app, "venue_manager"),
      await signUp(app, "promoter"),
      await signUp(app, "staff"),
      await signUp(app, "organizer"),
    ];
    const solo = await act(db, artist.id, { name: "Kavya Iyer" });
    const club = await venue(db, venueOwner.id, { name: "Blue Door" });
    const page = `/artists/${solo.slug}/verification`;
    const pdf = new File([PDF], "registration.pdf", { type: "application/pdf" });

    await t.step("the owner finds the page from the edit page; strangers are refused", async () => {
      const edit = await html(app, artist, `/artists/${solo.slug}/edit`);
      assert.equal(find(edit, "[data-testid=verification-link]").getAttribute("href"), page);
      const refused = await app.request(page, { headers: stranger.headers });
      assert.equal(refused.status, 403);
      await refused.body?.cancel();
      const anonymous = await app.request(page, { redirect: "manual" });
      assert.equal(anonymous.status, 303);
      await anonymous.body?.cancel();
    });

    await t.step("a missing link is shown beside its field; nothing is stored", async () => {
      const res = await postForm(app, artist, page, {
        intent: "ask",
        link1: " ",
        note: "Hello",
        documents: pdf,
      });
      assert.equal(res.status, 422);
      const doc = parsePage(await res.text());
      assert.equal(find(doc, "#link1").getAttribute("aria-invalid"), "true");
      assert.match(find(doc, "#link1-error").textContent ?? "", /at least one link/);
      assert.equal(find(doc, "#note").textContent, "Hello");
      const n = await db.selectFrom("verification_documents").select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0);
    });

    await t.step("the owner asks with a link and a PDF", async () => {
      const res = await postForm(app, artist, page, {
        intent: "ask",
        link1: "instagram.com/kavyaiyer",
        link2: "",
        note: "I sing at Blue Frog monthly.",
        documents: pdf,
      });
      assert.equal(res.status, 303, await res.clone().text());
      assert.equal(res.headers.get("location"), `${page}?done=ask`);
      const doc = await html(app, artist, `${page}?done=ask`);
      assert.match(find(doc, "[data-testid=verification-state]").textContent ?? "", /Waiting for staff/);
      assert.equal(
        find(doc, "[data-testid=links] a").getAttribute("href"),
        "https://instagram.com/kavyaiyer",
      );
      assert.equal(doc.querySelector("[data-testid=ask-form]"), null);
      const document = find(doc, "[data-testid=documents] a");
      assert.equal(document.textContent, "registration.pdf");
      const href = document.getAttribute("href")!;
      const own = await app.request(href, { headers: artist.headers });
      assert.equal(own.status, 200);
      assert.equal(own.headers.get("content-type"), "application/pdf");
      assert.match(own.headers.get("content-disposition") ?? "", /^attachment; filename="verification-/);
      assert.equal(own.headers.get("cache-control"), "private, no-store");
      assert.deepEqual(new Uint8Array(await own.arrayBuffer()), PDF);
      for (const [who, status] of [[stranger, 404], [organizer, 404], [null, 401]] as const) {
        const res = await app.request(href, { headers: who?.headers ?? {} });
        assert.equal(res.status, status);
        assert.equal((await res.json()).success, false);
      }
    });

    await t.step("staff approve from the queue: verified, notified, shown on the owner's page", async () => {
      const refused = await app.request("/admin/verifications", { headers: organizer.headers });
      assert.equal(refused.status, 403);
      await refused.body?.cancel();
      const queue = await html(app, staff, "/admin/verifications");
      const item = find(queue, "[data-testid=verification-case]");
      assert.equal(find(item, "h2 a").getAttribute("href"), `/artists/${solo.slug}`);
      assert.match(item.textContent ?? "", new RegExp(artist.email.replace(".", "\\.")));
      assert.match(find(item, "[data-testid=trust-score]").textContent ?? "", /Trust score \d+/);
      assert.match(find(item, "[data-testid=note]").textContent ?? "", /Blue Frog/);
      const requestId = find(item, "[data-testid=approve-form] input[name=request]").getAttribute("value")!;
      const approved = await app.request("/admin/verifications", {
        method: "POST",
        headers: { ...staff.headers, Origin: "http://localhost" },
        body: new URLSearchParams({ request: requestId, intent: "approve", reason: "" }),
        redirect: "manual",
      });
      assert.equal(approved.status, 303);
      assert.equal(approved.headers.get("location"), "/admin/verifications?done=approve");
      const row = await db.selectFrom("acts").select("is_verified").where("id", "=", solo.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.is_verified, true);
      assert.equal((await latestNotice(db, artist.id))?.title, "Verification update");
      const owner = await html(app, artist, page);
      assert.match(find(owner, "[data-testid=verification-state]").textContent ?? "", /Verified/);
      assert.ok(find(await html(app, staff, "/admin/verifications"), "[data-testid=queue-empty]"));
    });

    await t.step(
      "a rejection without a reason is asked for again; with one, the owner reads it",
      async () => {
        const venuePage = `/venues/${club.slug}/verification`;
        const asked = await postForm(app, venueOwner, venuePage, {
          intent: "ask",
          link1: "https://bluedoor.in",
        });
        assert.equal(asked.status, 303);
        const queue = await html(app, staff, "/admin/verifications");
        const requestId = find(queue, "[data-testid=reject-form] input[name=request]").getAttribute("value")!;
        const post = (reason: string) =>
          app.request("/admin/verifications", {
            method: "POST",
            headers: { ...staff.headers, Origin: "http://localhost" },
            body: new URLSearchParams({ request: requestId, intent: "reject", reason }),
            redirect: "manual",
          });
        const blank = await post("");
        assert.equal(blank.status, 422);
        const doc = parsePage(await blank.text());
        assert.match(find(doc, `#reject-${requestId}-error`).textContent ?? "", /Say why/);
        const rejected = await post("Your site does not name the venue's owner.");
        assert.equal(rejected.status, 303);
        const owner = await html(app, venueOwner, venuePage);
        assert.match(
          find(owner, "[data-testid=rejection]").textContent ?? "",
          /does not name the venue's owner/,
        );
        assert.ok(find(owner, "[data-testid=ask-form]"), "they may ask again");
      },
    );
  } finally {
    await app.close();
  }
});
