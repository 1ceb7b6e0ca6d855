/**
 * Bookings: a direct request from an organizer to an act, reading one, the
 * signed-in user's list, editing the words before confirmation, cancelling,
 * the steps after confirmation, and the timeline.
 */
import { withAuditContext } from "../../db/audit.ts";
import { insertBookingEvent } from "../../db/queries/booking_events.ts";
import { bookingsOfUser } from "../../db/queries/booking_lists.ts";
import { findBookingAct, findCity, findVenuePlace } from "../../db/queries/booking_parties.ts";
import { insertBooking, setBookingColumns } from "../../db/queries/bookings.ts";
import type { BookingState } from "../../domain/booking_machine.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import {
  type BookingRole,
  requireBookingActor,
  requireBookingRequester,
  requireBookingViewer,
} from "../../domain/booking_access.ts";
import { Conflict, Forbidden, ValidationError } from "../../domain/errors.ts";
import { otherParty, type Party } from "../../domain/negotiation.ts";
import type { BookingEvent } from "../../domain/booking_machine.ts";
import { decodeCursor, encodeCursor, invalidCursor } from "../../lib/cursor.ts";
import { isUuid } from "../../lib/uuid.ts";
import type { RequestMeta } from "../deps.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import { patchColumns } from "../patch.ts";
import { parseInput } from "../validation.ts";
import { applyStep, recordCreation } from "./apply_step.ts";
import {
  CreateBookingInput,
  ListBookingsInput,
  offerTerms,
  ReasonInput,
  ResolveInput,
  UpdateBookingInput,
} from "./inputs.ts";
import { bookingOf, type BookingRef, loadBooking } from "./load_booking.ts";
import { bookingTransaction, runOnBooking } from "./step_runner.ts";
import { rulingText } from "./step_texts.ts";
import {
  type BookingView,
  bookingView,
  type OfferView,
  offerViews,
  timelineEntries,
  type TimelineEntry,
} from "./views.ts";

/**
 * An organizer asks an act for a date. Without an offer the booking is an
 * inquiry (the act quotes or declines); with one it is offered.
 */
