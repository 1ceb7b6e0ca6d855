import { rupeesInput } from "../domain/amounts.ts";
import { MessageButton } from "./MessageButton.tsx";
import type { ApplicationView } from "../services/opportunities/views.ts";
import { Field, FormMessage, type FormState } from "./forms.tsx";
import { SaveButton, SelectField, TextAreaField } from "./edit_fields.tsx";

export interface ApplicationFormValues {
  actId: string;
  pitch: string;
  proposedFee: string;
}

/** Apply with one of your acts: which act, a pitch, a fee in whole rupees. */
export function ApplyForm(
  { acts, values, form }: {
    acts: { id: string; name: string }[];
    values: ApplicationFormValues;
    form?: FormState;
  },
) {
  const err = form?.fields ?? {};
  return (
    <form method="post" class="grid gap-3" novalidate data-testid="apply-form">
      <FormMessage state={form} />
      <SelectField
        name="actId"
        label="Apply as"
        value={values.actId}
        options={acts.map((a) => ({ value: a.id, label: a.name }))}
        error={err.actId}
      />
      <TextAreaField
        name="pitch"
        label="Your pitch"
        value={values.pitch}
        error={err.pitch}
        rows={5}
        maxlength={3000}
      />
      <Field
        name="proposedFee"
        label="Your fee (₹)"
        inputmode="numeric"
        value={values.proposedFee}
        error={err.proposedFee}
        required
      />
      <SaveButton name="intent" value="apply">Send application</SaveButton>
    </form>
  );
}

const STATUS_STYLE: Record<ApplicationView["status"], string> = {
  submitted: "bg-ink-100 text-ink-700",
  shortlisted: "bg-saffron-100 text-saffron-800",
  rejected: "bg-red-100 text-red-800",
  accepted: "bg-green-100 text-green-800",
  withdrawn: "bg-ink-100 text-ink-500",
};

export function ApplicationStatusBadge({ status }: { status: ApplicationView["status"] }) {
  return <span class={`text-xs rounded px-2 py-0.5 ${STATUS_STYLE[status]}`}>{status}</span>;
}

/** One of the viewer's own applications: its status, and edit or withdraw while they may. */
export function MyApplication(
  { application: a, fee, editable, values, form }: {
    application: ApplicationView;
    fee: string;
    editable: boolean;
    values?: ApplicationFormValues;
    form?: FormState;
  },
) {
  const err = form?.fields ?? {};
  const live = a.status === "submitted" || a.status === "shortlisted";
  return (
    <li class="border border-ink-100 rounded-xl p-4 grid gap-2" data-testid="my-application">
      <p class="flex items-center justify-between gap-2">
        <span class="font-semibold">{a.act.name}</span>
        <ApplicationStatusBadge status={a.status} />
      </p>
      <p class="text-sm text-ink-700">Fee asked: {fee}</p>
      {a.bookingId && (
        <a href={`/bookings/${a.bookingId}`} class="text-sm text-saffron-700 underline">
          Go to the negotiation
        </a>
      )}
      <MessageButton applicationId={a.id} />
      {editable
        ? (
          <form method="post" class="grid gap-3" novalidate>
            <FormMessage state={form} />
            <input type="hidden" name="applicationId" value={a.id} />
            <TextAreaField
              name="pitch"
              label="Your pitch"
              value={values?.pitch ?? a.pitch}
              error={err.pitch}
              rows={4}
            />
            <Field
              name="proposedFee"
              label="Your fee (₹)"
              inputmode="numeric"
              value={values?.proposedFee ?? rupeesInput(a.proposedFee)}
              error={err.proposedFee}
            />
            <SaveButton name="intent" value="edit-application">Save changes</SaveButton>
          </form>
        )
        : <p class="text-sm whitespace-pre-line">{a.pitch}</p>}
      {live && (
        <form method="post">
          <input type="hidden" name="applicationId" value={a.id} />
          <button type="submit" name="intent" value="withdraw" class="text-sm text-red-700 underline">
            Withdraw this application
          </button>
        </form>
      )}
    </li>
  );
}
