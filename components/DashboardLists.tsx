/** The lists of the dashboard page: small, server-rendered, each with an empty state. */
import type { ComponentChildren } from "preact";
import type { BookingState } from "../domain/booking_machine.ts";
import { formatMoney } from "../domain/money_format.ts";
import { formatDate, formatDateTime } from "../domain/time_format.ts";
import { STATUS_LABEL } from "./BookingDetails.tsx";
import { CONTRACT_STATUS_LABEL } from "./ContractStatus.tsx";
import type {
  ActLink,
  ApplicationLine,
  BookingLine,
  ContractLine,
  OpportunityLine,
} from "../services/dashboard.ts";

function Card(
  { title, children, testId }: { title: string; children: ComponentChildren; testId?: string },
) {
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5" data-testid={testId}>
      <h3 class="font-bold">{title}</h3>
      {children}
    </div>
  );
}

export function BookingList(
  { title, empty, bookings, testId }: {
    title: string;
    empty: string;
    bookings: BookingLine[];
    testId: string;
  },
) {
  return (
    <Card title={title} testId={testId}>
      {bookings.length === 0
        ? <p class="mt-2 text-sm text-ink-500">{empty}</p>
        : (
          <ul class="mt-3 divide-y divide-ink-100">
            {bookings.map((b) => (
              <li key={b.id} class="py-3 flex flex-wrap items-baseline justify-between gap-2">
                <div>
                  <a href={`/bookings/${b.id}`} class="font-medium text-plum-700 underline">{b.title}</a>
                  <p class="text-xs text-ink-500">
                    {b.counterpart} · {formatDateTime(b.startsAt)} · {STATUS_LABEL[b.status]}
                  </p>
                </div>
                <div class="text-right">
                  <p class="font-semibold">{b.fee > 0 ? formatMoney(b.fee, b.currency) : "Fee to agree"}</p>
                  {b.offerExpiresAt && (
                    <p class="text-xs text-saffron-700">Answer by {formatDateTime(b.offerExpiresAt)}</p>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}

/** Contracts out for signature that wait for the user, each linking to where it is read and signed. */
export function ContractList({ contracts, testId }: { contracts: ContractLine[]; testId: string }) {
  return (
    <Card title="Waiting for your signature" testId={testId}>
      {contracts.length === 0
        ? <p class="mt-2 text-sm text-ink-500">No contract is waiting for your signature.</p>
        : (
          <ul class="mt-3 divide-y divide-ink-100">
            {contracts.map((c) => (
              <li key={c.contractId} class="py-3">
                <a href={`/bookings/${c.bookingId}/contract`} class="font-medium text-plum-700 underline">
                  Contract: {c.title}
                </a>
                <p class="text-xs text-ink-500">
                  {c.actName} · {formatDateTime(c.startsAt)} · {CONTRACT_STATUS_LABEL[c.status]}
                </p>
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}

export function OpportunityList({ opportunities }: { opportunities: OpportunityLine[] }) {
  return (
    <Card title="Your opportunities" testId="organizer-opportunities">
      {opportunities.length === 0
        ? <p class="mt-2 text-sm text-ink-500">You have no upcoming opportunities.</p>
        : (
          <ul class="mt-3 divide-y divide-ink-100">
            {opportunities.map((o) => (
              <li key={o.id} class="py-3 flex flex-wrap items-baseline justify-between gap-2">
                <div>
                  <a href={`/opportunities/${o.id}`} class="font-medium text-plum-700 underline">{o.title}</a>
                  <p class="text-xs text-ink-500">{formatDate(o.startsAt)} · {o.status}</p>
                </div>
                <p class="text-sm">
                  {o.applications} application{o.applications === 1 ? "" : "s"}
                  {o.unreviewed > 0 && (
                    <span class="ml-2 rounded bg-saffron-100 text-saffron-700 px-2 py-0.5 text-xs">
                      {o.unreviewed} new
                    </span>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}

export function StateCounts({ counts }: { counts: Partial<Record<BookingState, number>> }) {
  const states = (Object.keys(STATUS_LABEL) as BookingState[]).filter((s) => counts[s]);
  return (
    <Card title="Bookings by state" testId="organizer-states">
      {states.length === 0
        ? <p class="mt-2 text-sm text-ink-500">No bookings yet.</p>
        : (
          <ul class="mt-3 flex flex-wrap gap-2">
            {states.map((s) => (
              <li key={s} class="rounded-lg bg-ink-50 px-3 py-2 text-sm">
                <span class="font-bold">{counts[s]}</span> {STATUS_LABEL[s]}
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}

export function ApplicationList({ applications }: { applications: ApplicationLine[] }) {
  return (
    <Card title="Your applications" testId="act-applications">
      {applications.length === 0
        ? (
          <p class="mt-2 text-sm text-ink-500">
            No open applications. <a href="/opportunities" class="underline">Browse opportunities</a>.
          </p>
        )
        : (
          <ul class="mt-3 divide-y divide-ink-100">
            {applications.map((ap) => (
              <li key={ap.id} class="py-3 flex flex-wrap items-baseline justify-between gap-2">
                <div>
                  <a href={`/opportunities/${ap.opportunityId}`} class="font-medium text-plum-700 underline">
                    {ap.opportunityTitle}
                  </a>
                  <p class="text-xs text-ink-500">{ap.actName} · {formatDate(ap.startsAt)} · {ap.status}</p>
                </div>
                <p class="font-semibold">{formatMoney(ap.proposedFee, ap.currency)}</p>
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}

/** The earnings page of each act the user owns or plays in. */
export function EarningsLinks({ acts }: { acts: ActLink[] }) {
  if (acts.length === 0) return null;
  return (
    <Card title="Earnings" testId="act-earnings">
      <ul class="mt-3 divide-y divide-ink-100">
        {acts.map((a) => (
          <li key={a.slug} class="py-3">
            <a
              href={`/${a.kind === "band" ? "bands" : "artists"}/${a.slug}/earnings`}
              class="font-medium text-plum-700 underline"
            >
              {a.name}: earnings
            </a>
            <p class="text-xs text-ink-500">
              {a.owned ? "Held, released and each member's share" : "The band's totals and your share"}
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
