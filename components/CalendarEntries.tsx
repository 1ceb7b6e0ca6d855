/**
 * The month's entries as a list grouped by day: bookings link to their page
 * and wear a badge, solid for an agreed show and outlined for a request still
 * awaiting a reply; holds show their rank and a release button, blocks a
 * remove button for the act's owner. Buttons are plain form posts, so all of
 * it works without JavaScript.
 */
import { calendarMark } from "../domain/calendar_marks.ts";
import { formatClock, formatDay } from "../domain/time_format.ts";
import type { CalendarEntry } from "../services/calendar/month.ts";
import { STATUS_LABEL } from "./BookingDetails.tsx";
import { MarkDot, MARKS } from "./CalendarMonth.tsx";

/** A booking's standing in words: what it is agreed to be, or that it still waits for an answer. */
function Standing({ entry }: { entry: CalendarEntry }) {
  const mark = calendarMark(entry.kind, entry.status);
  if (entry.kind !== "booking" || !entry.status) return null;
  const look = mark === "confirmed"
    ? "bg-saffron-700 text-white border-saffron-700"
    : mark === "request"
    ? "bg-white text-saffron-700 border-saffron-700 border-dashed"
    : "bg-white text-ink-700 border-ink-300";
  return (
    <span
      class={`shrink-0 rounded-full border px-2 py-0.5 text-xs font-semibold ${look}`}
      data-testid="standing"
      data-mark={mark}
    >
      {mark === "request" ? MARKS.request.label : STATUS_LABEL[entry.status]}
    </span>
  );
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
          <h3 class="text-sm font-bold text-ink-700">{formatDay(day)}</h3>
          <ul class="mt-2 grid gap-2">
            {list.map((e) => (
              <li key={`${e.kind}-${e.id}`} class="flex items-start gap-3">
                <MarkDot mark={calendarMark(e.kind, e.status)} class="mt-1.5" />
                <div class="flex-1 min-w-0">
                  <p class="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span class="font-medium truncate">
                      {e.link ? <a href={e.link} class="underline decoration-ink-300">{e.title}</a> : e.title}
                    </span>
                    <Standing entry={e} />
                  </p>
                  <p class="text-xs text-ink-500">
                    {[
                      e.startTime && formatClock(e.startTime),
                      e.actName,
                      e.kind === "hold" && e.rank ? ordinal(e.rank) : null,
                      e.kind === "block" && e.firstDate !== e.lastDate
                        ? `until ${formatDay(e.lastDate)}`
                        : null,
                      // A request's badge does not say where the talks are; this does ("Offer made").
                      e.status && e.status !== "inquiry" && calendarMark(e.kind, e.status) === "request"
                        ? STATUS_LABEL[e.status]
                        : null,
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