export async function createBooking(
  deps: WorkflowDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<BookingView> {
  requireActor(actor);
  const data = parseInput(CreateBookingInput, input);
  const now = deps.now();
  const startsAt = new Date(data.startsAt);
  if (startsAt.getTime() <= now.getTime()) {
    throw new ValidationError("Invalid input data", [
      { field: "startsAt", message: "The performance must start in the future" },
    ]);
  }
  return await bookingTransaction(deps, async (trx) => {
    const act = await findBookingAct(trx, data.actId);
    if (!act) throw new ValidationError("Invalid input data", [{ field: "actId", message: "No such act" }]);
    const a = requireBookingRequester(actor, act);
    const venue = data.venueId ? await findVenuePlace(trx, data.venueId) : undefined;
    if (data.venueId && !venue) {
      throw new ValidationError("Invalid input data", [{ field: "venueId", message: "No such venue" }]);
    }
    const cityId = data.cityId ?? venue?.city_id ?? null;
    if (data.cityId) {
      if (!await findCity(trx, data.cityId)) {
        throw new ValidationError("Invalid input data", [{ field: "cityId", message: "No such city" }]);
      }
    }
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const booking = await insertBooking(trx, {
      act_id: act.id,
      organizer_id: a.userId,
      venue_id: venue?.id ?? null,
      city_id: cityId,
      address: data.address || venue?.address || null,
      title: data.title,
      starts_at: startsAt,
      duration_minutes: data.durationMinutes,
      fee: 0,
      currency: act.currency,
      message: data.message || null,
    });
    await recordCreation(trx, booking, a.userId, { source: "request", title: booking.title });
    let loaded = await loadBooking(trx, booking.id, { lock: true });
    if (data.offer) {
      const offer = offerTerms(data.offer, loaded.snapshot.terms, now);
      loaded = await applyStep(trx, deps, loaded, {
        event: { type: "offer", by: "organizer", offer },
        actor: "organizer",
        userId: a.userId,
        subject: "New booking request",
      });
    } else {
      await notify(trx, deps, {
        userId: act.owner_id,
        subject: "New booking request",
        text: `You have a booking request for "${booking.title}". Send a quote or decline it.`,
        link: `/bookings/${booking.id}`,
      });
    }
    return bookingView(loaded, "organizer", deps.now());
  });
}

export async function getBooking(deps: WorkflowDeps, actor: Actor | null, id: string): Promise<BookingView> {
  // Signed in first: an anonymous caller must not learn which ids exist.
  requireActor(actor);
  const loaded = await loadBooking(deps.db, id);
  const role = requireBookingViewer(actor, loaded.people);
  return bookingView(loaded, role, deps.now());
}

export async function getTimeline(
  deps: WorkflowDeps,
  actor: Actor | null,
  id: string,
): Promise<TimelineEntry[]> {
  requireActor(actor);
  const loaded = await loadBooking(deps.db, id);
  requireBookingViewer(actor, loaded.people);
  return await timelineEntries(deps.db, loaded.row.id);
}

/** Everything the booking page shows, from one look-up of the booking. */
export async function bookingPage(
  deps: WorkflowDeps,
  actor: Actor | null,
  ref: BookingRef,
): Promise<{ booking: BookingView; offers: OfferView[]; timeline: TimelineEntry[] }> {
  requireActor(actor);
  const loaded = await bookingOf(deps.db, ref);
  const role = requireBookingViewer(actor, loaded.people);
  const timeline = await timelineEntries(deps.db, loaded.row.id);
  return { booking: bookingView(loaded, role, deps.now()), offers: offerViews(loaded), timeline };
}

export interface BookingSummary {
  id: string;
  status: BookingState;
  title: string;
  /** How the user relates to it ("venue": it is at a venue they manage). */
  role: Extract<BookingRole, Party | "member" | "venue">;
  act: { id: string; name: string; slug: string };
  organizerName: string | null;
  startsAt: string;
  durationMinutes: number;
  fee: number;
  currency: string;
  /** Whose answer it waits for, and until when. */
  turn: Party | null;
  answerBy: string | null;
}

export interface BookingPage {
  items: BookingSummary[];
  nextCursor: string | null;
}

/** The signed-in user's bookings, as organizer, on the act's side or at their venues, soonest first. */
export async function listBookings(
  deps: WorkflowDeps,
  actor: Actor | null,
  input: unknown,
): Promise<BookingPage> {
  const a = requireActor(actor);
  const q = parseInput(ListBookingsInput, input);
  const me = a.userId;
  let after: { startsAt: Date; id: string } | undefined;
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, ["string", "string"]);
    if (Number.isNaN(Date.parse(at)) || !isUuid(id)) throw invalidCursor();
    after = { startsAt: new Date(at), id };
  }
  // One more than a page, to know whether there is a next one.
  const rows = await bookingsOfUser(deps.db, {
    userId: me,
    as: q.as,
    status: q.status,
    after,
    limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit).map((r): BookingSummary => {
    const turn: Party | null = r.status === "inquiry"
      ? "act"
      : (r.status === "offered" || r.status === "negotiating") && r.made_by
      ? otherParty(r.made_by)
      : null;
    return {
      id: r.id,
      status: r.status,
      title: r.title,
      role: r.organizer_id === me
        ? "organizer"
        : r.owner_id === me
        ? "act"
        : r.venue_owner_id === me
        ? "venue"
        : "member",
      act: { id: r.act_id, name: r.act_name, slug: r.act_slug },
      organizerName: r.display_name,
      startsAt: new Date(r.starts_at).toISOString(),
      durationMinutes: r.duration_minutes,
      fee: Number(r.fee),
      currency: r.currency,
      turn,
      answerBy: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    };
  });
  const last = rows.length > q.limit ? items[items.length - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor([last.startsAt, last.id]) : null };
}

const EDITABLE: readonly BookingState[] = ["inquiry", "offered", "negotiating"];

