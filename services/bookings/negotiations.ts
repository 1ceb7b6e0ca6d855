/**
 * Negotiating a booking: starting one from an application, the offers
 * thread, offers and counter-offers, accepting and declining. The
 * negotiation id is the booking id.
 */
import { withAuditContext } from "../../db/audit.ts";
import {
  findOpportunityIdOfApplication,
  lockApplication,
  markApplicationAccepted,
  shareLockOpportunity,
} from "../../db/queries/booking_applications.ts";
import { findBookingAct } from "../../db/queries/booking_parties.ts";
import { insertBooking } from "../../db/queries/bookings.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { requireBookingViewer } from "../../domain/booking_access.ts";
import { Conflict, Forbidden, NotFound } from "../../domain/errors.ts";
import { formatMoney } from "../../domain/money_format.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { parseInput } from "../validation.ts";
import { applyStep, recordCreation } from "./apply_step.ts";
import {
  AcceptInput,
  DeclineInput,
  defaultExpiry,
  OfferInput,
  offerTerms,
  StartNegotiationInput,
} from "./inputs.ts";
import { loadBooking } from "./load_booking.ts";
import { bookingTransaction, partyOf, runOnBooking } from "./step_runner.ts";
import { type BookingView, bookingView, type OfferView, offerViews } from "./views.ts";

export interface NegotiationThread {
  booking: BookingView;
  offers: OfferView[];
}

/**
 * Accepts an application into a negotiation (the opportunity's organizer
 * only): creates the booking with an opening offer (the act's proposed fee,
 * unless the organizer sends an offer of their own), marks the application
 * accepted and tells the act.
 */
export async function startNegotiation(
  deps: WorkflowDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<BookingView> {
  const a = requireActor(actor);
  const data = parseInput(StartNegotiationInput, input);
  return await bookingTransaction(deps, async (trx) => {
    const found = await findOpportunityIdOfApplication(trx, data.applicationId);
    if (!found) throw new NotFound("Application not found");
    // The opportunity first, as applying and cancelling lock it: the same order everywhere.
    const opportunity = await shareLockOpportunity(trx, found.opportunity_id);
    if (opportunity.organizer_id !== a.userId) {
      throw new Forbidden("Only the opportunity's organizer can accept an application");
    }
    if (opportunity.status === "cancelled") {
      throw new Conflict("The opportunity is cancelled; its applications can no longer be accepted");
    }
    const application = await lockApplication(trx, data.applicationId);
    if (application.status !== "submitted" && application.status !== "shortlisted") {
      throw new Conflict(`The application is ${application.status}; only open applications can be accepted`);
    }
    const act = await findBookingAct(trx, application.act_id);
    if (!act) throw new Conflict("The act is no longer listed, so its application cannot be accepted");
    if (act.owner_id === a.userId) throw new Forbidden("You cannot book an act you manage");
    await withAuditContext(trx, { ...meta, actorId: a.userId });

    const booking = await insertBooking(trx, {
      act_id: application.act_id,
      organizer_id: a.userId,
      opportunity_id: opportunity.id,
      venue_id: opportunity.venue_id,
      city_id: opportunity.city_id,
      address: opportunity.address,
      title: opportunity.title,
      starts_at: opportunity.starts_at,
      duration_minutes: opportunity.duration_minutes,
      fee: 0,
      currency: application.currency,
    });
    await recordCreation(trx, booking, a.userId, { source: "application", applicationId: application.id });
    await markApplicationAccepted(trx, application.id, booking.id);

    const loaded = await loadBooking(trx, booking.id, { lock: true });
    const now = deps.now();
    const base = loaded.snapshot.terms;
    const fee = formatMoney(Number(data.offer?.fee ?? application.proposed_fee), base.currency);
    const text = `Your application to "${opportunity.title}" was accepted into a negotiation at ${fee}.`;
    const after = await applyStep(
      trx,
      deps,
      loaded,
      data.offer
        ? {
          event: { type: "offer", by: "organizer", offer: offerTerms(data.offer, base, now) },
          actor: "organizer",
          userId: a.userId,
          subject: "Application update",
          text,
        }
        : {
          // The act's own proposal opens the negotiation; the organizer answers next.
          event: {
            type: "offer",
            by: "act",
            offer: {
              ...base,
              fee: Number(application.proposed_fee),
              expiresAt: defaultExpiry(base.startsAt, now),
              note: null,
            },
          },
          actor: "act",
          userId: application.applicant_id,
          detail: { source: "application" },
          subject: "Application update",
          notifyTo: ["act"],
          text,
        },
    );
    return bookingView(after, "organizer", deps.now());
  });
}

/** The booking and every offer made on it, oldest first. */
export async function getNegotiation(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
): Promise<NegotiationThread> {
  requireActor(actor);
  const loaded = await loadBooking(deps.db, bookingId);
  const role = requireBookingViewer(actor, loaded.people);
  return {
    booking: bookingView(loaded, role, deps.now()),
    offers: offerViews(loaded),
  };
}

/** The first offer on an inquiry, or a counter-offer to the open one. */
export async function makeOffer(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<BookingView> {
  const data = parseInput(OfferInput, input);
  return await runOnBooking(deps, actor, bookingId, meta, (loaded, as) => {
    const offer = offerTerms(data, loaded.snapshot.terms, deps.now());
    const by = partyOf(as);
    return loaded.snapshot.status === "inquiry"
      ? { event: { type: "offer", by, offer }, actor: as, userId: actor!.userId }
      : { event: { type: "counter", by, offer }, actor: as, userId: actor!.userId };
  });
}

/**
 * Accepts the open offer; with `round`, only if that is still the open one,
 * so a counter-offer made while someone read the terms is never accepted
 * unseen.
 */
export async function acceptOffer(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<BookingView> {
  const { round } = parseInput(AcceptInput, input ?? {});
  return await runOnBooking(deps, actor, bookingId, meta, (loaded, as) => {
    const open = loaded.snapshot.openOffer;
    if (round !== undefined && open?.round !== round) {
      throw new Conflict(
        open
          ? `The terms changed: offer ${round} was answered with a new offer (round ${open.round}). ` +
            "Look at the new terms before accepting."
          : `Offer ${round} is no longer open`,
      );
    }
    return {
      event: { type: "accept", by: partyOf(as) },
      actor: as,
      userId: actor!.userId,
      detail: open ? { round: open.round } : {},
    };
  });
}

export async function declineOffer(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<BookingView> {
  const { reason } = parseInput(DeclineInput, input ?? {});
  return await runOnBooking(deps, actor, bookingId, meta, (_loaded, as) => ({
    event: { type: "decline", by: partyOf(as), ...(reason ? { reason } : {}) },
    actor: as,
    userId: actor!.userId,
  }));
}
