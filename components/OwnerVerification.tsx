/**
 * The owner's verification page (an act's or a venue's): where the request
 * stands and why, the evidence given, and the plain multipart forms to ask
 * and to add a document while staff have not decided. Staff who open it
 * see the same without the forms.
 */
import type { SubjectVerification } from "../services/admin/verification_requests.ts";
import type { VerificationRequestView } from "../services/admin/verification_views.ts";
import { MAX_DOCUMENTS, MAX_LINKS, NOTE_MAX } from "../domain/verification.ts";
import { formatDate, formatDateTime } from "../domain/time_format.ts";
import { EditCard, SaveButton, TextAreaField } from "./edit_fields.tsx";
import { Field, FormMessage, type FormState } from "./forms.tsx";
import { VerificationEvidence } from "./VerificationEvidence.tsx";

export interface FailedVerificationForm {
  intent: "ask" | "add-document";
  form: FormState;
  values: Record<string, string>;
}

const ACCEPT = "application/pdf,image/jpeg,image/png";
const LINK_HINTS = [
  "Your official website, or the profile you use most",
  "Another profile: Instagram, YouTube, Facebook…",
];

function DocumentsInput({ error, multiple }: { error?: string; multiple: boolean }) {
  return (
    <div>
      <label for="documents" class="block text-sm font-semibold text-ink-700">
        {multiple ? `Documents (up to ${MAX_DOCUMENTS}, optional)` : "A document"}
      </label>
      <input
        id="documents"
        name="documents"
        type="file"
        accept={ACCEPT}
        multiple={multiple}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? "documents-error" : "documents-hint"}
        class="mt-1 block w-full text-sm"
      />
      {error
        ? <p id="documents-error" class="mt-1 text-sm text-red-700">{error}</p>
        : (
          <p id="documents-hint" class="mt-1 text-xs text-ink-500">
            PDF, JPEG or PNG, at most 5 MB each: a GST or shop registration, a press article, a festival's
            line-up. Only you and Artist Space staff can open them.
          </p>
        )}
    </div>
  );
}

function AskForm({ failed }: { failed?: FailedVerificationForm }) {
  const mine = failed?.intent === "ask" ? failed : undefined;
  const errors = mine?.form.fields ?? {};
  return (
    <EditCard title="Ask to be verified">
      <p class="text-sm text-ink-700">
        Staff check that the profile is really yours and really you: show them where you already are.
      </p>
      <form method="post" enctype="multipart/form-data" class="grid gap-4" data-testid="ask-form">
        <FormMessage state={mine?.form} />
        <input type="hidden" name="intent" value="ask" />
        {Array.from({ length: MAX_LINKS }, (_, i) => `link${i + 1}`).map((name, i) => (
          <Field
            key={name}
            name={name}
            label={i === 0 ? "Link" : `Another link (optional)`}
            inputmode="url"
            required={i === 0}
            value={mine?.values[name]}
            error={errors[name]}
            hint={LINK_HINTS[i]}
          />
        ))}
        <TextAreaField
          name="note"
          label="A note for staff (optional)"
          value={mine?.values.note ?? ""}
          error={errors.note}
          maxlength={NOTE_MAX}
        />
        <DocumentsInput error={errors.documents} multiple />
        <SaveButton>Send the request</SaveButton>
      </form>
    </EditCard>
  );
}

function AddDocumentForm(
  { request, failed }: { request: VerificationRequestView; failed?: FailedVerificationForm },
) {
  const mine = failed?.intent === "add-document" ? failed : undefined;
  return (
    <form method="post" enctype="multipart/form-data" class="grid gap-3" data-testid="add-document-form">
      <FormMessage state={mine?.form} />
      <input type="hidden" name="intent" value="add-document" />
      <input type="hidden" name="request" value={request.id} />
      <DocumentsInput error={mine?.form.fields.documents} multiple={false} />
      <SaveButton>Add the document</SaveButton>
    </form>
  );
}

const STATUS: Record<VerificationRequestView["status"], string> = {
  pending: "Waiting for staff",
  approved: "Approved",
  rejected: "Not approved",
};

function Decision({ request }: { request: VerificationRequestView }) {
  return (
    <li class="border-t border-ink-100 pt-2 text-sm" data-testid="decision">
      <p>
        <span class="font-semibold">{STATUS[request.status]}</span>{" "}
        <span class="text-ink-500">
          asked {formatDate(request.createdAt)}
          {request.decidedAt && `, decided ${formatDate(request.decidedAt)}`}
        </span>
      </p>
      {request.decisionReason && <p class="text-ink-700" data-testid="reason">{request.decisionReason}</p>}
    </li>
  );
}

export function OwnerVerification(
  { state, failed }: { state: SubjectVerification; failed?: FailedVerificationForm },
) {
  const [latest, ...earlier] = state.requests;
  const pending = latest?.status === "pending" ? latest : undefined;
  const decided = pending ? earlier : state.requests;
  return (
    <>
      <EditCard title="Where it stands">
        <div data-testid="verification-state" class="grid gap-2 text-sm">
          {state.subject.verified
            ? (
              <p class="font-semibold text-green-800">
                Verified: {state.subject.name}'s page shows the Verified badge.
              </p>
            )
            : pending
            ? <p class="font-semibold">Waiting for staff since {formatDateTime(pending.createdAt)}.</p>
            : <p class="font-semibold">Not verified yet.</p>}
          {!state.subject.verified && !pending && latest?.status === "rejected" && (
            <p class="text-ink-700" data-testid="rejection">
              Your last request was not approved: {latest.decisionReason}
            </p>
          )}
        </div>
        {pending && (
          <div class="grid gap-3">
            <VerificationEvidence request={pending} />
            {state.isOwner && pending.documents.length < MAX_DOCUMENTS && (
              <AddDocumentForm request={pending} failed={failed} />
            )}
          </div>
        )}
      </EditCard>
      {state.canAsk && <AskForm failed={failed} />}
      {decided.length > 0 && (
        <EditCard title="Earlier requests">
          <ul class="grid gap-2">{decided.map((r) => <Decision key={r.id} request={r} />)}</ul>
        </EditCard>
      )}
    </>
  );
}
