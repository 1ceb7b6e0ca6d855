/**
 * The console's health: the sweeper records each job's run (and a failure with its error), keeps only the
 * newest runs; the health page shows a failed e-mail with its error but never its sealed payload, the jobs'
 * last runs and successes, and a webhook event that matched no payment; the front page says it needs a look.
 */
import assert from "node:assert/strict";
import { createSweeper, KEPT_RUNS } from "../server/jobs.ts";
import { JOB_NAMES } from "../domain/jobs.ts";
import { openTestApp } from "./support/app.ts";
import { bookingCast } from "./support/booking_cast.ts";
import { find, parsePage } from "./support/dom.ts";
import { FormBrowser } from "./support/form_browser.ts";

const SECRET = "tok_payload_never_shown_0123456789";

Deno.test("health: job runs, a failed e-mail and an unmatched webhook, for staff to see", async (t) => {
  const app = await openTestApp();
  try {
    const db = app.database.db;
    const { people } = await bookingCast(app);
    const staff = new FormBrowser(app, "203.0.113.80");
    await staff.signIn(people.staff);
    const paymentDeps = { ...app.services.deps, gateways: app.services.payments };

    await t.step("a pass records a succeeded run of every job, and keeps only the newest runs", async () => {
      const old = new Date(Date.now() - 30 * 86_400_000);
      await db.insertInto("job_runs").values(
        Array.from({ length: KEPT_RUNS + 20 }, (_, i) => ({
          job: "expire_holds",
          status: "succeeded" as const,
          started_at: new Date(old.getTime() + i * 60_000),
          finished_at: new Date(old.getTime() + i * 60_000 + 10),
          result: JSON.stringify({ count: 0 }),
        })),
      ).execute();
      await createSweeper(paymentDeps, app.services.calls).runOnce();
      const runs = await db.selectFrom("job_runs").select(["job", "status", "result", "finished_at"])
        .orderBy("started_at", "desc").execute();
      for (const job of JOB_NAMES) {
        const latest = runs.find((r) => r.job === job);
        assert.equal(latest?.status, "succeeded", job);
        assert.ok(latest.finished_at && latest.result, job);
      }
      assert.equal(runs.filter((r) => r.job === "expire_holds").length, KEPT_RUNS);
    });

    await t.step(
      "a job that throws is recorded as failed with its error, the jobs after it still run, and the pass fails",
      async () => {
        const started = new Date();
        const broken = {
          ...app.services.calls,
          now: (): Date => {
            throw new Error("the calls database is unreachable");
          },
        };
        await assert.rejects(createSweeper(paymentDeps, broken).runOnce(), /unreachable/);
        const run = await db.selectFrom("job_runs").selectAll().where("job", "=", "sweep_calls")
          .orderBy("started_at", "desc").executeTakeFirstOrThrow();
        assert.equal(run.status, "failed");
        assert.equal(run.error, "Error: the calls database is unreachable");
        for (const job of ["reconcile_payments", "recompute_trust"]) {
          const after = await db.selectFrom("job_runs").select("status").where("job", "=", job)
            .where("started_at", ">=", started).executeTakeFirstOrThrow();
          assert.equal(after.status, "succeeded", job);
        }
      },
    );

    await db.insertInto("outbox").values({
      channel: "email",
      recipient: "bounced@example.in",
      template: "password_reset",
      payload: new TextEncoder().encode(SECRET),
      status: "failed",
      attempts: 8,
      last_error: "550 5.1.1 mailbox unavailable",
    }).execute();
    await db.insertInto("gateway_events").values({
      gateway: "sandbox",
      event_id: "evt_orphan_1",
      type: "payment.captured",
      fact: JSON.stringify({
        kind: "payment_captured",
        checkoutRef: "sbx_order_nobody_knows",
        paymentRef: "pay_1",
        amount: 100,
        currency: "INR",
        fee: 0,
        method: "upi",
        occurredAt: new Date().toISOString(),
      }),
      received_at: new Date(),
    }).execute();

    await t.step("the health page shows them, and never the e-mail's payload", async () => {
      const html = await staff.html("/admin/health");
      assert.ok(!html.includes(SECRET));
      const doc = parsePage(html);
      const outbox = find(doc, "[data-testid=outbox-problems]").textContent!;
      assert.match(outbox, /Given up: password_reset to bounced@example\.in, 8 attempts/);
      assert.match(outbox, /550 5\.1\.1 mailbox unavailable/);
      assert.match(find(doc, "[data-testid=job-sweep_calls]").textContent!, /failed/);
      assert.match(find(doc, "[data-testid=job-expire_offers]").textContent!, /succeeded/);
      assert.doesNotMatch(find(doc, "[data-testid=job-expire_offers]").textContent!, /overdue/);
      assert.match(find(doc, "[data-testid=job-runs]").textContent!, /the calls database is unreachable/);
      assert.match(find(doc, "[data-testid=unmatched-webhooks]").textContent!, /evt_orphan_1/);
    });

    await t.step("the front page says the platform needs a look", async () => {
      const doc = parsePage(await staff.html("/admin"));
      const summary = find(doc, "[data-testid=health-summary]").textContent!;
      assert.match(summary, /needs a look/);
      assert.match(summary, /1 given up/);
      assert.match(summary, /1 unmatched webhook events/);
    });
  } finally {
    await app.close();
  }
});
