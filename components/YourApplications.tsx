import { formatMoney } from "../domain/money_format.ts";
import { actMayEdit } from "../domain/opportunity_rules.ts";
import type { ApplicationView } from "../services/opportunities/views.ts";
import { type ApplicationFormValues, ApplyForm, MyApplication } from "./ApplicationForm.tsx";
import type { FormState } from "./forms.tsx";

/** A form of the opportunity page that failed, with what was typed. */
export interface FailedForm {
  /** "apply", the id of the application being edited, or "page" for anything else. */
  where: string;
  form: FormState;
  values?: ApplicationFormValues;
}

/**
 * Everyone else's card on an opportunity: their acts' applications to it, and
 * the apply form, or why they cannot apply.
 */
export function YourApplications(
  { opportunityId, mine, acts, closedReason, signedIn, createActPath, failed }: {
    opportunityId: string;
    mine: ApplicationView[];
    /** The viewer's acts. */
    acts: { id: string; name: string }[];
    /** Why the gig takes no applications now, if it does not. */
    closedReason: string | null;
    signedIn: boolean;
    /** Where the viewer creates an act to apply with, when their roles allow one. */
    createActPath: string | null;
    failed?: FailedForm;
  },
) {
  const appliedActs = new Set(mine.filter((a) => a.status !== "withdrawn").map((a) => a.act.id));
  const canApplyWith = acts.filter((a) => !appliedActs.has(a.id));
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-4">
      <h2 class="text-lg font-bold">{mine.length ? "Your applications" : "Apply"}</h2>
      {mine.length > 0 && (
        <ul class="grid gap-3">
          {mine.map((a) => (
            <MyApplication
              key={a.id}
              application={a}
              fee={formatMoney(a.proposedFee, a.currency)}
              editable={actMayEdit(a.status) && closedReason === null}
              values={failed?.where === a.id ? failed.values : undefined}
              form={failed?.where === a.id ? failed.form : undefined}
            />
          ))}
        </ul>
      )}
      {closedReason ? <p class="text-sm text-ink-500">{closedReason}.</p> : !signedIn
        ? (
          <p class="text-sm">
            <a href={`/login?next=/opportunities/${opportunityId}`} class="text-saffron-700 underline">
              Log in
            </a>{" "}
            with your artist or band manager account to apply.
          </p>
        )
        : acts.length === 0
        ? (
          <p class="text-sm text-ink-500" data-testid="no-act">
            Only artists and band managers with an act profile can apply.{" "}
            {createActPath && (
              <a href={createActPath} class="text-saffron-700 underline">Create your act profile</a>
            )}
          </p>
        )
        : canApplyWith.length > 0
        ? (
          <ApplyForm
            acts={canApplyWith}
            values={failed?.where === "apply" && failed.values
              ? failed.values
              : { actId: canApplyWith[0].id, pitch: "", proposedFee: "" }}
            form={failed?.where === "apply" ? failed.form : undefined}
          />
        )
        : null}
    </div>
  );
}
