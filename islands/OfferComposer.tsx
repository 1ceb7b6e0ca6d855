/**
 * The fields of an offer, with what it means in money beside them: the fee,
 * the deposit and the balance, and what each party would get if the
 * organizer cancelled at each notice period of the chosen tier (with the
 * deposit paid). Without JavaScript the same fields post as a plain form and
 * the summary shows the starting values; hydrated, it follows the typing.
 */
import type { JSX } from "preact";
import { useComputed, useSignal } from "@preact/signals";
import { parseRupees } from "../domain/amounts.ts";
import { cancellationRules } from "../domain/cancellation_policy.ts";
import { formatMoney } from "../domain/money_format.ts";
import {
  ACCOMMODATION_TERMS,
  CANCELLATION_TIERS,
  type CancellationTier,
  depositAmount,
  feeShare,
  SOUND_TERMS,
  TRAVEL_TERMS,
} from "../domain/negotiation.ts";
import { countOf } from "../domain/plural.ts";

export interface OfferDefaults {
  /** Rupees, as typed. */
  fee: string;
  /** Percent of the fee. */
  deposit: string;
  startsAt: string;
  durationMinutes: string;
  expiresAt: string;
  travel: string;
  accommodation: string;
  sound: string;
  cancellationTier: string;
  note: string;
}

interface Props {
  values: OfferDefaults;
  errors: Record<string, string>;
  currency: string;
  /** Whether the offer may move the date and length (the request form asks for them itself). */
  withSchedule: boolean;
}

const CONTROL =
  "mt-1 w-full rounded-lg border px-3 py-2 bg-white focus:outline-none focus:border-saffron-500";
const LABELS: Record<string, string> = {
  organizer: "Organizer",
  act: "Act",
  shared: "Shared",
  none: "Not needed",
  venue: "Venue",
  flexible: "Flexible",
  standard: "Standard",
  strict: "Strict",
};

/** The fee as the server will read it ("1,00,000", "₹75,000.50"); nothing while it cannot be read. */
function minor(rupees: string): number {
  const parsed = parseRupees(rupees, { paise: true });
  return parsed.ok ? parsed.value : 0;
}

function bps(percent: string): number {
  const n = Number(percent.trim());
  return Number.isFinite(n) && n >= 0 && n <= 100 ? Math.round(n * 100) : 0;
}

function notice(ms: number): string {
  const days = ms / (24 * 60 * 60 * 1000);
  return days >= 1 ? countOf(days, "day") : countOf(ms / (60 * 60 * 1000), "hour");
}

