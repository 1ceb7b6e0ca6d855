/**
 * Bookings as clients see them: the terms with the deposit worked out, the
 * turn, and what the viewer may do now (the booking machine's own answer, so
 * pages never offer a button the service would refuse).
 */
import type { Kysely } from "kysely";
import { timelineOfBooking } from "../../db/queries/booking_events.ts";
import type { BookingOffer, Database } from "../../db/schema.ts";
import type { BookingState } from "../../domain/booking_machine.ts";
import { awaitingSignatureFrom, type ContractState } from "../../domain/contract_machine.ts";
import { contractSnapshotOf } from "../contracts/apply_contract_step.ts";
import { type BookingRole, machineActorOf } from "../../domain/booking_access.ts";
import { allowedEvents, type BookingEventType, turnOf } from "../../domain/booking_machine.ts";
import { depositAmount, endsAt, type Party } from "../../domain/negotiation.ts";
import type { LoadedBooking } from "./load_booking.ts";

export interface TermsView {
  fee: number;
  currency: string;
  depositBps: number;
  deposit: number;
  balance: number;
  startsAt: string;
  durationMinutes: number;
  endsAt: string;
  travel: "organizer" | "act" | "shared";
  accommodation: "organizer" | "act" | "none";
  sound: "venue" | "organizer" | "act";
  cancellationTier: "flexible" | "standard" | "strict";
}

export interface BookingView {
  id: string;
  status: BookingState;
  title: string;
  act: { id: string; name: string; slug: string; kind: "solo" | "band" };
  organizer: { id: string; displayName: string | null };
  opportunityId: string | null;
  venue: { id: string; name: string; slug: string } | null;
  city: { id: number; name: string } | null;
  address: string | null;
  message: string | null;
  terms: TermsView;
  offersMade: number;
  openOffer: { round: number; madeBy: Party; expiresAt: string } | null;
  /** Whose answer the booking waits for. */
  turn: Party | null;
  paid: number;
  refundDue: number;
  /** The cancellation split, once a confirmed booking was cancelled. */
  cancellation: Record<string, unknown> | null;
  /** The contract in force, once the booking is confirmed: where it is and whose signature it waits for. */
  contract: { id: string; status: ContractState; awaitingSignatureFrom: Party[] } | null;
  viewer: { role: BookingRole; allowedEvents: BookingEventType[] };
  createdAt: string;
  updatedAt: string;
}

export interface OfferView {
  round: number;
  madeBy: Party;
  fee: number;
  currency: string;
  depositBps: number;
  deposit: number;
  startsAt: string;
  durationMinutes: number;
  travel: TermsView["travel"];
  accommodation: TermsView["accommodation"];
  sound: TermsView["sound"];
  cancellationTier: TermsView["cancellationTier"];
  note: string | null;
  expiresAt: string;
  status: BookingOffer["status"];
  createdAt: string;
  closedAt: string | null;
}

export interface TimelineEntry {
  id: string;
  event: string;
  party: "act" | "organizer" | "admin" | "system";
  actor: { id: string; displayName: string | null } | null;
  fromStatus: BookingState | null;
  toStatus: BookingState;
  detail: Record<string, unknown>;
  at: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function bookingView(loaded: LoadedBooking, role: BookingRole, now: Date): BookingView {
  const { row, act, snapshot, names: { organizer, venue, city } } = loaded;
  const machineActor = machineActorOf(role);
  const t = snapshot.terms;
  const deposit = depositAmount(t.fee, t.depositBps);
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    act: { id: act.id, name: act.name, slug: act.slug, kind: act.kind },
    organizer: { id: organizer.id, displayName: organizer.display_name },
    opportunityId: row.opportunity_id,
    venue: venue ?? null,
    city: city ? { id: city.city_id, name: city.name } : null,
    address: row.address,
    message: row.message,
    terms: {
      fee: t.fee,
      currency: t.currency,
      depositBps: t.depositBps,
      deposit,
      balance: t.fee - deposit,
      startsAt: iso(t.startsAt),
      durationMinutes: t.durationMinutes,
      endsAt: iso(endsAt(t.startsAt, t.durationMinutes)),
      travel: t.travel,
      accommodation: t.accommodation,
      sound: t.sound,
      cancellationTier: t.cancellationTier,
    },
    offersMade: snapshot.offersMade,
    openOffer: snapshot.openOffer && {
      round: snapshot.openOffer.round,
      madeBy: snapshot.openOffer.madeBy,
      expiresAt: iso(snapshot.openOffer.expiresAt),
    },
    turn: turnOf(snapshot),
    paid: snapshot.paid,
    refundDue: snapshot.refundDue,
    cancellation: row.cancellation,
    // The contract exists only for those it is shown to (domain/contract_access.ts): not the venue's managers.
    contract: role === "venue" || !loaded.contract ? null : {
      id: loaded.contract.id,
      status: loaded.contract.status,
      awaitingSignatureFrom: awaitingSignatureFrom(contractSnapshotOf(loaded.contract)),
    },
    viewer: { role, allowedEvents: machineActor ? allowedEvents(snapshot, machineActor, now) : [] },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function offerViews(loaded: LoadedBooking): OfferView[] {
  return loaded.offers.map((o) => ({
    round: o.round,
    madeBy: o.made_by,
    fee: Number(o.fee),
    currency: o.currency,
    depositBps: o.deposit_bps,
    deposit: depositAmount(Number(o.fee), o.deposit_bps),
    startsAt: iso(o.starts_at),
    durationMinutes: o.duration_minutes,
    travel: o.travel,
    accommodation: o.accommodation,
    sound: o.sound,
    cancellationTier: o.cancellation_tier,
    note: o.note,
    expiresAt: iso(o.expires_at),
    status: o.status,
    createdAt: iso(o.created_at),
    closedAt: o.closed_at ? iso(o.closed_at) : null,
  }));
}

export async function timelineEntries(db: Kysely<Database>, bookingId: string): Promise<TimelineEntry[]> {
  const rows = await timelineOfBooking(db, bookingId);
  return rows.map((r) => ({
    id: String(r.id),
    event: r.event,
    party: r.party,
    actor: r.actor_id ? { id: r.actor_id, displayName: r.display_name } : null,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    detail: r.detail,
    at: iso(r.created_at),
  }));
}
