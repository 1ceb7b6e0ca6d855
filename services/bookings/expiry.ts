/**
 * Offers and requests lapse on their own: the server sweeps every minute and
 * closes each booking whose open offer has passed its expiry, or whose
 * request was not answered before its date (the booking machine's "expire"
 * event, by the system), telling both parties.
 */
import { withAuditContext } from "../../db/audit.ts";
import { bookingsDueToLapse } from "../../db/queries/booking_lists.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { expireIfLapsed } from "./apply_step.ts";
import { loadBooking } from "./load_booking.ts";
import { bookingTransaction } from "./step_runner.ts";

const BATCH = 100;

/** Expires every lapsed open offer and unanswered past request; returns how many bookings it closed. */
export async function expireDueOffers(deps: WorkflowDeps): Promise<number> {
  let expired = 0;
  for (const bookingId of await bookingsDueToLapse(deps.db, deps.now(), BATCH)) {
    // Each in its own transaction: one failure must not keep the others open.
    const done = await bookingTransaction(deps, async (trx) => {
      const loaded = await loadBooking(trx, bookingId, { lock: true });
      await withAuditContext(trx, { actorId: null });
      return await expireIfLapsed(trx, deps, loaded);
    });
    if (done) expired++;
  }
  return expired;
}