/** The organizer edits the words (title, address, message) before confirmation; money and time go through offers. */
export async function updateBooking(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<BookingView> {
  const a = requireActor(actor);
  const data = parseInput(UpdateBookingInput, input);
  return await bookingTransaction(deps, async (trx) => {
    const loaded = await loadBooking(trx, bookingId, { lock: true });
    const as = requireBookingActor(a, loaded.people);
    if (as !== "organizer") throw new Forbidden("Only the organizer can edit the booking's details");
    if (!EDITABLE.includes(loaded.row.status)) {
      throw new Conflict(`A ${loaded.row.status} booking can no longer be edited`);
    }
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const { id } = loaded.row;
    const columns = patchColumns({
      title: data.title,
      address: data.address === undefined ? undefined : data.address || null,
      message: data.message === undefined ? undefined : data.message || null,
    });
    if (columns) {
      await setBookingColumns(trx, id, columns);
      await insertBookingEvent(trx, {
        booking_id: id,
        actor_id: a.userId,
        party: "organizer",
        event: "edit",
        from_status: loaded.row.status,
        to_status: loaded.row.status,
        detail: JSON.stringify({ fields: Object.keys(columns) }),
      });
      await notify(trx, deps, {
        userId: loaded.people.actOwnerId,
        subject: "Booking update",
        text: `The organizer updated the details of "${data.title ?? loaded.row.title}".`,
        link: `/bookings/${id}`,
      });
    }
    return bookingView(await loadBooking(trx, id), "organizer", deps.now());
  });
}

/** A step the signed-in person takes on the booking, as whichever side of it they are on. */
function takeStep(
  deps: WorkflowDeps,
  actor: Actor | null,
  id: string,
  meta: RequestMeta,
  event: BookingEvent,
): Promise<BookingView> {
  return runOnBooking(deps, actor, id, meta, (_loaded, as) => ({ event, actor: as, userId: actor!.userId }));
}

/** Either party or an admin cancels; after confirmation the machine works out who is owed what. */
export async function cancelBooking(
  deps: WorkflowDeps,
  actor: Actor | null,
  id: string,
  input: unknown,
  meta: RequestMeta,
): Promise<BookingView> {
  const { reason } = parseInput(ReasonInput, input);
  return await takeStep(deps, actor, id, meta, { type: "cancel", reason });
}

export async function scheduleBooking(
  deps: WorkflowDeps,
  actor: Actor | null,
  id: string,
  meta: RequestMeta,
): Promise<BookingView> {
  return await takeStep(deps, actor, id, meta, { type: "schedule" });
}

export async function completeBooking(
  deps: WorkflowDeps,
  actor: Actor | null,
  id: string,
  meta: RequestMeta,
): Promise<BookingView> {
  return await takeStep(deps, actor, id, meta, { type: "complete" });
}

export async function disputeBooking(
  deps: WorkflowDeps,
  actor: Actor | null,
  id: string,
  input: unknown,
  meta: RequestMeta,
): Promise<BookingView> {
  const { reason } = parseInput(ReasonInput, input);
  return await takeStep(deps, actor, id, meta, { type: "dispute", reason });
}

/**
 * An admin rules on a dispute, with a written reason: "release" completes the
 * booking as played; "refund" returns `refundAmount` (at most what was paid)
 * to the organizer, through refund requests to the gateway
 * (services/payments/booking_money.ts). The reason is kept on the timeline
 * and both parties are told it.
 */
export async function resolveDispute(
  deps: WorkflowDeps,
  actor: Actor | null,
  id: string,
  input: unknown,
  meta: RequestMeta,
): Promise<BookingView> {
  const ruling = parseInput(ResolveInput, input);
  const event: BookingEvent = ruling.outcome === "release"
    ? { type: "resolve", outcome: "release" }
    : { type: "resolve", outcome: "refund", amount: ruling.refundAmount };
  return await runOnBooking(deps, actor, id, meta, (loaded, as) => ({
    event,
    actor: as,
    userId: actor!.userId,
    detail: { reason: ruling.reason },
    text: rulingText(loaded, event, ruling.reason),
  }));
}
