/**
 * A compact month grid for small screens: seven narrow columns, the day
 * number and a dot per mark of its entries: a filled dot for an agreed show,
 * a hollow one for a request still awaiting a reply. Each day's label and the
 * key under the grid say the same in words. The details are in the list
 * below it (CalendarEntries), which each day links to.
 */
import type { CalendarMark } from "../domain/calendar_marks.ts";
import { type MonthGrid, WEEKDAYS } from "../domain/calendar_month.ts";
import { formatDay } from "../domain/time_format.ts";

/** How each mark looks and reads. Cancelled bookings are not on the month, so "closed" never shows here. */
export const MARKS: Record<CalendarMark, { label: string; dot: string }> = {
  confirmed: { label: "Confirmed show", dot: "bg-saffron-600 border border-saffron-600" },
  request: { label: "Request — awaiting reply", dot: "bg-white border border-saffron-600" },
  closed: { label: "Cancelled", dot: "bg-white border border-ink-300" },
  hold: { label: "Hold", dot: "bg-plum-500 border border-plum-500" },
  block: { label: "Blocked", dot: "bg-ink-500 border border-ink-500" },
};

const KEY: CalendarMark[] = ["confirmed", "request", "hold", "block"];

export function MarkDot({ mark, class: extra = "" }: { mark: CalendarMark; class?: string }) {
  return <span class={`w-2 h-2 shrink-0 rounded-full ${MARKS[mark].dot} ${extra}`} aria-hidden="true" />;
}

export function CalendarMonth(
  { grid, marks, today }: { grid: MonthGrid; marks: Record<string, CalendarMark[]>; today: string },
) {
  return (
    <div class="bg-white rounded-2xl shadow-sm p-2 sm:p-4">
      <div class="grid grid-cols-7 text-center text-xs font-semibold text-ink-500" aria-hidden="true">
        {WEEKDAYS.map((d) => <div key={d} class="py-1">{d}</div>)}
      </div>
      <ol class="grid grid-cols-7 gap-px" data-testid="month-grid">
        {grid.weeks.flat().map((day) => {
          const onDay = marks[day.date] ?? [];
          const label = onDay.length
            ? `${formatDay(day.date)}: ${onDay.map((k) => MARKS[k].label).join(", ")}`
            : formatDay(day.date);
          return (
            <li key={day.date} class="aspect-square">
              <a
                href={onDay.length && day.inMonth ? `#day-${day.date}` : undefined}
                aria-label={label}
                class={`h-full flex flex-col items-center justify-center rounded-lg text-sm ${
                  day.inMonth ? "text-ink-900" : "text-ink-500"
                } ${day.date === today ? "ring-2 ring-saffron-500 font-bold" : ""} ${
                  onDay.length && day.inMonth ? "hover:bg-ink-50" : ""
                }`}
              >
                <span>{day.day}</span>
                <span class="flex gap-0.5 h-2 mt-0.5">
                  {onDay.map((k) => <MarkDot key={k} mark={k} />)}
                </span>
              </a>
            </li>
          );
        })}
      </ol>
      <ul class="mt-2 flex flex-wrap gap-3 text-xs text-ink-700" aria-label="Key" data-testid="calendar-key">
        {KEY.map((k) => (
          <li key={k} class="inline-flex items-center gap-1">
            <MarkDot mark={k} />
            {MARKS[k].label}
          </li>
        ))}
      </ul>
    </div>
  );
}
