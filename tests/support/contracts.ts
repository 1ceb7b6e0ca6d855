/** Contracts for tests: a confirmed booking with its draft, and one both parties signed. */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import { createBooking } from "../../services/bookings/bookings.ts";
import { acceptOffer } from "../../services/bookings/negotiations.ts";
import { contractOfBooking, sendContract, signContract } from "../../services/contracts/contracts.ts";
import type { WorkflowDeps } from "../../services/notifications.ts";

const meta = { ip: "203.0.113.7", userAgent: "contract-test" };

/** `person` with a browser session that signed in at `at` (so a signature needs no password for five minutes). */
export async function signedInAt<P extends Actor>(db: Kysely<Database>, person: P, at: Date): Promise<P> {
  const { id } = await db.insertInto("sessions").values({
    user_id: person.userId,
    kind: "browser",
    created_at: at,
    last_seen_at: at,
    expires_at: new Date(at.getTime() + 24 * 60 * 60 * 1000),
  }).returning("id").executeTakeFirstOrThrow();
  return { ...person, sessionId: id };
}

/** Sends the booking's contract and signs it for both parties, each freshly signed in. */
export async function signBothSides(
  deps: WorkflowDeps,
  organizer: Actor,
  actOwner: Actor,
  bookingId: string,
): Promise<void> {
  const now = deps.now();
  const o = await signedInAt(deps.db, organizer, now);
  const a = await signedInAt(deps.db, actOwner, now);
  const contract = (await contractOfBooking(deps, o, bookingId, meta))!;
  if (contract.status === "draft") await sendContract(deps, o, contract.id, meta);
  for (const signer of [o, a]) {
    await signContract(deps, signer, contract.id, {
      documentHash: contract.documentHash,
      fullName: "Signed for the test",
      consent: true,
    }, meta);
  }
}

/**
 * A booking of `actId` requested by `organizer` with an opening offer of
 * 40,000 rupees and accepted by `actOwner`: confirmed, with its draft contract.
 */
export async function confirmedBooking(
  deps: WorkflowDeps,
  organizer: Actor,
  actOwner: Actor,
  request: { actId: string; startsAt: Date; venueId?: string; cityId?: number },
): Promise<{ bookingId: string; contractId: string; documentHash: string }> {
  const { id: bookingId } = await createBooking(deps, organizer, {
    actId: request.actId,
    title: "Contract test evening",
    startsAt: request.startsAt.toISOString(),
    durationMinutes: 60,
    ...(request.venueId ? { venueId: request.venueId } : { cityId: request.cityId }),
    offer: { fee: 4_000_000, depositBps: 2500 },
  }, meta);
  const accepted = await acceptOffer(deps, actOwner, bookingId, {}, meta);
  const contract = await deps.db.selectFrom("contracts").select(["id", "document_hash"])
    .where("booking_id", "=", bookingId).where("id", "=", accepted.contract!.id).executeTakeFirstOrThrow();
  return { bookingId, contractId: contract.id, documentHash: contract.document_hash };
}

/** A confirmed booking (see `confirmedBooking`) whose contract both parties have signed: ready to pay. */
export async function signedBooking(
  deps: WorkflowDeps,
  organizer: Actor,
  actOwner: Actor,
  request: { actId: string; startsAt: Date; venueId?: string; cityId?: number },
): Promise<{ bookingId: string; contractId: string }> {
  const { bookingId, contractId } = await confirmedBooking(deps, organizer, actOwner, request);
  await signBothSides(deps, organizer, actOwner, bookingId);
  return { bookingId, contractId };
}