export default function OfferComposer({ values, errors, currency, withSchedule }: Props) {
  const fee = useSignal(values.fee);
  const deposit = useSignal(values.deposit);
  const tier = useSignal(values.cancellationTier || "standard");

  const money = useComputed(() => {
    const f = minor(fee.value);
    const d = depositAmount(f, bps(deposit.value));
    const t = ((CANCELLATION_TIERS as readonly string[]).includes(tier.value)
      ? tier.value
      : "standard") as CancellationTier;
    const rules = cancellationRules(t);
    return {
      fee: f,
      deposit: d,
      balance: f - d,
      rows: rules.map((rule, i) => {
        const owed = feeShare(f, rule.owedToActBps);
        const kept = Math.min(d, owed);
        const longer = i > 0 ? notice(rules[i - 1].minNoticeMs) : null;
        return {
          when: rule.minNoticeMs > 0
            ? `${notice(rule.minNoticeMs)}${longer ? ` to ${longer}` : " or more"}`
            : `under ${notice(rules[i - 1]?.minNoticeMs ?? 0)}`,
          act: owed,
          refund: d - kept,
          owing: owed - kept,
        };
      }),
    };
  });
  const fmt = (n: number) => formatMoney(n, currency);

  const field = (name: keyof OfferDefaults, label: string, input: JSX.Element) => (
    <div>
      <label for={`offer-${name}`} class="block text-sm font-semibold text-ink-700">{label}</label>
      {input}
      {errors[name] && <p id={`offer-${name}-error`} class="mt-1 text-sm text-red-700">{errors[name]}</p>}
    </div>
  );
  const border = (name: string) => (errors[name] ? " border-red-400" : " border-ink-100");
  const aria = (name: string) =>
    errors[name] ? { "aria-invalid": "true" as const, "aria-describedby": `offer-${name}-error` } : {};
  const choice = (name: "travel" | "accommodation" | "sound", label: string, options: readonly string[]) =>
    field(
      name,
      label,
      <select id={`offer-${name}`} name={name} class={CONTROL + border(name)} {...aria(name)}>
        {options.map((o) => (
          <option key={o} value={o} selected={values[name] === o}>{LABELS[o] ?? o}</option>
        ))}
      </select>,
    );

  return (
    <div class="grid gap-4" data-testid="offer-composer">
      <div class="grid grid-cols-2 gap-3">
        {field(
          "fee",
          `Fee (${currency === "INR" ? "₹" : currency})`,
          <input
            id="offer-fee"
            name="fee"
            inputMode="decimal"
            value={fee.value}
            onInput={(e) => (fee.value = e.currentTarget.value)}
            class={CONTROL + border("fee")}
            required={withSchedule}
            {...aria("fee")}
          />,
        )}
        {field(
          "deposit",
          "Deposit (%)",
          <input
            id="offer-deposit"
            name="deposit"
            inputMode="decimal"
            value={deposit.value}
            onInput={(e) => (deposit.value = e.currentTarget.value)}
            class={CONTROL + border("deposit")}
            {...aria("deposit")}
          />,
        )}
      </div>
      {withSchedule && (
        <div class="grid grid-cols-2 gap-3">
          {field(
            "startsAt",
            "Starts (India time)",
            <input
              id="offer-startsAt"
              name="startsAt"
              type="datetime-local"
              value={values.startsAt}
              class={CONTROL + border("startsAt")}
              {...aria("startsAt")}
            />,
          )}
          {field(
            "durationMinutes",
            "Length (minutes)",
            <input
              id="offer-durationMinutes"
              name="durationMinutes"
              inputMode="numeric"
              value={values.durationMinutes}
              class={CONTROL + border("durationMinutes")}
              {...aria("durationMinutes")}
            />,
          )}
        </div>
      )}
      <div class="grid grid-cols-3 gap-3">
        {choice("travel", "Travel paid by", TRAVEL_TERMS)}
        {choice("accommodation", "Stay paid by", ACCOMMODATION_TERMS)}
        {choice("sound", "Sound by", SOUND_TERMS)}
      </div>
      <div class="grid grid-cols-2 gap-3">
        {field(
          "cancellationTier",
          "Cancellation policy",
          <select
            id="offer-cancellationTier"
            name="cancellationTier"
            class={CONTROL + border("cancellationTier")}
            onChange={(e) => (tier.value = e.currentTarget.value)}
            {...aria("cancellationTier")}
          >
            {CANCELLATION_TIERS.map((t) => (
              <option key={t} value={t} selected={tier.value === t}>{LABELS[t]}</option>
            ))}
          </select>,
        )}
        {field(
          "expiresAt",
          "Answer by (India time)",
          <input
            id="offer-expiresAt"
            name="expiresAt"
            type="datetime-local"
            value={values.expiresAt}
            class={CONTROL + border("expiresAt")}
            {...aria("expiresAt")}
          />,
        )}
      </div>
      {field(
        "note",
        "Note (optional)",
        <textarea id="offer-note" name="note" rows={2} maxLength={2000} class={CONTROL + border("note")}>
          {values.note}
        </textarea>,
      )}

      <div class="rounded-xl bg-ink-50 p-3 text-sm" aria-live="polite" data-testid="offer-summary">
        <p>
          <span class="font-semibold">{fmt(money.value.fee)}</span> · deposit {fmt(money.value.deposit)}{" "}
          · balance {fmt(money.value.balance)}
        </p>
        <table class="mt-2 w-full text-left text-xs">
          <caption class="text-left text-ink-500 pb-1">
            If the organizer cancels, with the deposit paid
          </caption>
          <thead>
            <tr class="text-ink-500">
              <th class="font-medium">Notice</th>
              <th class="font-medium">Act is owed</th>
              <th class="font-medium">Refund</th>
              <th class="font-medium">Still owed</th>
            </tr>
          </thead>
          <tbody>
            {money.value.rows.map((r) => (
              <tr key={r.when}>
                <td>{r.when}</td>
                <td>{fmt(r.act)}</td>
                <td>{fmt(r.refund)}</td>
                <td>{fmt(r.owing)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
