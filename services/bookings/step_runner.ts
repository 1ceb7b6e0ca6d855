/**
 * The entry point for every change to a booking: one transaction, the
 * booking locked, the person's right to act checked, the audit context set,
 * a lapsed offer expired first, then the step the caller builds, applied by
 * `applyStep` (apply_step.ts). Services that create a booking use
 * `bookingTransaction` directly.
 */
import type { Transaction } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { type BookingActor, bookingRole, requireBookingActor } from "../../domain/booking_access.ts";
import { Conflict, DoubleBooked } from "../../domain/errors.ts";
import type { Party } from "../../domain/negotiation.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { applyStep, expireIfLapsed, type Step } from "./apply_step.ts";
import { loadBooking, type LoadedBooking } from "./load_booking.ts";
import { type BookingView, bookingView } from "./views.ts";

const LAPSED =
  "This booking lapsed: its offer expired, its date passed unanswered, or its contract was not signed before the show";

/** Runs the step `build` makes on the booking, as the signed-in `actor`; returns the booking as they now see it. */
export async function runOnBooking(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
  meta: RequestMeta,
  build: (loaded: LoadedBooking, as: BookingActor, trx: Transaction<Database>) => Step | Promise<Step>,
): Promise<BookingView> {
  const a = requireActor(actor);
  const outcome = await bookingTransaction(deps, async (trx) => {
    const loaded = await loadBooking(trx, bookingId, { lock: true });
    const as = requireBookingActor(a, loaded.people);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    // Committed even though the person's own step is then refused.
    if (await expireIfLapsed(trx, deps, loaded)) return { expired: true } as const;
    const after = await applyStep(trx, deps, loaded, await build(loaded, as, trx));
    return { view: bookingView(after, bookingRole(a, after.people)!, deps.now()) };
  });
  if ("expired" in outcome) throw new Conflict(LAPSED);
  return outcome.view;
}

/** The party an event names: an admin's attempt to answer an offer is refused by the machine as such. */
export function partyOf(as: BookingActor): Party {
  return as === "admin" ? "organizer" : as;
}

const DOUBLE_BOOKING_CONSTRAINT = "bookings_no_double_booking";

/**
 * A transaction that changes bookings. The database's refusal of a double
 * booking (the exclusion constraint of db/migrations/0008_bookings.ts)
 * becomes the domain's DoubleBooked here, and only here, so pages show the
 * same message the API sends.
 */
export async function bookingTransaction<T>(
  deps: WorkflowDeps,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await deps.db.transaction().execute(fn);
  } catch (err) {
    if (isDoubleBooking(err)) throw new DoubleBooked();
    throw err;
  }
}

function isDoubleBooking(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { code, constraint, message } = err as { code?: unknown; constraint?: unknown; message?: unknown };
  return code === "23P01" &&
    (constraint === DOUBLE_BOOKING_CONSTRAINT || String(message ?? "").includes(DOUBLE_BOOKING_CONSTRAINT));
}
