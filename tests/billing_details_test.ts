/**
 * Billing details for GST invoices, by a payer for themselves: the page
 * without JavaScript shows each refusal beside its field and keeps what was
 * typed; the API agrees; and an invoice issued afterwards names the payer by
 * them, GSTIN and all, with the tax the place of supply calls for.
 */
import assert from "node:assert/strict";
import { gstinCheckCharacter } from "../domain/gst.ts";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { signedBooking } from "./support/contracts.ts";
import { act, cityId } from "./support/fixtures.ts";
import { payDue } from "./support/payments.ts";

const GSTIN = "27AAACD1234E1Z" + gstinCheckCharacter("27AAACD1234E1Z");

Deno.test("a payer's billing details: the page, the API, and the next invoice", async () => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const organizer = await signUp(app, "organizer");
    const artist = await signUp(app, "artist");
    const post = (form: Record<string, string>) =>
      app.request("/account/billing", {
        method: "POST",
        headers: { ...organizer.headers, Origin: "http://localhost" },
        body: new URLSearchParams(form),
      });

    const typed = {
      legalName: "Dev Events Private Limited",
      address: "14 Hill Road, Bandra West, Mumbai 400050",
      stateCode: "29",
      gstin: GSTIN,
    };
    const refused = await post(typed);
    assert.equal(refused.status, 422);
    const html = await refused.text();
    assert.match(html, /id="gstin-error"[^>]*>This GSTIN is registered in another state than the address/);
    assert.match(
      html,
      /value="14 Hill Road|>14 Hill Road, Bandra West, Mumbai 400050</,
      "what was typed stays",
    );

    const saved = await post({ ...typed, stateCode: "27", gstin: GSTIN.toLowerCase() });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get("location"), "/account/billing?saved=1");
    const api = await app.request("/api/v1/me/billing-details", { headers: organizer.headers });
    assert.deepEqual((await api.json()).data.billing, { ...typed, stateCode: "27", gstin: GSTIN });
    const bad = await app.request("/api/v1/me/billing-details", {
      method: "PUT",
      headers: { ...organizer.headers, "Content-Type": "application/json" },
      body: JSON.stringify({ ...typed, stateCode: "27", gstin: GSTIN.slice(0, 14) + "0" }),
    });
    assert.equal(bad.status, 422);
    assert.deepEqual((await bad.json()).error.details.map((d: { field: string }) => d.field), ["gstin"]);

    // Paid for a show in Pune: the payer's own details and GSTIN go on the invoice; Maharashtra and
    // the supplier's Karnataka make it inter-state, so IGST.
    const { id: actId } = await act(db, artist.id, { name: "Billing Act" });
    const as = (id: string, role: "organizer" | "artist") => ({ userId: id, roles: [role], sessionId: "s" });
    const made = await signedBooking(
      app.services.deps,
      as(organizer.id, "organizer"),
      as(artist.id, "artist"),
      {
        actId,
        startsAt: new Date(Date.now() + 45 * 86_400_000),
        cityId: await cityId(db, "Pune"),
      },
    );
    const payment = await payDue(
      {
        deps: { ...app.services.deps, gateways: app.services.payments },
        sandbox: app.services.payments.sandbox!,
        kept: [],
      },
      as(organizer.id, "organizer"),
      made.bookingId,
    );
    const invoice = await db.selectFrom("invoices").select("document").where("payment_id", "=", payment.id)
      .executeTakeFirstOrThrow();
    const doc = invoice.document as {
      recipient: { legalName: string; gstin: string | null; state: { code: string } };
      taxes: { name: string }[];
    };
    assert.deepEqual([doc.recipient.legalName, doc.recipient.gstin, doc.recipient.state.code], [
      typed.legalName,
      GSTIN,
      "27",
    ]);
    assert.deepEqual(doc.taxes.map((t) => t.name), ["IGST"]);
  } finally {
    await app.close();
  }
});
