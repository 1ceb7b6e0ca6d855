/**
 * Demo data for development, seeded by `deno task start` and `deno task
 * db:seed` alike: the demo users can sign in with DEMO_PASSWORD (README).
 * `money` is the platform's fee and invoicing as the server runs them, so the
 * demo's payments carry the fee and the tax invoices the server would make;
 * `frankingKey` is the server's, which countersigns the demo's messages.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { seedDemoData } from "../db/seed.ts";
import { seedCatalog } from "../db/seed_catalog.ts";
import { seedBookings } from "../db/seed_bookings.ts";
import { seedDesks } from "../db/seed_desks.ts";
import { seedHistory } from "../db/seed_history.ts";
import { hashPassword } from "../services/auth/passwords.ts";
import type { MoneySettings } from "../services/payments/settings.ts";
import { recomputeAllTrust } from "../services/trust/nightly.ts";
import { seedDemoContracts } from "./demo_contracts.ts";
import { seedDemoPayments } from "./demo_payments.ts";
import { seedDemoMessages } from "./demo_messages.ts";

export const DEMO_PASSWORD = "Demo-Stage-2026";
/** What the history of each demo score says of its first value. */
export const HISTORY_REASON = "Scored from the bookings, payments and reviews of the last two years";

export async function seedDemo(
  db: Kysely<Database>,
  options: { money?: MoneySettings; frankingKey?: Uint8Array } = {},
): Promise<{ seeded: boolean; users: number }> {
  const empty = !(await db.selectFrom("users").select("id").limit(1).executeTakeFirst());
  // Hashing costs 0.4 s: only when there is something to seed.
  const result = empty
    ? await seedDemoData(db, { passwordHash: await hashPassword(DEMO_PASSWORD) })
    : { seeded: false, users: 0 };
  // After the users, so a fresh start shows a catalogue; it skips itself once acts exist.
  await seedCatalog(db);
  // Upcoming gigs with applications from the catalogue's acts; skips itself once there are any.
  await seedBookings(db, { now: new Date() });
  const now = new Date();
  // Two years of the catalogue's bookings, payments and reviews; skips itself once they exist.
  const past = await db.transaction().execute((trx) => seedHistory(trx, { now }));
  // The demo people's own acts and bookings; skips itself once they own an act.
  await db.transaction().execute((trx) => seedDesks(trx, now));
  // Their bookings' contracts, as far as each booking's state requires; a booking with one keeps it.
  await seedDemoContracts(db, now);
  // The band's past show paid and completed through the payment services; skips itself once it is.
  await seedDemoPayments(db, now, options.money);
  // Keys for the demo people and their bookings' private conversations; skips itself once they have keys.
  if (options.frankingKey) await seedDemoMessages(db, now, options.frankingKey);
  // Every score earned from that history, as the nightly pass would compute it; only on the start that wrote it.
  if (past > 0) await recomputeAllTrust({ db, now: () => now }, HISTORY_REASON);
  return result;
}
