/**
 * A compact month grid for small screens: seven narrow columns, the day
 * number and a dot per kind of entry. The details are in the list below it
 * (CalendarEntries), which each day links to.
 */
import { type MonthGrid, WEEKDAYS } from "../domain/calendar_month.ts";
import type { EntryKind } from "../services/calendar/month.ts";

export const KIND_DOT: Record<EntryKind, string> = {
  booking: "bg-saffron-500",
  hold: "bg-plum-500",
  block: "bg-ink-500",
};

export const KIND_LABEL: Record<EntryKind, string> = {
  booking: "Booking",
  hold: "Hold",
  block: "Blocked",
};

const MONTH_NAME = new Intl.DateTimeFormat("en-IN", { month: "long", year: "numeric", timeZone: "UTC" });

export function monthTitle(grid: MonthGrid): string {
  return MONTH_NAME.format(new Date(Date.UTC(grid.year, grid.monthNumber - 1, 1)));
}

export function CalendarMonth(
  { grid, days, today }: { grid: MonthGrid; days: Record<string, EntryKind[]>; today: string },
) {
  return (
    <div class="bg-white rounded-2xl shadow-sm p-2 sm:p-4">
      <div class="grid grid-cols-7 text-center text-xs font-semibold text-ink-500" aria-hidden="true">
        {WEEKDAYS.map((d) => <div key={d} class="py-1">{d}</div>)}
      </div>
      <ol class="grid grid-cols-7 gap-px" data-testid="month-grid">
        {grid.weeks.flat().map((day) => {
          const kinds = days[day.date] ?? [];
          const label = kinds.length
            ? `${day.date}: ${kinds.map((k) => KIND_LABEL[k]).join(", ")}`
            : day.date;
          return (
            <li key={day.date} class="aspect-square">
              <a
                href={kinds.length && day.inMonth ? `#day-${day.date}` : undefined}
                aria-label={label}
                class={`h-full flex flex-col items-center justify-center rounded-lg text-sm ${
                  day.inMonth ? "text-ink-900" : "text-ink-500"
                } ${day.date === today ? "ring-2 ring-saffron-500 font-bold" : ""} ${
                  kinds.length && day.inMonth ? "hover:bg-ink-50" : ""
                }`}
              >
                <span>{day.day}</span>
                <span class="flex gap-0.5 h-1.5 mt-0.5">
                  {kinds.map((k) => <span key={k} class={`w-1.5 h-1.5 rounded-full ${KIND_DOT[k]}`} />)}
                </span>
              </a>
            </li>
          );
        })}
      </ol>
      <p class="mt-2 flex flex-wrap gap-3 text-xs text-ink-500">
        {(Object.keys(KIND_DOT) as EntryKind[]).map((k) => (
          <span key={k} class="inline-flex items-center gap-1">
            <span class={`w-2 h-2 rounded-full ${KIND_DOT[k]}`} />
            {KIND_LABEL[k]}
          </span>
        ))}
      </p>
    </div>
  );
}
