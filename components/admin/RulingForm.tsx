/**
 * An admin's ruling on a dispute, as a plain form: the act keeps the fee, or
 * the organizer gets back an amount (in the booking's currency, typed as on
 * every money form, at most what was paid), with the written reason both
 * parties read. Errors show beside their fields; what was typed stays.
 */
import { formatMoneyExact } from "../../domain/money_format.ts";
import type { RulingForm as Typed } from "../../services/admin/disputes.ts";
import type { FormState } from "../forms.tsx";
import { FormMessage } from "../forms.tsx";

const FIELD = "mt-1 w-full rounded-lg border px-3 py-2 font-normal";

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? <p id={id} class="mt-1 text-sm text-red-700">{message}</p> : null;
}

export function RulingForm(
  { paid, currency, failed, typed }: { paid: number; currency: string; failed?: FormState; typed?: Typed },
) {
  const errors = failed?.fields ?? {};
  const refund = typed?.outcome === "refund";
  return (
    <form method="post" class="grid gap-3" data-testid="ruling-form">
      <FormMessage state={failed} />
      <p class="text-sm text-ink-700">
        The organizer has paid {formatMoneyExact(paid, currency)}. The ruling is final.
      </p>
      <fieldset class="grid gap-1">
        <legend class="text-sm font-semibold text-ink-700">Outcome</legend>
        <label class="flex items-center gap-2 text-sm">
          <input type="radio" name="outcome" value="release" checked={!refund} />{" "}
          The act keeps the fee (released to the act)
        </label>
        <label class="flex items-center gap-2 text-sm">
          <input type="radio" name="outcome" value="refund" checked={refund} /> Refund the organizer
        </label>
      </fieldset>
      <div>
        <label for="refund" class="block text-sm font-semibold text-ink-700">
          Refund ({currency}), when refunding
        </label>
        <input
          id="refund"
          name="refund"
          inputMode="decimal"
          value={typed?.refund ?? ""}
          aria-invalid={errors.refund ? "true" : undefined}
          aria-describedby={errors.refund ? "refund-error" : "refund-hint"}
          class={`${FIELD} ${errors.refund ? "border-red-400" : "border-ink-100"}`}
        />
        {errors.refund
          ? <FieldError id="refund-error" message={errors.refund} />
          : (
            <p id="refund-hint" class="mt-1 text-xs text-ink-500">
              Like 5,000 or 2,500.50; at most {formatMoneyExact(paid, currency)}.
            </p>
          )}
      </div>
      <div>
        <label for="reason" class="block text-sm font-semibold text-ink-700">
          The reason (both parties read it)
        </label>
        <textarea
          id="reason"
          name="reason"
          rows={4}
          maxLength={1000}
          required
          aria-invalid={errors.reason ? "true" : undefined}
          aria-describedby={errors.reason ? "reason-error" : undefined}
          class={`${FIELD} ${errors.reason ? "border-red-400" : "border-ink-100"}`}
        >
          {typed?.reason ?? ""}
        </textarea>
        <FieldError id="reason-error" message={errors.reason} />
      </div>
      <button
        type="submit"
        class="justify-self-start rounded-lg bg-ink-900 text-white font-semibold px-4 py-2"
      >
        Record the ruling
      </button>
    </form>
  );
}
