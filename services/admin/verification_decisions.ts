/**
 * Staff decide verification requests: approve (a reason is optional) or
 * reject (a reason is required: the owner reads it). Each decision is one
 * transaction: the request's row, the subject's flag and trust score
 * (verification_flag.ts), the audit log (the tables' triggers) and the
 * owner's notification. Staff may also switch a subject's verification
 * directly (the catalog's verify endpoints); verifying that way approves a
 * waiting request too, so its owner hears of it.
 *
 * Lock order: the request, then the subject, on every path.
 */
import { z } from "zod";
import type { Transaction } from "kysely";
import { withAuditContext } from "../../db/audit.ts";
import {
  decideRequest,
  findSubject,
  lockPendingRequestOf,
  lockRequest,
} from "../../db/queries/verification_requests.ts";
import type { Database, VerificationRequest } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import { requireVerifier } from "../../domain/catalog_access.ts";
import { NotFound } from "../../domain/errors.ts";
import { REASON_MAX, refuseDecided, type VerificationSubject } from "../../domain/verification.ts";
import type { RequestMeta } from "../deps.ts";
import { notify, type WorkflowDeps } from "../notifications.ts";
import { parseInput, plainString, requireId } from "../validation.ts";
import { setSubjectVerified } from "./verification_flag.ts";
import { getVerificationRequest } from "./verification_requests.ts";
import type { VerificationRequestView } from "./verification_views.ts";

export const ApproveInput = z.object({
  reason: plainString().max(REASON_MAX).optional().transform((reason) => reason || null),
}).strict();

export const RejectInput = z.object({
  reason: plainString().min(3, "Say why, for the owner to read").max(REASON_MAX),
}).strict();

export async function approveVerification(
  deps: WorkflowDeps,
  actor: Actor | null,
  requestId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<VerificationRequestView> {
  const a = requireVerifier(actor);
  const id = requireId(requestId, "Verification request");
  const { reason } = parseInput(ApproveInput, input);
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, id);
    if (!request) throw new NotFound("Verification request not found");
    refuseDecided(request.status);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await approve(trx, deps, a, request, reason);
  });
  return await getVerificationRequest(deps.db, a, id);
}

export async function rejectVerification(
  deps: WorkflowDeps,
  actor: Actor | null,
  requestId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<VerificationRequestView> {
  const a = requireVerifier(actor);
  const id = requireId(requestId, "Verification request");
  const { reason } = parseInput(RejectInput, input);
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, id);
    if (!request) throw new NotFound("Verification request not found");
    refuseDecided(request.status);
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    await decideRequest(trx, id, { status: "rejected", by: a.userId, reason, at: deps.now() });
    const subject = await subjectOf(trx, request);
    await notify(trx, deps, {
      userId: subject.owner_id,
      subject: "Verification update",
      text: `Your request to verify ${subject.name} was not approved: ${reason} ` +
        "You can ask again with more evidence.",
      link: verificationPage(subject),
    });
  });
  return await getVerificationRequest(deps.db, a, id);
}

/**
 * Staff's direct switch, in the caller's transaction (audit context set):
 * sets the flag and the score, and approves the subject's waiting request
 * when verifying.
 */
export async function verifyDirectly(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  actor: Actor,
  subject: VerificationSubject,
  verified: boolean,
): Promise<void> {
  const waiting = verified ? await lockPendingRequestOf(trx, subject) : undefined;
  if (waiting) await approve(trx, deps, actor, waiting, null);
  else await setSubjectVerified(trx, subject, verified, deps.now());
}

async function approve(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  actor: Actor,
  request: VerificationRequest,
  reason: string | null,
): Promise<void> {
  await decideRequest(trx, request.id, { status: "approved", by: actor.userId, reason, at: deps.now() });
  const subject = await subjectOf(trx, request);
  await setSubjectVerified(trx, { type: subject.type, id: subject.id }, true, deps.now());
  await notify(trx, deps, {
    userId: subject.owner_id,
    subject: "Verification update",
    text: `Artist Space staff verified ${subject.name}: its page now shows the Verified badge.` +
      (reason ? ` ${reason}` : ""),
    link: verificationPage(subject),
  });
}

async function subjectOf(trx: Transaction<Database>, request: VerificationRequest) {
  const type = request.act_id ? "act" as const : "venue" as const;
  const row = await findSubject(trx, { type, id: (request.act_id ?? request.venue_id)! });
  // The foreign keys cascade: a request outlives no subject.
  return { ...row!, type };
}

/** The owner's page of the subject's verification. */
export function verificationPage(subject: { kind: "solo" | "band" | "venue"; slug: string }): string {
  return `/${subject.kind === "venue" ? "venues" : "artists"}/${subject.slug}/verification`;
}
