/**
 * Setting an act's or a venue's verification, in the caller's transaction:
 * the flag, and the trust score it is part of (domain/trust_score.ts counts
 * verification), recomputed at once with a history row that says staff
 * vouched. Every way of verifying (a request approved, staff's direct
 * switch) goes through here, so the score never disagrees with the badge.
 */
import type { Transaction } from "kysely";
import { setActVerified } from "../../db/queries/acts.ts";
import { setVenueVerified } from "../../db/queries/venues.ts";
import type { Database } from "../../db/schema.ts";
import { NotFound } from "../../domain/errors.ts";
import { TRUST_REASON, type VerificationSubject } from "../../domain/verification.ts";
import { recomputeTrust } from "../trust/recompute.ts";

/** NotFound when the subject does not exist. */
export async function setSubjectVerified(
  trx: Transaction<Database>,
  subject: VerificationSubject,
  verified: boolean,
  now: Date,
): Promise<void> {
  const row = subject.type === "act"
    ? await setActVerified(trx, subject.id, verified)
    : await setVenueVerified(trx, subject.id, verified);
  if (!row) throw new NotFound(subject.type === "act" ? "Act not found" : "Venue not found");
  await recomputeTrust(
    trx,
    subject,
    verified ? TRUST_REASON.verified : TRUST_REASON.withdrawn,
    { bookingId: null, event: verified ? "verified" : "verification_withdrawn" },
    now,
  );
}
