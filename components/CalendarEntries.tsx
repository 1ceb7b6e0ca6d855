/**
 * The month's entries as a list grouped by day: bookings link to their page,
 * holds show their rank and a release button, blocks a remove button for the
 * act's owner. Buttons are plain form posts, so all of it works without
 * JavaScript.
 */
import type { CalendarEntry } from "../services/calendar/month.ts";
import { STATUS_LABEL } from "./BookingDetails.tsx";
import { KIND_DOT } from "./CalendarMonth.tsx";

const DAY = new Intl.DateTimeFormat("en-IN", {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});

function dayLabel(date: string): string {
  return DAY.format(new Date(`${date}T00:00:00Z`));
}

function ordinal(rank: number): string {
  const tail = rank % 100 >= 11 && rank % 100 <= 13
    ? "th"
    : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[rank % 10] ?? "th";
  return `${rank}${tail} hold`;
}

export function CalendarEntries(
  { entries, month, canRemoveBlocks }: { entries: CalendarEntry[]; month: string; canRemoveBlocks: boolean },
) {
  const inMonth = entries.filter((e) => e.lastDate.slice(0, 7) >= month && e.firstDate.slice(0, 7) <= month);
  if (inMonth.length === 0) {
    return <p class="text-ink-500 text-sm" data-testid="entries">Nothing on your calendar this month.</p>;
  }
  const byDay = new Map<string, CalendarEntry[]>();
  for (const e of inMonth) {
    const day = e.firstDate.slice(0, 7) < month ? `${month}-01` : e.firstDate;
    byDay.set(day, [...byDay.get(day) ?? [], e]);
  }
  return (
    <ol class="grid gap-3" data-testid="entries">
      {[...byDay].map(([day, list]) => (
        <li key={day} id={`day-${day}`} class="bg-white rounded-2xl shadow-sm p-4">
          <h3 class="text-sm font-bold text-ink-700">{dayLabel(day)}</h3>
          <ul class="mt-2 grid gap-2">
            {list.map((e) => (
              <li key={`${e.kind}-${e.id}`} class="flex items-start gap-3">
                <span class={`mt-1.5 w-2 h-2 shrink-0 rounded-full ${KIND_DOT[e.kind]}`} aria-hidden="true" />
                <div class="flex-1 min-w-0">
                  <p class="font-medium truncate">
                    {e.link ? <a href={e.link} class="underline decoration-ink-300">{e.title}</a> : e.title}
                  </p>
                  <p class="text-xs text-ink-500">
                    {[
                      e.startTime,
                      e.actName,
                      e.kind === "hold" && e.rank ? ordinal(e.rank) : null,
                      e.kind === "block" && e.firstDate !== e.lastDate
                        ? `until ${dayLabel(e.lastDate)}`
                        : null,
                      e.status && STATUS_LABEL[e.status],
                      e.location,
                    ].filter(Boolean).join(" · ")}
                  </p>
                  {e.note && <p class="text-xs text-ink-700 mt-0.5">{e.note}</p>}
                </div>
                {e.kind === "hold" && e.canRelease && (
                  <form method="post">
                    <input type="hidden" name="holdId" value={e.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="release-hold"
                      class="text-sm text-red-700 underline"
                    >
                      Release
                    </button>
                  </form>
                )}
                {e.kind === "block" && canRemoveBlocks && (
                  <form method="post">
                    <input type="hidden" name="actId" value={e.actId} />
                    <input type="hidden" name="blockId" value={e.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="remove-block"
                      class="text-sm text-red-700 underline"
                    >
                      Remove
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
