/**
 * The contract page's forms, each posting its `intent` (and the contract it
 * acts on) to the page: plain HTML that works without JavaScript. The form
 * that failed opens again with what was typed (never the password) and each
 * error next to its field.
 */
import type { EditableClauses } from "../domain/contract_document.ts";
import { MAX_ADDRESS, MAX_CLAUSE_TEXT, MAX_LEGAL_NAME } from "../domain/contract_document.ts";
import type { ContractView } from "../services/contracts/views.ts";
import { TextAreaField } from "./edit_fields.tsx";
import { Field, type FormState } from "./forms.tsx";

/** What the page says once a form's step has gone through, by the form's `intent`. */
export const CONTRACT_NOTICES = {
  revise: "The contract is updated. It is a new version: any signature so far was dropped.",
  send: "The contract is sent for signature.",
  sign: "You signed the contract.",
  void: "The contract is voided.",
  generate: "A new contract is drawn up. Check it, then send it for signature.",
};

export type ContractIntent = keyof typeof CONTRACT_NOTICES;

/** The form that failed, with what was typed. */
export interface FailedContractForm {
  intent: ContractIntent;
  form: FormState;
  values: Record<string, string>;
}

const BUTTON = "rounded-lg px-4 py-2 font-semibold";
const PRIMARY = `${BUTTON} bg-saffron-500 hover:bg-saffron-600 text-ink-900`;

function Hidden({ intent, contractId }: { intent: ContractIntent; contractId?: string }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      {contractId && <input type="hidden" name="contract" value={contractId} />}
    </>
  );
}

/** The failed form's message, above that form (the page shows it nowhere else). */
function FormError({ failed, intent }: { failed?: FailedContractForm; intent: ContractIntent }) {
  if (failed?.intent !== intent || !failed.form.message) return null;
  return (
    <p role="alert" class="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {failed.form.message}
    </p>
  );
}

export function SignForm(
  { contract, signatoryName, freshSignIn, failed }: {
    contract: ContractView;
    /** The name the contract gives the viewer, as a hint for what to type. */
    signatoryName: string;
    freshSignIn: boolean;
    failed?: FailedContractForm;
  },
) {
  const mine = failed?.intent === "sign" ? failed : undefined;
  const errors = mine?.form.fields ?? {};
  return (
    // The fragment brings the answer back to this form, at the end of a long page, without JavaScript.
    <form
      method="post"
      action="#sign"
      id="sign"
      class="bg-white rounded-2xl shadow-sm p-5 grid gap-4 border-2 border-saffron-500"
      data-testid="sign-form"
      novalidate
    >
      <h2 class="text-lg font-bold">Sign the contract</h2>
      <p class="text-sm text-ink-700">
        Your signature binds version {contract.version}{" "}
        of the contract, exactly as shown above. If the contract changes, it must be signed again.
      </p>
      <FormError failed={failed} intent="sign" />
      <Hidden intent="sign" contractId={contract.id} />
      <input type="hidden" name="documentHash" value={contract.documentHash} />
      <Field
        name="fullName"
        label="Your full legal name"
        autocomplete="name"
        value={mine?.values.fullName ?? ""}
        error={errors.fullName}
        maxlength={MAX_LEGAL_NAME}
        hint={`As the contract names you: ${signatoryName}`}
      />
      <div>
        <label class="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            id="consent"
            name="consent"
            value="yes"
            checked={mine?.values.consent === "yes"}
            aria-invalid={errors.consent ? "true" : undefined}
            aria-describedby={errors.consent ? "consent-error" : undefined}
            class="mt-1"
          />
          <span>I agree to sign this contract electronically</span>
        </label>
        {errors.consent && <p id="consent-error" class="mt-1 text-sm text-red-700">{errors.consent}</p>}
      </div>
      <Field
        name="password"
        label="Your password"
        type="password"
        autocomplete="current-password"
        error={errors.password}
        hint={freshSignIn
          ? "You signed in less than five minutes ago, so you may leave this empty."
          : "It may be left empty within five minutes of signing in."}
      />
      {errors.documentHash && <p class="text-sm text-red-700">{errors.documentHash}</p>}
      <button type="submit" class={PRIMARY}>Sign the contract</button>
    </form>
  );
}

