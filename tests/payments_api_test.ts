/**
 * Paying a booking through the whole app with the sandbox gateway, as a
 * browser without JavaScript does it: the organizer's booking page offers
 * the deposit (the act's does not), the plain form goes to the sandbox's
 * labelled checkout page, a declined test card is shown next to the form and
 * fails the payment through the sandbox's webhook, the success card comes
 * back through the return URL, and the booking is paid for both sides with a
 * GST tax invoice a PDF reader can open. Then the API around it: webhooks
 * forged, delivered twice or for no such gateway; the ways to pay; the
 * ledger; the act's earnings once the show is completed, as its owner and as
 * a member see them. And a server with no gateway at all says so.
 */
import assert from "node:assert/strict";
import type { Actor } from "../domain/access.ts";
import type { RoleName } from "../domain/roles.ts";
import { SANDBOX_CARDS } from "../integrations/payments/sandbox.ts";
import { openTestApp, type TestApp } from "./support/app.ts";
import { apiCaller, type SignedIn, signUp } from "./support/accounts.ts";
import { confirmedBooking, signBothSides } from "./support/contracts.ts";
import { find, parsePage } from "./support/dom.ts";
import { band, cityId } from "./support/fixtures.ts";
import { FormBrowser } from "./support/form_browser.ts";
import { pdfTool } from "./support/pdf_tools.ts";

const DAY = 86_400_000;
/** The opening offer of confirmedBooking: ₹40,000 with a 25% deposit. */
const FEE = 4_000_000;
const DEPOSIT = 1_000_000;

const asActor = (who: SignedIn, role: RoleName): Actor => ({
  userId: who.id,
  roles: [role],
  sessionId: crypto.randomUUID(),
});
const testIds = (html: string) => [...html.matchAll(/data-testid="([\w-]+)"/g)].map((m) => m[1]);
const textOf = (html: string, selector: string) =>
  (find(parsePage(html), selector).textContent ?? "").replace(/\s+/g, " ").trim();
/** The path and query of an absolute URL, which the test app is asked for. */
const local = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** A band of three in the test app: its manager and two members with a share of the act's pay each. */
async function bandOfThree(app: TestApp) {
  const db = app.database.db;
  const [manager, first, second] = [
    await signUp(app, "band_manager"),
    await signUp(app, "artist"),
    await signUp(app, "artist"),
  ];
  const { id: actId } = await band(db, manager.id, { name: "The Ledger Quartet" });
  for (const [member, share] of [[first, 3_000], [second, 2_000]] as const) {
    await db.insertInto("band_members").values({
      act_id: actId,
      user_id: member.id,
      status: "accepted",
      fee_share_bps: share,
      responded_at: new Date(),
    }).execute();
  }
  return { actId, manager, first, second };
}

