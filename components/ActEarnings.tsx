/**
 * An act's earnings: for each currency what escrow holds and what was
 * released to the act after the platform's fee, with each member's share of
 * a band's; what was paid out and what waits at the gateway until the
 * dispute window closes; the releases by month; and each booking's money.
 * The owner, admins and staff see every member's share, a member only their
 * own beside the band's totals.
 */
import type { ComponentChildren } from "preact";
import { formatMoneyExact } from "../domain/money_format.ts";
import { formatDate, formatMonth } from "../domain/time_format.ts";
import type { ActEarningsPage } from "../services/payments/earnings_page.ts";
import type { MemberShare } from "../services/payments/reads.ts";

type Page = ActEarningsPage;

function Card(
  { title, id, children, testId }: { title: string; id: string; children: ComponentChildren; testId: string },
) {
  return (
    <section class="bg-white rounded-2xl shadow-sm p-5 grid gap-3" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} class="font-bold">{title}</h2>
      {children}
    </section>
  );
}

function Line({ label, amount, currency, strong, part }: {
  label: string;
  amount: number;
  currency: string;
  strong?: boolean;
  /** A part of the line above it (a member's share of what was released): indented under it. */
  part?: boolean;
}) {
  return (
    <div class={`flex flex-wrap justify-between gap-2 border-t border-ink-100 pt-2${part ? " pl-4" : ""}`}>
      <dt class={strong ? "font-semibold" : "text-ink-700"}>{label}</dt>
      <dd class={strong ? "font-semibold" : ""}>{formatMoneyExact(amount, currency)}</dd>
    </div>
  );
}

/** The members' lines: each member's share, or the viewer's own. */
function Shares(
  { members, currency, scope }: { members: MemberShare[]; currency: string; scope: Page["scope"] },
) {
  if (scope === "own") {
    return <Line label="Your share" amount={members[0]?.amount ?? 0} currency={currency} strong part />;
  }
  const byName = [...members].sort((a, b) => a.name.localeCompare(b.name, "en-IN"));
  return (
    <>
      {byName.map((m) => (
        <Line key={m.userId} label={`${m.name}'s share`} amount={m.amount} currency={currency} part />
      ))}
    </>
  );
}

const sum = (amounts: number[]) => amounts.reduce((a, b) => a + b, 0);

function Totals({ page }: { page: Page }) {
  const { earnings, scope } = page;
  return (
    <Card title="Totals" id="totals-title" testId="earnings-totals">
      {earnings.totals.map((t) => {
        const fee = sum(earnings.bookings.filter((b) => b.currency === t.currency).map((b) => b.platformFee));
        const toMembers = sum(t.members.map((m) => m.amount));
        return (
          <dl key={t.currency} class="grid gap-2 text-sm" data-testid={`earnings-totals-${t.currency}`}>
            <Line label="Held in escrow until the show" amount={t.held} currency={t.currency} />
            <Line label="Platform fee on what was released" amount={fee} currency={t.currency} />
            <Line
              label="Released to the act after the fee"
              amount={t.released}
              currency={t.currency}
              strong
            />
            {(t.members.length > 0 || scope === "own") && (
              <Shares members={t.members} currency={t.currency} scope={scope} />
            )}
            {scope === "all" && t.members.length > 0 && (
              <Line label="Left with the act" amount={t.released - toMembers} currency={t.currency} part />
            )}
          </dl>
        );
      })}
    </Card>
  );
}

