/**
 * The booking page's forms for what comes after confirmation: marking it
 * scheduled or played, raising a dispute, and an admin's ruling. Each shows
 * only when the booking machine allows the viewer that step now.
 */
import type { BookingEventType } from "../domain/booking_machine.ts";
import { formatMoney } from "../domain/money_format.ts";

const BUTTON = "rounded-lg px-4 py-2 font-semibold";
const FIELD = "mt-1 w-full rounded-lg border px-3 py-2";

interface Props {
  allowed: readonly BookingEventType[];
  paid: number;
  currency: string;
  /** Field errors of the form that failed, by intent. */
  errorsFor: (intent: "dispute" | "resolve") => Record<string, string>;
}

function FieldError({ message }: { message?: string }) {
  return message ? <p class="mt-1 text-sm text-red-700">{message}</p> : null;
}

export function BookingLaterActions({ allowed, paid, currency, errorsFor }: Props) {
  const dispute = errorsFor("dispute");
  const resolve = errorsFor("resolve");
  return (
    <>
      {allowed.includes("schedule") && (
        <form method="post">
          <input type="hidden" name="intent" value="schedule" />
          <button type="submit" class={`${BUTTON} w-full bg-ink-900 text-white`}>
            Mark as scheduled: the deposit is in
          </button>
        </form>
      )}
      {allowed.includes("complete") && (
        <form method="post">
          <input type="hidden" name="intent" value="complete" />
          <button type="submit" class={`${BUTTON} w-full bg-saffron-500 hover:bg-saffron-600 text-ink-900`}>
            The show went ahead: mark it completed
          </button>
        </form>
      )}
      {allowed.includes("dispute") && (
        <details open={Object.keys(dispute).length > 0}>
          <summary class="cursor-pointer font-semibold">Something went wrong? Raise a dispute</summary>
          <form method="post" class="mt-3 grid gap-3">
            <input type="hidden" name="intent" value="dispute" />
            <label for="dispute-reason" class="block text-sm font-semibold text-ink-700">
              What happened
              <textarea
                id="dispute-reason"
                name="reason"
                rows={3}
                maxLength={1000}
                aria-invalid={dispute.reason ? "true" : undefined}
                class={`${FIELD} font-normal ${dispute.reason ? "border-red-400" : "border-ink-100"}`}
              />
            </label>
            <FieldError message={dispute.reason} />
            <button type="submit" class={`${BUTTON} border border-red-300 text-red-700`}>
              Raise dispute
            </button>
          </form>
        </details>
      )}
      {allowed.includes("resolve") && (
        <form method="post" class="grid gap-3" data-testid="resolve">
          <input type="hidden" name="intent" value="resolve" />
          <p class="text-sm text-ink-700">
            The organizer has paid {formatMoney(paid, currency)}. Rule on the dispute:
          </p>
          <label class="flex items-center gap-2 text-sm">
            <input type="radio" name="outcome" value="release" checked /> The act keeps the fee
          </label>
          <label class="flex items-center gap-2 text-sm">
            <input type="radio" name="outcome" value="refund" /> Refund the organizer
          </label>
          <label for="refund-amount" class="block text-sm font-semibold text-ink-700">
            Refund (₹), when refunding
            <input
              id="refund-amount"
              name="refund"
              inputMode="decimal"
              aria-invalid={resolve.refundAmount ? "true" : undefined}
              class={`${FIELD} font-normal ${resolve.refundAmount ? "border-red-400" : "border-ink-100"}`}
            />
          </label>
          <FieldError message={resolve.refundAmount} />
          <label for="ruling-reason" class="block text-sm font-semibold text-ink-700">
            The reason (both parties read it)
            <textarea
              id="ruling-reason"
              name="reason"
              rows={3}
              maxLength={1000}
              aria-invalid={resolve.reason ? "true" : undefined}
              class={`${FIELD} font-normal ${resolve.reason ? "border-red-400" : "border-ink-100"}`}
            />
          </label>
          <FieldError message={resolve.reason} />
          <button type="submit" class={`${BUTTON} bg-ink-900 text-white`}>Record the ruling</button>
        </form>
      )}
    </>
  );
}