Deno.test("paying the deposit with the sandbox, from the booking page to the tax invoice", async (t) => {
  const app = await openTestApp();
  const db = app.database.db;
  const sandbox = app.services.payments.sandbox!;
  const api = apiCaller(app);
  const dir = await Deno.makeTempDir({ prefix: "payments-api-" });
  try {
    const organizerAccount = await signUp(app, "organizer");
    const { actId, manager, first, second } = await bandOfThree(app);
    // In Karnataka, where the invoices' (demo) supplier is registered: CGST and SGST.
    const { bookingId } = await confirmedBooking(
      app.services.deps,
      asActor(organizerAccount, "organizer"),
      asActor(manager, "band_manager"),
      { actId, cityId: await cityId(db, "Bengaluru"), startsAt: new Date(Date.now() + 30 * DAY) },
    );
    await signBothSides(
      app.services.deps,
      asActor(organizerAccount, "organizer"),
      asActor(manager, "band_manager"),
      bookingId,
    );
    const [organizer, artist, member] = await Promise.all(
      [organizerAccount, manager, first].map(async (who, i) => {
        const b = new FormBrowser(app, `203.0.113.${81 + i}`);
        await b.signIn(who);
        return b;
      }),
    );
    const page = `/bookings/${bookingId}`;
    let checkoutPath = "";
    let paymentId = "";

    await t.step("the organizer's page has the Pay button and says it is the sandbox", async () => {
      const html = await organizer.html(page);
      assert.match(textOf(html, "[data-testid=pay]"), /^Pay ₹10,000$/);
      assert.match(
        textOf(html, "[data-testid=payment-step]"),
        /Sandbox: this server takes test payments only/,
      );
      const form = find(parsePage(html), "[data-testid=pay]").closest("form")!;
      assert.equal(form.getAttribute("method"), "post");
      assert.equal(form.getAttribute("action"), page);
    });

    await t.step("the act sees what is due but has nothing to pay; a member sees no money", async () => {
      const html = await artist.html(page);
      assert.match(textOf(html, "[data-testid=payment-step]"), /The organizer pays through Artist Space/);
      assert.ok(!testIds(html).includes("pay"));
      const members = await member.html(page);
      assert.ok(!testIds(members).includes("payment-step"));
      assert.ok(!testIds(members).includes("payments-card"));
    });

    await t.step(
      "paying sends the organizer to the sandbox's checkout page, which needs no script",
      async () => {
        const res = await organizer.go(page, { intent: "pay" });
        assert.equal(res.status, 303, await res.clone().text());
        checkoutPath = local(res.headers.get("location")!);
        assert.match(checkoutPath, /^\/sandbox\/checkout\/sbx_order_\w+$/);
        const html = await organizer.html(checkoutPath);
        assert.match(textOf(html, "[data-testid=sandbox-banner]"), /Only test cards and UPI ids work/);
        assert.match(html, /Pay ₹10,000/);
        for (const method of ["card", "upi"]) {
          const form = find(parsePage(html), `[data-testid=sandbox-${method}]`);
          assert.equal(form.getAttribute("method"), "post");
          assert.ok(form.querySelector(`input[name=${method}]`));
        }
        const [row] = await db.selectFrom("payments").select(["id", "status", "idempotency_key"])
          .where("booking_id", "=", bookingId).execute();
        assert.deepEqual(
          { status: row.status, key: row.idempotency_key },
          { status: "initiated", key: `booking:${bookingId}:deposit:1` },
        );
        paymentId = row.id;
      },
    );

    await t.step(
      "a declined test card is shown next to the form, and the webhook fails the payment",
      async () => {
        const res = await organizer.go(checkoutPath, { method: "card", card: SANDBOX_CARDS.declined });
        assert.equal(res.status, 422);
        const html = await res.text();
        const alert = find(parsePage(html), "[role=alert]");
        assert.equal(alert.textContent, "The card was declined by the issuing bank (test card)");
        assert.equal(alert.nextElementSibling?.getAttribute("data-testid"), "sandbox-upi");
        assert.match(html, new RegExp(`value="${SANDBOX_CARDS.declined}"`));
        await sandbox.settled();
        const { body } = await api(organizerAccount, "GET", `/payments/${paymentId}`);
        assert.equal(body.data.payment.status, "failed");
        assert.equal(
          body.data.payment.failureReason,
          "The card was declined by the issuing bank (test card)",
        );
      },
    );

    await t.step("the success card returns through the return URL to the booking, paid", async () => {
      const paid = await organizer.go(checkoutPath, { method: "card", card: SANDBOX_CARDS.success });
      assert.equal(paid.status, 303, await paid.clone().text());
      const back = local(paid.headers.get("location")!);
      assert.ok(back.startsWith(`/bookings/${bookingId}/payments/${paymentId}/return?`), back);
      const returned = await organizer.go(back);
      assert.equal(returned.status, 303, await returned.clone().text());
      assert.equal(returned.headers.get("location"), `/bookings/${bookingId}?done=paid`);
      await sandbox.settled();
      for (const who of [organizerAccount, manager]) {
        const { status, body } = await api(who, "GET", `/bookings/${bookingId}`);
        assert.equal(status, 200);
        assert.equal(body.data.booking.status, "paid_deposit");
      }
    });

    let invoiceNumber = "";
    await t.step("the booking page shows the payment with its tax invoice", async () => {
      const html = await organizer.html(`/bookings/${bookingId}?done=paid`);
      assert.match(textOf(html, "[role=status]"), /^Payment received\./);
      const history = textOf(html, "[data-testid=payment-history]");
      assert.match(history, /^Deposit ₹10,000 by card, .+ \(sandbox\)Received/);
      assert.match(history, /Received/);
      const link = find(parsePage(html), "[data-testid=invoice-link]");
      assert.equal(link.getAttribute("href"), `/api/v1/payments/${paymentId}/invoice`);
      invoiceNumber = /^Tax invoice (AS\/\d{4}-\d{2}\/\d+)$/.exec(link.textContent!.trim())?.[1] ?? "";
      assert.ok(invoiceNumber, link.textContent!);
      // What is due next is the rest of the fee.
      assert.match(textOf(html, "[data-testid=payment-step]"), /Next: ₹30,000 is due by /);
    });

    await t.step("the invoice is a sound PDF with the number, SAC, GSTINs and CGST and SGST", async () => {
      const res = await organizer.go(`/api/v1/payments/${paymentId}/invoice`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/pdf");
      const file = `${dir}/invoice.pdf`;
      await Deno.writeFile(file, await res.bytes());
      const check = await pdfTool("qpdf", "--check", file);
      assert.equal(check.code, 0, check.out);
      const { code, out } = await pdfTool("pdftotext", "-layout", file, "-");
      assert.equal(code, 0, out);
      for (const expected of [invoiceNumber, "999631", "GSTIN: 29AAACA1234A1ZG", "GSTIN: Not registered"]) {
        assert.ok(out.includes(expected), `${expected} in:\n${out}`);
      }
      assert.match(out, /Place of supply\s+Karnataka \(29\)/);
      assert.match(out, /CGST at 9%/);
      assert.match(out, /SGST at 9%/);
      assert.ok(!out.includes("IGST"), out);
    });

    await t.step(
      "webhooks: a forgery stores nothing, a redelivery is a duplicate, no such gateway 404",
      async () => {
        const stored = async () =>
          (await db.selectFrom("gateway_events").select("event_id").execute()).length;
        const before = await stored();
        const captured = app.sandboxWebhooks.find((w) => JSON.parse(w.body).type === "payment.captured")!;
        const event = JSON.parse(captured.body);
        const post = (gateway: string, body: string) =>
          app.request(`/api/v1/payments/webhooks/${gateway}`, {
            method: "POST",
            body,
            headers: captured.headers,
          });

        const forged = await post("sandbox", JSON.stringify({ ...event, id: "evt_forged" }));
        assert.equal(forged.status, 400);
        assert.equal((await forged.json()).error.code, "INVALID_SIGNATURE");
        assert.equal(await stored(), before);

        const again = await post("sandbox", captured.body);
        assert.equal(again.status, 200);
        assert.equal((await again.json()).data.outcome, "duplicate");
        assert.equal(await stored(), before);

        const elsewhere = await post("paypal", captured.body);
        assert.equal(elsewhere.status, 404);
        assert.equal((await elsewhere.json()).error.code, "NOT_FOUND");
        // Razorpay is a gateway, just not one configured here.
        const unconfigured = await post("razorpay", captured.body);
        assert.equal(unconfigured.status, 404);
        await unconfigured.body?.cancel();
      },
    );

    await t.step("the ways to pay rupees here are the sandbox's", async () => {
      const { status, body } = await api(null, "GET", "/payments/methods?currency=inr");
      assert.equal(status, 200);
      assert.deepEqual(body.data.methods, {
        currency: "INR",
        gateway: "sandbox",
        sandbox: true,
        methods: ["upi", "card"],
      });
    });

    await t.step("the ledger holds the deposit in escrow and sums to zero", async () => {
      const { status, body } = await api(organizerAccount, "GET", `/payments/ledger?bookingId=${bookingId}`);
      assert.equal(status, 200);
      const { ledger } = body.data;
      assert.equal(ledger.currency, "INR");
      const balances = Object.fromEntries(
        ledger.balances.map((
          b: { account: string; balance: number },
        ) => [b.account.split(":")[0], b.balance]),
      );
      assert.equal(balances.escrow, DEPOSIT);
      assert.equal(balances.organizer_funds, -DEPOSIT);
      // The sandbox keeps 2%, which the platform bears.
      assert.equal(balances.gateway_fees, DEPOSIT * 0.02);
      assert.equal(ledger.balances.reduce((sum: number, b: { balance: number }) => sum + b.balance, 0), 0);
      assert.deepEqual(ledger.postings.map((p: { kind: string }) => p.kind), ["capture"]);
    });

    await t.step("earnings: held until the show is completed, then released and split", async () => {
      const before = await api(manager, "GET", `/artists/${actId}/earnings`);
      assert.equal(before.status, 200);
      assert.deepEqual(before.body.data.earnings.totals, [
        { currency: "INR", held: DEPOSIT, released: 0, paidOut: 0, members: [] },
      ]);

      const scheduled = await api(organizerAccount, "POST", `/bookings/${bookingId}/schedule`);
      assert.equal(scheduled.status, 200, JSON.stringify(scheduled.body));
      // The show has been played: it is moved into the past rather than waiting for it.
      await db.updateTable("bookings").set({ starts_at: new Date(Date.now() - 2 * DAY) })
        .where("id", "=", bookingId).execute();
      const completed = await api(organizerAccount, "POST", `/bookings/${bookingId}/complete`);
      assert.equal(completed.status, 200, JSON.stringify(completed.body));

      // 10% platform fee on the ₹10,000 released; the members have 30% and 20% of the rest.
      const released = DEPOSIT * 0.9;
      const shares = [
        { userId: first.id, amount: released * 0.3 },
        { userId: second.id, amount: released * 0.2 },
      ];
      const owner = await api(manager, "GET", `/artists/${actId}/earnings`);
      assert.equal(owner.status, 200);
      const [total] = owner.body.data.earnings.totals;
      assert.deepEqual(
        {
          ...total,
          members: total.members.map(({ userId, amount }: typeof shares[0]) => ({ userId, amount })),
        },
        { currency: "INR", held: 0, released, paidOut: 0, members: shares },
      );
      const [row] = owner.body.data.earnings.bookings;
      assert.deepEqual(
        { bookingId: row.bookingId, held: row.held, released: row.released, platformFee: row.platformFee },
        { bookingId, held: 0, released, platformFee: DEPOSIT * 0.1 },
      );
      // Paid out to the band and to each member once the dispute window closes; held at the gateway till then.
      assert.equal(row.payoutsHeld.amount, released);

      const own = await api(first, "GET", `/artists/${actId}/earnings`);
      assert.equal(own.status, 200);
      assert.deepEqual(own.body.data.earnings.totals[0].members.map((m: typeof shares[0]) => m.amount), [
        shares[0].amount,
      ]);
      assert.equal(own.body.data.earnings.totals[0].members[0].userId, first.id);
      assert.equal(own.body.data.earnings.bookings[0].members.length, 1);

      const ledger = await api(organizerAccount, "GET", `/payments/ledger?bookingId=${bookingId}`);
      const { balances, postings } = ledger.body.data.ledger;
      assert.deepEqual(postings.map((p: { kind: string }) => p.kind), ["capture", "release", "band_split"]);
      assert.equal(balances.reduce((sum: number, b: { balance: number }) => sum + b.balance, 0), 0);
    });

    await t.step("the balance is still to pay, for the rest of the fee", async () => {
      const { body } = await api(organizerAccount, "GET", `/bookings/${bookingId}/payments`);
      const view = body.data.payments;
      assert.equal(view.paid, DEPOSIT);
      assert.deepEqual(view.next, { amount: FEE - DEPOSIT, label: view.next.label, type: "final" });
      assert.equal(view.gateway, "sandbox");
    });
  } finally {
    await app.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("with no gateway configured, paying is refused and the booking page says so", async () => {
  const app = await openTestApp({ PAYMENTS_SANDBOX: "false" });
  try {
    const organizerAccount = await signUp(app, "organizer");
    const owner = await signUp(app, "band_manager");
    const { id: actId } = await band(app.database.db, owner.id);
    const organizerActor = asActor(organizerAccount, "organizer");
    const ownerActor = asActor(owner, "band_manager");
    const { bookingId } = await confirmedBooking(app.services.deps, organizerActor, ownerActor, {
      actId,
      cityId: await cityId(app.database.db, "Pune"),
      startsAt: new Date(Date.now() + 30 * DAY),
    });
    await signBothSides(app.services.deps, organizerActor, ownerActor, bookingId);

    const api = apiCaller(app);
    const started = await api(organizerAccount, "POST", "/payments", { bookingId });
    assert.equal(started.status, 503);
    assert.equal(started.body.error.code, "SERVICE_UNAVAILABLE");
    const methods = await api(null, "GET", "/payments/methods?currency=INR");
    assert.deepEqual(methods.body.data.methods, {
      currency: "INR",
      gateway: null,
      sandbox: false,
      methods: [],
    });

    const organizer = new FormBrowser(app, "203.0.113.91");
    await organizer.signIn(organizerAccount);
    const html = await organizer.html(`/bookings/${bookingId}`);
    assert.match(textOf(html, "[data-testid=payments-off]"), /Payments in INR are not configured/);
    assert.ok(!testIds(html).includes("pay"));
    const refused = await organizer.go(`/bookings/${bookingId}`, { intent: "pay" });
    assert.equal(refused.status, 503);
    assert.match(await refused.text(), /Payments in INR are not configured on this server/);
    const rows = await app.database.db.selectFrom("payments").select("id").execute();
    assert.equal(rows.length, 0);
  } finally {
    await app.close();
  }
});