function PaidOut({ page, now }: { page: Page; now: Date }) {
  const { earnings } = page;
  const waiting = earnings.bookings.filter((b) => b.payoutsHeld !== null);
  return (
    <Card title="Paid out" id="paid-out-title" testId="earnings-paid-out">
      {earnings.totals.length > 0 && (
        <dl class="grid gap-2 text-sm">
          {earnings.totals.map((t) => (
            <Line
              key={t.currency}
              label="Sent to payout accounts"
              amount={t.paidOut}
              currency={t.currency}
              strong
            />
          ))}
        </dl>
      )}
      {waiting.length > 0 && (
        <ul class="grid gap-1 text-sm" data-testid="payouts-held">
          {waiting.map((b) => (
            <li key={b.bookingId}>
              {formatMoneyExact(b.payoutsHeld!.amount, b.currency)} from “{b.title}”{" "}
              {new Date(b.payoutsHeld!.until) > now
                ? `is on hold at the gateway until ${
                  formatDate(b.payoutsHeld!.until)
                }, when the window for disputes closes.`
                : `is being sent: the window for disputes closed on ${formatDate(b.payoutsHeld!.until)}.`}
            </li>
          ))}
        </ul>
      )}
      <p class="text-sm text-ink-700">
        Released money is sent to each payee's account at the gateway that took the payment, once an admin has
        entered that account after the gateway's checks; until then it stays owed to them here.
      </p>
    </Card>
  );
}

function Months({ page }: { page: Page }) {
  return (
    <Card title="Released by month" id="months-title" testId="earnings-months">
      <table class="w-full text-sm border-collapse">
        <thead>
          <tr>
            <th scope="col" class="text-left font-semibold border-b border-ink-300 py-1 pr-3">Month</th>
            <th scope="col" class="text-right font-semibold border-b border-ink-300 py-1">Released</th>
          </tr>
        </thead>
        <tbody>
          {page.earnings.months.map((m) => (
            <tr key={`${m.month} ${m.currency}`}>
              <th scope="row" class="text-left font-normal border-b border-ink-100 py-1 pr-3">
                {formatMonth(m.month)}
              </th>
              <td class="text-right border-b border-ink-100 py-1">
                {formatMoneyExact(m.released, m.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function Bookings({ page }: { page: Page }) {
  const { earnings, scope } = page;
  return (
    <Card title="By booking" id="bookings-title" testId="earnings-bookings">
      <ul class="grid gap-4">
        {earnings.bookings.map((b) => (
          <li key={b.bookingId} class="grid gap-1" data-testid="earnings-booking">
            <p>
              <a href={`/bookings/${b.bookingId}`} class="font-medium text-plum-700 underline">{b.title}</a>
              {" "}
              <span class="text-sm text-ink-500">· {formatDate(b.startsAt)}</span>
            </p>
            <dl class="grid gap-2 text-sm">
              <Line label="Held" amount={b.held} currency={b.currency} />
              <Line label="Released" amount={b.released} currency={b.currency} strong />
              <Line label="Platform fee" amount={b.platformFee} currency={b.currency} />
              {(b.members.length > 0 || scope === "own") && (
                <Shares members={b.members} currency={b.currency} scope={scope} />
              )}
            </dl>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function ActEarnings({ page, now }: { page: Page; now: Date }) {
  const { act, earnings, scope } = page;
  const band = act.kind === "band";
  return (
    <section class="max-w-3xl mx-auto px-4 py-6 grid gap-5">
      <div>
        <p class="text-sm text-ink-500">
          <a href={`/${band ? "bands" : "artists"}/${act.slug}`} class="underline">{act.name}</a>
        </p>
        <h1 class="text-2xl font-bold mt-1">Earnings</h1>
        <p class="mt-1 text-sm text-ink-700">
          {scope === "own"
            ? `You see ${act.name}'s totals and your own share of them; the band's manager sees every member's.`
            : `What organizers paid for ${act.name}'s bookings: held until each show, then released to the act${
              band ? " and shared among its members by their fee shares" : ""
            }.`}
        </p>
      </div>
      {earnings.bookings.length === 0 && (
        <p class="bg-white rounded-2xl shadow-sm p-5 text-sm" data-testid="earnings-empty">
          Nothing has been paid yet. When an organizer pays a booking's deposit, Artist Space holds it and it
          shows here; once the show is completed, it is released to the act, less the platform's fee.
        </p>
      )}
      {earnings.bookings.length > 0 && <Totals page={page} />}
      <PaidOut page={page} now={now} />
      {earnings.months.length > 0 && <Months page={page} />}
      {earnings.bookings.length > 0 && <Bookings page={page} />}
    </section>
  );
}
