/**
 * Webhook throughput: how many payment events per second the app applies
 * with every effect (the event recorded once, the payment moved, the ledger
 * posted, the GST invoice numbered, the booking paid and both sides told),
 * on PGlite and on PostgreSQL when TEST_DATABASE_URL is set. The events are
 * the sandbox gateway's own signed `payment.captured` webhooks for BOOKINGS
 * signed bookings, delivered CONCURRENCY at a time through the webhook
 * service; then delivered all again, to time the duplicates' path. Figures
 * only: they depend on the machine.
 */
import { hasPostgres, openTestDatabase } from "../tests/support/db.ts";
import { confirmedBooking, signBothSides } from "../tests/support/contracts.ts";
import { act, cityId, person } from "../tests/support/fixtures.ts";
import { withSandbox } from "../tests/support/payments.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { startPayment } from "../services/payments/checkout.ts";
import { receiveWebhook } from "../services/payments/webhooks.ts";
import { SANDBOX_CARDS } from "../integrations/payments/sandbox.ts";

const BOOKINGS = 200;
const CONCURRENCY = 16;
const DAY = 86_400_000;

async function deliverAll(
  run: (i: number) => Promise<unknown>,
  count: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) await run(next++);
  }));
  return count / ((performance.now() - started) / 1000);
}

async function onEngine(driver: "pglite" | "pg"): Promise<string> {
  const t = await openTestDatabase({ driver });
  try {
    const deps: WorkflowDeps = {
      db: t.db,
      sendEmail: () => Promise.resolve(),
      origin: "https://artistspace.test",
      now: () => new Date(),
      money: {
        platformFeeBps: 1_000,
        invoiceSupplier: {
          legalName: "Bench Supplier",
          address: "Bengaluru, Karnataka",
          gstin: "29AAACA1234A1ZG",
        },
      },
    };
    const payments = withSandbox(deps, { keepWebhooks: true });
    const city = await cityId(t.db);
    const organizer = await person(t.db, "organizer");
    for (let i = 0; i < BOOKINGS; i++) {
      const artist = await person(t.db, "artist");
      const { id: actId } = await act(t.db, artist.userId, { name: `Bench act ${i}` });
      const made = await confirmedBooking(deps, organizer, artist, {
        actId,
        startsAt: new Date(Date.now() + (30 + i) * DAY),
        cityId: city,
      });
      await signBothSides(deps, organizer, artist, made.bookingId);
      const { payment } = await startPayment(payments.deps, organizer, made.bookingId);
      const { checkout_ref } = await t.db.selectFrom("payments").select("checkout_ref")
        .where("id", "=", payment.id).executeTakeFirstOrThrow();
      await payments.sandbox.pay(checkout_ref!, "card", SANDBOX_CARDS.success);
    }
    await payments.sandbox.settled();
    const events = payments.kept;
    const deliver = (i: number) =>
      receiveWebhook(payments.deps, "sandbox", events[i].body, events[i].headers);
    const applied = await deliverAll(deliver, events.length);
    const duplicates = await deliverAll(deliver, events.length);
    const paid = await t.db.selectFrom("bookings").select((eb) => eb.fn.countAll<string>().as("n"))
      .where("status", "=", "paid_deposit").executeTakeFirstOrThrow();
    if (Number(paid.n) !== BOOKINGS) throw new Error(`${paid.n} of ${BOOKINGS} bookings were paid`);
    return `  ${driver.padEnd(8)} applied ${applied.toFixed(0).padStart(5)} events/s, ` +
      `duplicates ${
        duplicates.toFixed(0).padStart(5)
      } events/s (${events.length} events, ${CONCURRENCY} at a time)`;
  } finally {
    await t.close();
  }
}

export async function reportPaymentWebhooks(): Promise<void> {
  console.log("payment webhooks, verified and applied with every effect:");
  console.log(await onEngine("pglite"));
  if (hasPostgres) console.log(await onEngine("pg"));
  else console.log("  PostgreSQL: skipped (set TEST_DATABASE_URL to a server to include it)");
}

if (import.meta.main) await reportPaymentWebhooks();
