import { page } from "fresh";
import { StatusBadge } from "../../components/BookingDetails.tsx";
import { formatMoney } from "../../domain/money_format.ts";
import { formatDateTime } from "../../domain/time_format.ts";
import { type BookingSummary, listBookings } from "../../services/bookings/bookings.ts";
import { define, signInFirst } from "../../utils.ts";
import { UPCOMING_STATES } from "../../domain/booking_machine.ts";

interface Group {
  title: string;
  empty: string;
  items: BookingSummary[];
}

/** The most a person sees at once; enough for anyone but an agency, who will get filters and paging. */
const LIMIT = 100;

export const handler = define.handlers<{ groups: Group[] }>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Your bookings";
    const { items } = await listBookings(ctx.state.deps, ctx.state.actor, { limit: LIMIT });
    const now = ctx.state.deps.now().getTime();
    const open = (b: BookingSummary) => !b.answerBy || new Date(b.answerBy).getTime() > now;
    const negotiating = (b: BookingSummary) =>
      ["inquiry", "offered", "negotiating"].includes(b.status) && open(b);
    const needsYou = (b: BookingSummary) => negotiating(b) && b.turn === b.role;
    const upcoming = (b: BookingSummary) =>
      (UPCOMING_STATES as readonly string[]).includes(b.status) && new Date(b.startsAt).getTime() > now;
    return page({
      groups: [
        { title: "Needs your answer", empty: "Nothing is waiting for you.", items: items.filter(needsYou) },
        {
          title: "In negotiation",
          empty: "No open negotiations.",
          items: items.filter((b) => negotiating(b) && !needsYou(b)),
        },
        { title: "Upcoming", empty: "No confirmed gigs ahead.", items: items.filter(upcoming) },
        {
          title: "Past and cancelled",
          empty: "Nothing here yet.",
          items: items.filter((b) => !negotiating(b) && !upcoming(b)).reverse(),
        },
      ],
    });
  },
});

/** Who else is on it: the act for its organizer, the organizer for the act, both for the venue. */
function counterpart(b: BookingSummary): string {
  const organizer = `for ${b.organizerName ?? "an organizer"}`;
  if (b.role === "organizer") return b.act.name;
  return b.role === "venue" ? `${b.act.name} ${organizer} at your venue` : organizer;
}

function Row({ b }: { b: BookingSummary }) {
  return (
    <li>
      <a href={`/bookings/${b.id}`} class="block py-3 hover:bg-ink-50 rounded-lg px-2 -mx-2">
        <p class="flex items-center justify-between gap-2">
          <span class="font-semibold">{b.title}</span>
          <StatusBadge status={b.status} />
        </p>
        <p class="text-sm text-ink-500">
          {counterpart(b)} · {formatDateTime(b.startsAt)}
          {b.fee > 0 && ` · ${formatMoney(b.fee, b.currency)}`}
        </p>
      </a>
    </li>
  );
}

export default define.page<typeof handler>(function Bookings({ data }) {
  return (
    <section class="max-w-2xl mx-auto px-4 py-6 grid gap-5">
      <h1 class="text-2xl font-bold">Your bookings</h1>
      {data.groups.map((g) => (
        <div key={g.title} class="bg-white rounded-2xl shadow-sm p-5" data-group={g.title}>
          <h2 class="font-bold">
            {g.title} {g.items.length > 0 && <span class="text-ink-500 font-normal">({g.items.length})</span>}
          </h2>
          {g.items.length === 0
            ? <p class="mt-2 text-sm text-ink-500">{g.empty}</p>
            : <ul class="mt-1 divide-y divide-ink-100">{g.items.map((b) => <Row key={b.id} b={b} />)}</ul>}
        </div>
      ))}
    </section>
  );
});
