import { page } from "fresh";
import { BandInvitations } from "../components/BandInvitations.tsx";
import {
  ApplicationList,
  BookingList,
  ContractList,
  EarningsLinks,
  OpportunityList,
  StateCounts,
} from "../components/DashboardLists.tsx";
import { NextStepCard } from "../components/NextStepCard.tsx";
import { NotificationList } from "../components/NotificationList.tsx";
import { organizerSideHeading, VenueSide } from "../components/VenueSide.tsx";
import { dashboard } from "../services/dashboard.ts";
import { markNotificationsRead, notificationInbox } from "../services/notifications.ts";
import { myInvitations } from "../services/onboarding/next_step.ts";
import { define, signInFirst, type State } from "../utils.ts";

async function load(state: State) {
  const [desk, inbox, invitations] = await Promise.all([
    dashboard(state.db, state.actor, state.deps.now()),
    notificationInbox(state.db, state.actor, { unreadLimit: 8, readLimit: 3 }),
    myInvitations(state.db, state.actor),
  ]);
  return { ...desk, inbox, invitations };
}

/** The signed-in user's desk: what needs them first, then what is coming up. */
export const handler = define.handlers({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Your dashboard";
    return page(await load(ctx.state));
  },
  /** "Mark all read": a plain form post, then back to a fresh GET. */
  async POST(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    await markNotificationsRead(ctx.state.db, ctx.state.actor, "all", ctx.state.deps.now());
    return ctx.redirect("/dashboard", 303);
  },
});

export default define.page<typeof handler>(function DashboardPage({ data }) {
  const { organizer, act, disputes, inbox, step, invitations } = data;
  return (
    <section class="max-w-5xl mx-auto px-4 py-8 grid gap-8">
      <div class="flex flex-wrap items-end justify-between gap-3">
        <h1 class="text-2xl font-bold">Your dashboard</h1>
        <nav class="flex flex-wrap gap-2 text-sm whitespace-nowrap" aria-label="Shortcuts">
          {organizer && (
            <a
              href="/opportunities/new"
              class="rounded-lg bg-saffron-500 text-ink-900 font-semibold px-3 py-2"
            >
              Post an opportunity
            </a>
          )}
          {act && <a href="/opportunities" class="rounded-lg border border-ink-300 px-3 py-2">Find gigs</a>}
          <a href="/bookings" class="rounded-lg border border-ink-300 px-3 py-2">Bookings</a>
          {organizer && <a href="/payments" class="rounded-lg border border-ink-300 px-3 py-2">Payments</a>}
          <a href="/calendar" class="rounded-lg border border-ink-300 px-3 py-2">Calendar</a>
          <a href="/account/trust" class="rounded-lg border border-ink-300 px-3 py-2">Trust scores</a>
          <a href="/account" class="rounded-lg border border-ink-300 px-3 py-2">Account</a>
        </nav>
      </div>

      <NextStepCard step={step} />
      <BandInvitations invitations={invitations} />
      <NotificationList inbox={inbox} allHref="/notifications" />

      {organizer && (
        <div class="grid gap-6" data-testid="organizer-dashboard">
          <h2 class="text-lg font-bold">{organizerSideHeading(organizer)}</h2>
          <BookingList
            title="Waiting for your answer"
            empty="No offers are waiting for you."
            bookings={organizer.awaitingAnswer}
            testId="organizer-awaiting"
          />
          <ContractList contracts={organizer.awaitingSignature} testId="organizer-to-sign" />
          <OpportunityList opportunities={organizer.opportunities} />
          <StateCounts counts={organizer.bookingsByState} />
          <BookingList
            title="Upcoming shows"
            empty="No confirmed shows yet."
            bookings={organizer.upcoming}
            testId="organizer-upcoming"
          />
        </div>
      )}

      {act && (
        <div class="grid gap-6" data-testid="act-dashboard">
          <h2 class="text-lg font-bold">As artist</h2>
          <BookingList
            title="Offers and requests waiting for your answer"
            empty="Nothing is waiting for your answer."
            bookings={act.awaitingAnswer}
            testId="act-awaiting"
          />
          <ContractList contracts={act.awaitingSignature} testId="act-to-sign" />
          <ApplicationList applications={act.applications} />
          <EarningsLinks acts={act.acts} />
          <BookingList
            title="Upcoming gigs"
            empty="No confirmed gigs yet."
            bookings={act.upcoming}
            testId="act-upcoming"
          />
        </div>
      )}

      {data.venue && <VenueSide venue={data.venue} />}

      {disputes && (
        <p>
          <a href="/admin" class="font-semibold underline" data-testid="admin-console">
            Open the admin console
          </a>
        </p>
      )}
      {disputes && (
        <BookingList
          title="Disputes waiting for a ruling"
          empty="No open disputes."
          bookings={disputes}
          testId="disputes"
        />
      )}
    </section>
  );
});
