/** A booking with everything the booking machine and the access rules need, read in one go. */
import type { Kysely } from "kysely";
import { type BookingAct, type BookingNames, getBookingSides } from "../../db/queries/booking_parties.ts";
import { offersOfBooking } from "../../db/queries/booking_offers.ts";
import { liveContractOfBooking } from "../../db/queries/contracts.ts";
import { findBooking, lockBooking } from "../../db/queries/bookings.ts";
import type { Booking, BookingOffer, Contract, Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { type BookingPeople, requireBookingViewer } from "../../domain/booking_access.ts";
import type { BookingSnapshot } from "../../domain/booking_machine.ts";
import { NotFound } from "../../domain/errors.ts";
import { requireId } from "../validation.ts";
import { snapshotOf } from "./snapshot.ts";

/** A booking with everything the rules need: its offers, its act and its people. */
export interface LoadedBooking {
  row: Booking;
  /** Every offer made on it, first round first. */
  offers: BookingOffer[];
  /** The one awaiting an answer, if any. */
  openOffer: BookingOffer | null;
  act: BookingAct;
  people: BookingPeople;
  /** The organizer's, venue's and city's names, read with the act. */
  names: BookingNames;
  /** The contract in force (any status but voided), once the booking has one. */
  contract: Contract | null;
  snapshot: BookingSnapshot;
}

function isSigned(contract: Contract | undefined): boolean {
  return contract?.status === "signed" || contract?.status === "completed";
}

/**
 * A booking as a page's services take it: its id, or the booking the page
 * loaded once for all of them (each service still checks the actor against
 * its people).
 */
export type BookingRef = string | LoadedBooking;

/**
 * The booking for a page that shows it to `actor`: Unauthorized signed out, NotFound unless they may see
 * it (domain/booking_access.ts). The page hands it to each of its services, which check again.
 */
export async function bookingForViewer(db: Kysely<Database>, actor: Actor | null, id: string) {
  requireActor(actor);
  const loaded = await loadBooking(db, id);
  requireBookingViewer(actor, loaded.people);
  return loaded;
}

/** The booking `ref` names, read unless it was read already. */
export function bookingOf(db: Kysely<Database>, ref: BookingRef): Promise<LoadedBooking> {
  return typeof ref === "string" ? loadBooking(db, ref) : Promise.resolve(ref);
}

/** The booking (locked FOR UPDATE when it is about to change), or NotFound. */
export async function loadBooking(
  db: Kysely<Database>,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<LoadedBooking> {
  const bookingId = requireId(id, "Booking");
  const row = await (opts.lock ? lockBooking(db, bookingId) : findBooking(db, bookingId));
  if (!row) throw new NotFound("Booking not found");
  const [offers, { act, memberIds, venueManagerIds, names }, contract] = await Promise.all([
    offersOfBooking(db, row.id),
    getBookingSides(db, row),
    liveContractOfBooking(db, row.id),
  ]);
  const openOffer = offers.find((o) => o.status === "open") ?? null;
  return {
    row,
    offers,
    openOffer,
    act,
    people: {
      organizerId: row.organizer_id,
      actOwnerId: act.owner_id,
      memberIds,
      venueManagerIds,
    },
    names,
    contract: contract ?? null,
    snapshot: snapshotOf(row, openOffer, isSigned(contract)),
  };
}
