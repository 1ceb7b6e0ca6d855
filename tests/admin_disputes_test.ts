/**
 * Disputes in the admin console, without JavaScript. A real booking (signed
 * contract, deposit paid through the sandbox, disputed by the organizer after
 * the show started) and its conversation, one message of which the organizer
 * disclosed: staff and admins see the list and the case (terms, contract,
 * payments, timeline, the disclosed message and never the other); staff
 * cannot rule (no form, 403 on a post); bad amounts and a missing reason are
 * shown beside their fields; an admin refunds part: the booking is refunded,
 * the refund is requested and then sent through the gateway, both parties
 * are told the reason, and the act's trust score, ruled against, is
 * recomputed.
 */
import assert from "node:assert/strict";
import type { Actor } from "../domain/access.ts";
import type { RoleName } from "../domain/roles.ts";
import * as bookings from "../services/bookings/bookings.ts";
import { openConversation } from "../services/messages/conversations.ts";
import { discloseMessages } from "../services/messages/disclosures.ts";
import { sendDueRefunds } from "../services/payments/refunds.ts";
import { recomputeTrust } from "../services/trust/recompute.ts";
import { openTestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { signedBooking } from "./support/contracts.ts";
import { find, parsePage } from "./support/dom.ts";
import { act, cityId } from "./support/fixtures.ts";
import { readWith, send, withKeys } from "./support/messages.ts";
import { payDue, withSandbox } from "./support/payments.ts";

const DAY = 86_400_000;
const meta = { ip: null, userAgent: null };
const asActor = (who: SignedIn, role: RoleName): Actor => ({
  userId: who.id,
  roles: [role],
  sessionId: crypto.randomUUID(),
});

Deno.test("the console's disputes: the case, its evidence, and an admin's ruling", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const [organizerAccount, artistAccount, staff, admin] = [
      await signUp(app, "organizer"),
      await signUp(app, "artist"),
      await signUp(app, "staff"),
      await signUp(app, "admin"),
    ];
    const organizer = asActor(organizerAccount, "organizer");
    const artist = asActor(artistAccount, "artist");
    // The booking's life runs on a clock of its own, so the show can be over.
    const clock = { now: new Date() };
    const deps = { ...app.services.deps, now: () => clock.now };
    const p = withSandbox(deps);
    const { id: actId } = await act(db, artist.userId, { name: "Ishaan Qawwal" });
    const startsAt = new Date(clock.now.getTime() + 5 * DAY);
    const { bookingId } = await signedBooking(deps, organizer, artist, {
      actId,
      startsAt,
      cityId: await cityId(db),
    });
    // The deposit: 25% of 40,000 rupees.
    await payDue(p, organizer, bookingId);
    await bookings.scheduleBooking(deps, organizer, bookingId, meta);
    const { conversation } = await openConversation(db, organizer, { bookingId });
    const messages = app.services.messages;
    const o = await withKeys(messages, organizer);
    const a = await withKeys(messages, artist);
    const promise = await send(messages, a, conversation.id, "We will be on stage at 8 pm sharp");
    await send(messages, a, conversation.id, "Private: our drummer is ill");
    const opened = readWith(o.devices[0], promise);
    await discloseMessages(messages, organizer, conversation.id, {
      messages: [{ messageId: promise.id, content: opened.contentText, frankingKey: opened.frankingKey }],
    }, meta);
    clock.now = new Date(startsAt.getTime() + 30 * 60_000);
    await bookings.disputeBooking(deps, organizer, bookingId, {
      reason: "The act came on at 10 pm and played half the set.",
    }, meta);
    const path = `/admin/disputes/${bookingId}`;
    const page = async (who: SignedIn, url = path) => {
      const res = await app.request(url, { headers: who.headers });
      assert.equal(res.status, 200, url);
      return parsePage(await res.text());
    };
    const rule = (who: SignedIn, form: Record<string, string>) =>
      app.request(path, {
        method: "POST",
        headers: { ...who.headers, Origin: "http://localhost" },
        body: new URLSearchParams(form),
        redirect: "manual",
      });

    await t.step("the list: who raised it, why, when, and what was paid", async () => {
      const refused = await app.request("/admin/disputes", { headers: organizerAccount.headers });
      assert.equal(refused.status, 403);
      await refused.body?.cancel();
      const doc = await page(staff, "/admin/disputes");
      const item = find(doc, "[data-testid=dispute]");
      assert.equal(find(item, "h2 a").getAttribute("href"), path);
      assert.match(item.textContent ?? "", /by Test \d+, the organizer/);
      assert.match(find(item, "[data-testid=reason]").textContent ?? "", /played half the set/);
      assert.match(find(item, "[data-testid=paid]").textContent ?? "", /Paid ₹10,000 of ₹40,000/);
    });

    await t.step("the case: terms, contract, payments, timeline and only the disclosed message", async () => {
      const doc = await page(staff);
      const text = doc.body.textContent ?? "";
      assert.match(find(doc, "[data-testid=dispute]").textContent ?? "", /played half the set/);
      assert.match(text, /₹40,000/, "the terms");
      assert.match(find(doc, "[data-testid=contract-card]").textContent ?? "", /Signed/i);
      assert.ok(find(doc, "[data-testid=contract-pdf]").getAttribute("href")?.endsWith("/pdf"));
      assert.match(find(doc, "[data-testid=payment-history]").textContent ?? "", /10,000/);
      assert.match(find(doc, "[data-testid=timeline]").textContent ?? "", /raised a dispute/);
      const disclosed = find(doc, "[data-testid=disclosures]").textContent ?? "";
      assert.match(disclosed, /on stage at 8 pm sharp/);
      assert.match(disclosed, /Verified/);
      assert.doesNotMatch(text, /drummer is ill/);
    });

    await t.step("staff see the case but cannot rule", async () => {
      const doc = await page(staff);
      assert.equal(doc.querySelector("[data-testid=ruling-form]"), null);
      assert.ok(find(doc, "[data-testid=admins-rule]"));
      const refused = await rule(staff, { outcome: "release", reason: "Looks fine to me" });
      assert.equal(refused.status, 403);
      await refused.body?.cancel();
      const row = await db.selectFrom("bookings").select("status").where("id", "=", bookingId)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "disputed");
    });

    await t.step("bad amounts and a missing reason are shown beside their fields", async () => {
      assert.ok(find(await page(admin), "[data-testid=ruling-form]"));
      for (
        const [form, field, message] of [
          [{ outcome: "refund", refund: "lots", reason: "Half the set" }, "refund", /Only digits and commas/],
          [{ outcome: "refund", refund: "", reason: "Half the set" }, "refund", /Enter the amount/],
          [{ outcome: "refund", refund: "10,000.01", reason: "Half the set" }, "refund", /At most ₹10,000/],
          [{ outcome: "refund", refund: "4,000", reason: "" }, "reason", /reason for the ruling/],
        ] as const
      ) {
        const res = await rule(admin, form);
        assert.equal(res.status, 422, JSON.stringify(form));
        const doc = parsePage(await res.text());
        assert.match(find(doc, `#${field}-error`).textContent ?? "", message);
        assert.equal(find(doc, `#${field}`).getAttribute("aria-invalid"), "true");
        assert.equal(find(doc, "#refund").getAttribute("value") ?? "", form.refund, "what was typed stays");
      }
    });

    await t.step(
      "an admin refunds part: refunded, refund sent, both told why, the act's score recomputed",
      async () => {
        await db.transaction().execute((trx) =>
          recomputeTrust(
            trx,
            { type: "act", id: actId },
            "Test baseline",
            { bookingId: null, event: null },
            new Date(),
          )
        );
        const before = await db.selectFrom("acts").select("trust_score").where("id", "=", actId)
          .executeTakeFirstOrThrow();
        const reason = "The act started two hours late and played half the set; half the deposit goes back.";
        const ruled = await rule(admin, { outcome: "refund", refund: "5,000.50", reason });
        assert.equal(ruled.status, 303, await ruled.clone().text());
        assert.equal(ruled.headers.get("location"), `${path}?done=ruled`);

        const booking = await db.selectFrom("bookings").select(["status", "refund_due"])
          .where("id", "=", bookingId).executeTakeFirstOrThrow();
        assert.deepEqual([booking.status, booking.refund_due], ["refunded", 500_050]);
        const event = await db.selectFrom("booking_events").select(["party", "detail"])
          .where("booking_id", "=", bookingId).where("event", "=", "resolve").executeTakeFirstOrThrow();
        assert.equal(event.party, "admin");
        assert.deepEqual(event.detail, { outcome: "refund", amount: 500_050, reason });
        const refunds = await db.selectFrom("payment_refunds").select([
          "amount",
          "reason",
          "status",
          "requested_by",
        ])
          .where("booking_id", "=", bookingId).execute();
        assert.deepEqual(refunds, [{
          amount: 500_050,
          reason: "ruling",
          status: "requested",
          requested_by: admin.id,
        }]);

        for (const who of [organizer, artist]) {
          const notice = await db.selectFrom("notifications").select("body").where("user_id", "=", who.userId)
            .orderBy("created_at", "desc").executeTakeFirstOrThrow();
          assert.match(notice.body ?? "", /ruled on the dispute/);
          assert.match(notice.body ?? "", /₹5,000\.50 is refunded to the organizer/);
          assert.ok(notice.body?.includes(reason), notice.body ?? "");
        }

        const history = await db.selectFrom("trust_score_history").select([
          "reason",
          "old_score",
          "new_score",
        ])
          .where("subject_type", "=", "act").where("subject_id", "=", actId).where("event", "=", "resolve")
          .executeTakeFirstOrThrow();
        assert.match(history.reason, /The dispute over “Contract test evening” was ruled on/);
        assert.equal(Number(history.old_score), Number(before.trust_score));
        assert.ok(
          Number(history.new_score) < Number(history.old_score),
          "ruled against, the act's score falls",
        );

        // The gateway is asked by the refund worker, with the ruling's amount.
        assert.equal(await sendDueRefunds(p.deps), 1);
        const sent = await db.selectFrom("payment_refunds").select("status").where(
          "booking_id",
          "=",
          bookingId,
        )
          .executeTakeFirstOrThrow();
        assert.equal(sent.status, "processed");
        const payment = await db.selectFrom("payments").select("refunded_amount").where(
          "booking_id",
          "=",
          bookingId,
        )
          .executeTakeFirstOrThrow();
        assert.equal(payment.refunded_amount, 500_050);

        const doc = await page(admin, `${path}?done=ruled`);
        assert.equal(doc.querySelector("[data-testid=ruling-form]"), null);
        const recorded = find(doc, "[data-testid=ruled]").textContent ?? "";
        assert.ok(recorded.includes(reason));
        assert.match(recorded, /₹5,000\.50 refunded to the organizer, the rest released to the act\./);
        assert.ok(find(await page(staff, "/admin/disputes"), "[data-testid=no-disputes]"));
      },
    );
  } finally {
    await app.close();
  }
});