export function ReviseForm(
  { contractId, clauses, failed }: {
    contractId: string;
    clauses: EditableClauses;
    failed?: FailedContractForm;
  },
) {
  const mine = failed?.intent === "revise" ? failed : undefined;
  const errors = mine?.form.fields ?? {};
  const value = (name: keyof EditableClauses) => mine?.values[name] ?? clauses[name] ?? "";
  return (
    <details open={!!mine}>
      <summary class="cursor-pointer font-semibold">Edit clauses</summary>
      <form method="post" class="mt-3 grid gap-4" data-testid="revise-form" novalidate>
        <p class="text-sm text-ink-500">
          Money, dates and cancellation terms come from the booking. Saving makes a new version, and any
          signature so far is dropped.
        </p>
        <FormError failed={failed} intent="revise" />
        <Hidden intent="revise" contractId={contractId} />
        <Field
          name="organizerLegalName"
          label="Organizer's legal name"
          autocomplete="organization"
          value={value("organizerLegalName")}
          error={errors.organizerLegalName}
          maxlength={MAX_LEGAL_NAME}
        />
        <TextAreaField
          name="organizerAddress"
          label="Organizer's address"
          rows={2}
          value={value("organizerAddress")}
          error={errors.organizerAddress}
          maxlength={MAX_ADDRESS}
        />
        <TextAreaField
          name="rider"
          label="Rider (technical and hospitality)"
          value={value("rider")}
          error={errors.rider}
          maxlength={MAX_CLAUSE_TEXT}
        />
        <TextAreaField
          name="additionalTerms"
          label="Additional terms"
          value={value("additionalTerms")}
          error={errors.additionalTerms}
          maxlength={MAX_CLAUSE_TEXT}
        />
        <button type="submit" class={`${BUTTON} bg-ink-900 text-white`}>Save a new version</button>
      </form>
    </details>
  );
}

export function SendForm({ contractId, failed }: { contractId: string; failed?: FailedContractForm }) {
  return (
    <form method="post" class="grid gap-2" data-testid="send-form">
      <FormError failed={failed} intent="send" />
      <Hidden intent="send" contractId={contractId} />
      <p class="text-sm text-ink-700">
        When the clauses are right, send the contract: the act is asked to sign, and so are you.
      </p>
      <button type="submit" class={PRIMARY}>Send for signature</button>
    </form>
  );
}

export function VoidForm(
  { contract, failed }: { contract: ContractView; failed?: FailedContractForm },
) {
  const mine = failed?.intent === "void" ? failed : undefined;
  const error = mine?.form.fields.reason;
  return (
    <details open={!!mine} id="void">
      <summary class="cursor-pointer font-semibold text-red-700">Void the contract</summary>
      <form method="post" action="#void" class="mt-3 grid gap-3" data-testid="void-form" novalidate>
        <p class="text-sm text-ink-700">
          {contract.status === "signed"
            ? "Both parties have signed: voiding it ends the booking (cancelled before the show, disputed after it starts)."
            : "A voided contract cannot be signed. Either party can then draw up a new one from the booking's terms."}
        </p>
        <FormError failed={failed} intent="void" />
        <Hidden intent="void" contractId={contract.id} />
        <TextAreaField
          name="reason"
          label="Reason"
          rows={2}
          value={mine?.values.reason ?? ""}
          error={error}
          maxlength={1000}
        />
        <button type="submit" class={`${BUTTON} border border-red-300 text-red-700`}>
          Void the contract
        </button>
      </form>
    </details>
  );
}

export function DrawUpForm({ failed }: { failed?: FailedContractForm }) {
  return (
    <form method="post" class="grid gap-2" data-testid="generate-form">
      <FormError failed={failed} intent="generate" />
      <Hidden intent="generate" />
      <p class="text-sm text-ink-700">
        The booking is confirmed but has no contract in force. Draw up a new one from its agreed terms.
      </p>
      <button type="submit" class={PRIMARY}>Draw up a new contract</button>
    </form>
  );
}
