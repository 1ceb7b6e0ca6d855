/**
 * Offers and requests lapse on their own: the server sweeps every minute and
 * closes each booking whose open offer has passed its expiry, or whose
 * request was not answered before its date (the booking machine's "expire"
 * event, by the system), telling both parties.
 */
import type { WorkflowDeps } from "../notifications.ts";
import { bookingTransaction, expireIfLapsed, loadBooking } from "./engine.ts";
import { withAuditContext } from "../../db/audit.ts";

const BATCH = 100;

/** Expires every lapsed open offer and unanswered past request; returns how many bookings it closed. */
export async function expireDueOffers(deps: WorkflowDeps): Promise<number> {
  const now = deps.now();
  const offers = await deps.db.selectFrom("booking_offers").select("booking_id")
    .where("status", "=", "open").where("expires_at", "<=", now)
    .orderBy("expires_at").limit(BATCH).execute();
  const requests = await deps.db.selectFrom("bookings").select("id as booking_id")
    .where("status", "=", "inquiry").where("starts_at", "<=", now)
    .orderBy("starts_at").limit(BATCH).execute();
  let expired = 0;
  for (const { booking_id } of [...offers, ...requests]) {
    // Each in its own transaction: one failure must not keep the others open.
    const done = await bookingTransaction(deps, async (trx) => {
      const loaded = await loadBooking(trx, booking_id, { lock: true });
      await withAuditContext(trx, { actorId: null });
      return await expireIfLapsed(trx, deps, loaded);
    });
    if (done) expired++;
  }
  return expired;
}
