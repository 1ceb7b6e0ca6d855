/**
 * A booking's contract page as a browser without JavaScript uses it: the
 * organizer edits and sends, either party voids and draws up a new one, the
 * act signs with its password (after field errors shown next to the fields),
 * the organizer signs without one right after signing in, and the booking page
 * then shows the deposit as the next step. Strangers are told nothing; a band
 * member reads the contract but has nothing to sign.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { PASSWORD, signUp } from "./support/accounts.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";
import { band, offeredBooking } from "./support/fixtures.ts";
import { FormBrowser } from "./support/form_browser.ts";

const DAY = 86_400_000;

const testIds = (html: string) => [...html.matchAll(/data-testid="([\w-]+)"/g)].map((m) => m[1]);
const hashOn = (html: string) => /name="documentHash" value="([0-9a-f]{64})"/.exec(html)?.[1];
const contractIdOn = (html: string) => /\/api\/v1\/contracts\/([0-9a-f-]{36})\/pdf/.exec(html)?.[1];
const textOf = (html: string, selector: string) =>
  (find(parsePage(html), selector).textContent ?? "").replace(/\s+/g, " ").trim();

Deno.test("the contract page without JavaScript", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const [organizerAccount, artistAccount, memberAccount, strangerAccount] = [
      await signUp(app, "organizer"),
      await signUp(app, "artist"),
      await signUp(app, "artist"),
      await signUp(app, "promoter"),
    ];
    const act = await band(db, artistAccount.id, { name: "The Contract Collective" });
    await db.insertInto("band_members").values({
      act_id: act.id,
      user_id: memberAccount.id,
      role: "Tabla",
      status: "accepted",
      responded_at: new Date(),
    }).execute();
    const booking = await offeredBooking(db, act.id, organizerAccount.id, {
      title: "Holi on the lawns",
      expiresAt: new Date(Date.now() + 5 * DAY),
    });
    const browsers = await Promise.all(
      [organizerAccount, artistAccount, memberAccount, strangerAccount].map(async (who, i) => {
        const b = new FormBrowser(app, `203.0.113.${71 + i}`);
        await b.signIn(who);
        return b;
      }),
    );
    const [organizer, artist, member, stranger] = browsers;
    const page = `/bookings/${booking.id}/contract`;
    let contractId = "";

    await t.step("before an offer is accepted there is no contract; strangers get 404", async () => {
      const html = await organizer.html(page);
      assert.match(textOf(html, "[data-testid=no-contract]"), /drawn up when an offer is accepted/);
      assert.doesNotMatch(html, /name="intent"/);
      const hidden = await stranger.go(page);
      assert.equal(hidden.status, 404);
      await hidden.body?.cancel();
      const anonymous = await app.request(page, { redirect: "manual" });
      assert.equal(anonymous.status, 303);
      assert.equal(anonymous.headers.get("location"), `/login?next=${page}`);
    });

    await t.step("accepting drafts the contract; the booking page links to it", async () => {
      const accepted = await artist.go(`/bookings/${booking.id}`, { intent: "accept", round: "1" });
      assert.equal(accepted.status, 303, await accepted.clone().text());
      await accepted.body?.cancel();
      const bookingHtml = await artist.html(`/bookings/${booking.id}`);
      const card = textOf(bookingHtml, "[data-testid=contract-card]");
      assert.match(card, /Draft/);
      assert.match(card, /The deposit \(₹[\d,]+\) can be paid once both parties have signed the contract/);
      assert.match(bookingHtml, new RegExp(`href="${page}"`));
      assert.ok(!testIds(bookingHtml).includes("payment-step"));

      const html = await organizer.html(page);
      contractId = contractIdOn(html)!;
      assert.ok(contractId, "a PDF link names the contract");
      assert.equal(textOf(html, "[data-testid=contract-status]"), "Draft");
      const ids = testIds(html);
      for (const id of ["send-form", "revise-form", "void-form", "contract-text"]) {
        assert.ok(ids.includes(id), id);
      }
      assert.ok(!ids.includes("sign-form"), "a draft is not signed");
      assert.match(textOf(html, "[data-testid=contract-text]"), /The Contract Collective/);
      // The band's members, then the cancellation table: tables as tables, not text.
      assert.deepEqual(textsOf(parsePage(html), "[data-testid=contract-text] table th").slice(0, 3), [
        "Band member",
        "Role",
        "Notice before the show",
      ]);
      assert.match(textOf(html, "[data-testid=document-hash]"), /^[0-9a-f]{64}$/);
      assert.match(textOf(html, "[data-testid=version-line]"), /^Version 1, issued /);

      const asArtist = testIds(await artist.html(page));
      assert.ok(
        !asArtist.includes("revise-form") && !asArtist.includes("send-form"),
        "the act edits nothing",
      );
      assert.ok(asArtist.includes("void-form"));
    });

    await t.step(
      "the organizer edits the clauses: errors beside the fields, then a new version",
      async () => {
        const bad = await organizer.go(page, {
          intent: "revise",
          contract: contractId,
          organizerLegalName: "",
          organizerAddress: "14 Hill Road, Bandra West",
          rider: "Two vocal mics and a DI",
          additionalTerms: "",
        });
        assert.equal(bad.status, 422);
        const html = await bad.text();
        assert.equal(textOf(html, "#organizerLegalName-error"), "Give the organizer's full legal name");
        assert.match(html, />Two vocal mics and a DI</, "what was typed is kept");
        assert.match(html, /<details open[^>]*>\s*<summary[^>]*>Edit clauses/);

        const saved = await organizer.go(page, {
          intent: "revise",
          contract: contractId,
          organizerLegalName: "Dev Events Private Limited",
          organizerAddress: "14 Hill Road, Bandra West",
          rider: "Two vocal mics and a DI",
          additionalTerms: "",
        });
        assert.equal(saved.status, 303);
        assert.equal(saved.headers.get("location"), `${page}?done=revise`);
        const after = await organizer.html(`${page}?done=revise`);
        assert.match(after, /The contract is updated/);
        assert.match(textOf(after, "[data-testid=version-line]"), /^Version 2,/);
        assert.match(
          textOf(after, "[data-testid=contract-text]"),
          /Organizer: Dev Events Private Limited, of 14 Hill/,
        );
        assert.match(textOf(after, "[data-testid=contract-text]"), /Rider: Two vocal mics and a DI/);
      },
    );

    await t.step("the PDF link serves the unsealed contract with the session cookie", async () => {
      const res = await organizer.go(`/api/v1/contracts/${contractId}/pdf`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/pdf");
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.equal(new TextDecoder().decode(bytes.subarray(0, 5)), "%PDF-");
    });

    await t.step("sent, voided with a reason, and drawn up again", async () => {
      const sent = await organizer.go(page, { intent: "send", contract: contractId });
      assert.equal(sent.status, 303);
      await sent.body?.cancel();
      assert.equal(textOf(await artist.html(page), "[data-testid=contract-status]"), "Out for signature");

      const noReason = await artist.go(page, { intent: "void", contract: contractId, reason: "" });
      assert.equal(noReason.status, 422);
      assert.equal(textOf(await noReason.text(), "#reason-error"), "Say why the contract is voided");
      const voided = await artist.go(page, {
        intent: "void",
        contract: contractId,
        reason: "Wrong band name",
      });
      assert.equal(voided.status, 303);
      await voided.body?.cancel();

      const html = await organizer.html(page);
      assert.equal(textOf(html, "[data-testid=contract-status]"), "Voided");
      assert.match(textOf(html, "[data-testid=voided]"), /Wrong band name/);
      assert.match(
        textOf(html, "[data-testid=verification]"),
        /^History intact: \d+ events, hash [0-9a-f]{64}/,
      );
      assert.ok(testIds(html).includes("generate-form"));
      assert.ok(!testIds(await member.html(page)).includes("generate-form"), "members draw up nothing");
      const bookingHtml = await organizer.html(`/bookings/${booking.id}`);
      assert.match(textOf(bookingHtml, "[data-testid=contract-card]"), /No contract is in force/);

      const drawn = await organizer.go(page, { intent: "generate" });
      assert.equal(drawn.status, 303);
      await drawn.body?.cancel();
      const fresh = await organizer.html(`${page}?done=generate`);
      assert.match(fresh, /A new contract is drawn up/);
      const newId = contractIdOn(fresh)!;
      assert.notEqual(newId, contractId);
      // A form read from the voided contract acts on nothing, whatever id it carries.
      const stale = await organizer.go(page, { intent: "send", contract: contractId });
      assert.equal(stale.status, 409);
      assert.match(await stale.text(), /contract has changed since the page was opened/);
      contractId = newId;
      const again = await organizer.go(page, { intent: "send", contract: contractId });
      assert.equal(again.status, 303);
      await again.body?.cancel();
    });

    await t.step("a band member reads the contract but has nothing to sign; strangers get 404", async () => {
      const html = await member.html(page);
      const ids = testIds(html);
      assert.ok(ids.includes("contract-text"));
      for (const form of ["sign-form", "void-form", "revise-form", "send-form"]) {
        assert.ok(!ids.includes(form), form);
      }
      assert.doesNotMatch(html, /Waiting for your signature/);
      const hidden = await stranger.go(page);
      assert.equal(hidden.status, 404);
      await hidden.body?.cancel();
      // A member posting a signature is refused by the service, and told why.
      const refused = await member.go(page, {
        intent: "sign",
        contract: contractId,
        documentHash: hashOn(await artist.html(page))!,
        fullName: "A Member",
        consent: "yes",
        password: PASSWORD,
      });
      assert.equal(refused.status, 403);
      assert.match(
        await refused.text(),
        /The band&#39;s manager signs for the band|The band's manager signs/,
      );
    });

    await t.step("both dashboards list the contract waiting for a signature", async () => {
      for (const [who, list] of [[artist, "act-to-sign"], [organizer, "organizer-to-sign"]] as const) {
        const html = await who.html("/dashboard");
        const card = find(parsePage(html), `[data-testid=${list}]`);
        assert.equal(card.querySelector("a")?.getAttribute("href"), page, list);
        assert.match(card.textContent ?? "", /Contract: Holi on the lawns/);
      }
    });

    await t.step(
      "the act's sign form shows each error next to its field, keeping what was typed",
      async () => {
        const html = await artist.html(page);
        assert.match(textOf(html, "[data-testid=must-sign]"), /Waiting for your signature/);
        const form = find(parsePage(html), "[data-testid=sign-form]");
        assert.equal(form.querySelector("#fullName")?.getAttribute("autocomplete"), "name");
        assert.equal(form.querySelector("#password")?.getAttribute("type"), "password");
        assert.equal(form.querySelector("#password")?.getAttribute("autocomplete"), "current-password");
        assert.match(form.textContent ?? "", /I agree to sign this contract electronically/);
        assert.match(form.textContent ?? "", /less than five minutes ago, so you may leave this empty/);
        const documentHash = hashOn(html)!;
        assert.equal(documentHash, textOf(html, "[data-testid=document-hash]"));
        const sign = (values: Record<string, string>) =>
          artist.go(page, { intent: "sign", contract: contractId, documentHash, ...values });

        const noName = await sign({ fullName: "", consent: "yes", password: PASSWORD });
        assert.equal(noName.status, 422);
        const noNameHtml = await noName.text();
        assert.equal(textOf(noNameHtml, "#fullName-error"), "Type your full legal name");
        assert.ok(find(parsePage(noNameHtml), "#consent").hasAttribute("checked"), "the tick is kept");

        const noConsent = await sign({ fullName: "Asha Rao", password: PASSWORD });
        assert.equal(noConsent.status, 422);
        const noConsentHtml = await noConsent.text();
        assert.equal(textOf(noConsentHtml, "#consent-error"), "Tick the box to agree to sign electronically");
        assert.equal(find(parsePage(noConsentHtml), "#fullName").getAttribute("value"), "Asha Rao");

        const wrong = await sign({ fullName: "Asha Rao", consent: "yes", password: "not-my-password" });
        assert.equal(wrong.status, 422);
        const wrongHtml = await wrong.text();
        assert.equal(textOf(wrongHtml, "#password-error"), "That is not your password");
        assert.equal(find(parsePage(wrongHtml), "#password").getAttribute("value"), null, "never echoed");
        assert.equal(find(parsePage(wrongHtml), "#fullName").getAttribute("value"), "Asha Rao");
        assert.equal(textOf(await artist.html(page), "[data-testid=contract-status]"), "Out for signature");
      },
    );

    await t.step("the act signs with its password", async () => {
      const documentHash = hashOn(await artist.html(page))!;
      const signed = await artist.go(page, {
        intent: "sign",
        contract: contractId,
        documentHash,
        fullName: "Asha Rao",
        consent: "yes",
        password: PASSWORD,
      });
      assert.equal(signed.status, 303, await signed.clone().text());
      assert.equal(signed.headers.get("location"), `${page}?done=sign`);
      await signed.body?.cancel();
      const html = await artist.html(`${page}?done=sign`);
      assert.match(html, /You signed the contract/);
      assert.equal(textOf(html, "[data-testid=contract-status]"), "Signed by the act");
      assert.match(textOf(html, "[data-testid=signed-by]"), /^Signed by Asha Rao \(the act\), /);
      assert.match(
        textOf(html, "[data-testid=signature-act]"),
        /Signed as “Asha Rao” on .*confirmed by password/,
      );
      assert.ok(!testIds(html).includes("sign-form"), "nothing more to sign");
    });

    await t.step(
      "the organizer needs a password after five minutes, and none after signing in again",
      async () => {
        await db.updateTable("sessions").set({ created_at: new Date(Date.now() - 10 * 60_000) })
          .where("user_id", "=", organizerAccount.id).execute();
        const html = await organizer.html(page);
        assert.match(
          textOf(html, "[data-testid=sign-form]"),
          /It may be left empty within five minutes of signing in/,
        );
        const documentHash = hashOn(html)!;
        const form = {
          intent: "sign",
          contract: contractId,
          documentHash,
          fullName: "Dev Mehta",
          consent: "yes",
        };
        const stale = await organizer.go(page, { ...form, password: "" });
        assert.equal(stale.status, 422);
        assert.match(textOf(await stale.text(), "#password-error"), /^Enter your password to sign/);

        await organizer.signIn(organizerAccount, page);
        assert.match(
          textOf(await organizer.html(page), "[data-testid=sign-form]"),
          /less than five minutes ago, so you may leave this empty/,
        );
        const signed = await organizer.go(page, { ...form, password: "" });
        assert.equal(signed.status, 303, await signed.clone().text());
        await signed.body?.cancel();
        const done = await organizer.html(page);
        assert.equal(textOf(done, "[data-testid=contract-status]"), "Signed by both");
        assert.match(textOf(done, "[data-testid=signature-organizer]"), /just after signing in/);
        assert.match(
          textOf(done, "[data-testid=verification]"),
          /^History intact: \d+ events, hash [0-9a-f]{64}/,
        );
        const ids = testIds(done);
        assert.ok(!ids.includes("void-form"), "once both signed, only an admin voids");
        assert.ok(!ids.includes("sign-form") && !ids.includes("revise-form"));
      },
    );

    await t.step(
      "the booking page shows the deposit as the next step; the dashboards are clear",
      async () => {
        const html = await artist.html(`/bookings/${booking.id}`);
        assert.match(textOf(html, "[data-testid=contract-card]"), /Signed by both/);
        assert.ok(!testIds(html).includes("deposit-waits"));
        assert.equal(textOf(html, "[data-testid=payment-step] h2"), "Deposit");
        const deposit = textsOf(parsePage(html), "[data-testid=payment-step] p").join(" ");
        assert.match(
          deposit,
          /^Next: the deposit of ₹[\d,]+ \(\d+% of the fee\) is due by \w{3}, \d{1,2} \w{3} \d{4}\./,
        );
        assert.match(deposit, /The organizer pays through Artist Space; the money is held until the show/);
        assert.ok(!testIds(html).includes("pay"), "only the organizer pays");
        assert.match(
          textOf(await artist.html("/dashboard"), "[data-testid=act-to-sign]"),
          /No contract is waiting/,
        );
      },
    );
  } finally {
    await app.close();
  }
});
