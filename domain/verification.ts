/**
 * Verification on request. An act's owner (the solo artist, the band's
 * manager) or a venue's owner asks to be verified, with at least one link
 * (an official site, a social profile) and up to MAX_DOCUMENTS private
 * documents; staff approve, or reject with a reason the owner reads. A
 * subject has at most one request waiting at a time, and none while it is
 * verified. Approval sets the subject's `is_verified`, which is worth points
 * in its trust score (domain/trust_score.ts), so the score is recomputed with
 * it and its history says who vouched.
 */
import { Conflict } from "./errors.ts";

export const VERIFICATION_STATUSES = ["pending", "approved", "rejected"] as const;
export type VerificationStatus = typeof VERIFICATION_STATUSES[number];

export type VerificationSubjectType = "act" | "venue";

export interface VerificationSubject {
  type: VerificationSubjectType;
  id: string;
}

export const MAX_LINKS = 5;
export const MAX_DOCUMENTS = 3;
export const NOTE_MAX = 2000;
export const REASON_MAX = 1000;

/** What a subject's trust history says when staff verify it, or take the verification back. */
export const TRUST_REASON = {
  verified: "Verified by Artist Space staff",
  withdrawn: "Verification withdrawn by Artist Space staff",
} as const;

/** Whether the owner may ask now: not while verified, and not while a request waits. */
export function refuseToAsk(state: { verified: boolean; pending: boolean }): void {
  if (state.verified) throw new Conflict("This profile is verified already");
  if (state.pending) throw new Conflict("A request to verify this profile is already waiting for staff");
}

/** Only a waiting request is decided, once. */
export function refuseDecided(status: VerificationStatus): void {
  if (status !== "pending") throw new Conflict(`This request was ${status} already`);
}
