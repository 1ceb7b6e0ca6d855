/**
 * One waiting verification request in the staff's queue: the subject (its
 * public page, kind and trust score), its owner, the evidence, and two plain
 * forms: approve (a note is optional) and reject (the reason is required,
 * the owner reads it). A failed form shows its error beside its field.
 */
import { formatDateTime } from "../../domain/time_format.ts";
import { REASON_MAX } from "../../domain/verification.ts";
import type { VerificationRequestView } from "../../services/admin/verification_views.ts";
import { VerificationEvidence } from "../VerificationEvidence.tsx";

export interface FailedDecision {
  requestId: string;
  intent: "approve" | "reject";
  message: string;
  reason: string;
}

const KIND: Record<VerificationRequestView["subject"]["kind"], string> = {
  solo: "Solo artist",
  band: "Band",
  venue: "Venue",
};

function ReasonField(
  { id, label, value, error, required }: {
    id: string;
    label: string;
    value: string;
    error?: string;
    required: boolean;
  },
) {
  return (
    <div>
      <label for={id} class="block text-sm font-semibold text-ink-700">{label}</label>
      <textarea
        id={id}
        name="reason"
        rows={2}
        maxlength={REASON_MAX}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        class={`mt-1 w-full rounded-lg border px-3 py-2 ${error ? "border-red-400" : "border-ink-100"}`}
      >
        {value}
      </textarea>
      {error && <p id={`${id}-error`} class="mt-1 text-sm text-red-700">{error}</p>}
    </div>
  );
}

export function VerificationCase(
  { request, failed }: { request: VerificationRequestView; failed?: FailedDecision },
) {
  const mine = failed?.requestId === request.id ? failed : undefined;
  const { subject, owner } = request;
  return (
    <li class="bg-white rounded-2xl shadow-sm p-4 grid gap-3" data-testid="verification-case">
      <div>
        <p class="text-xs text-ink-500">
          {KIND[subject.kind]} · asked {formatDateTime(request.createdAt)}
        </p>
        <h2 class="text-lg font-bold">
          <a href={subject.href} class="underline">{subject.name}</a>
        </h2>
        <p class="text-sm text-ink-700">
          Owner: {owner.displayName ?? "(no name)"} · <span class="break-all">{owner.email}</span>
        </p>
        <p class="text-sm" data-testid="trust-score">
          Trust score {subject.trustScore.toFixed(0)}
          {subject.verified && <span class="ml-2 font-semibold text-green-800">already verified</span>}
        </p>
      </div>
      <VerificationEvidence request={request} />
      <div class="grid gap-3 sm:grid-cols-2">
        <form method="post" class="grid gap-2" data-testid="approve-form">
          <input type="hidden" name="request" value={request.id} />
          <ReasonField
            id={`approve-${request.id}`}
            label="Note for the owner (optional)"
            value={mine?.intent === "approve" ? mine.reason : ""}
            error={mine?.intent === "approve" ? mine.message : undefined}
            required={false}
          />
          <button
            type="submit"
            name="intent"
            value="approve"
            class="justify-self-start rounded-lg bg-green-700 text-white font-semibold px-4 py-2"
          >
            Approve: verify
          </button>
        </form>
        <form method="post" class="grid gap-2" data-testid="reject-form">
          <input type="hidden" name="request" value={request.id} />
          <ReasonField
            id={`reject-${request.id}`}
            label="Why not (the owner reads this)"
            value={mine?.intent === "reject" ? mine.reason : ""}
            error={mine?.intent === "reject" ? mine.message : undefined}
            required
          />
          <button
            type="submit"
            name="intent"
            value="reject"
            class="justify-self-start rounded-lg border border-red-300 text-red-700 font-semibold px-4 py-2"
          >
            Reject
          </button>
        </form>
      </div>
    </li>
  );
}
