import { page } from "fresh";
import { CalendarEntries } from "../../components/CalendarEntries.tsx";
import { CalendarMonth } from "../../components/CalendarMonth.tsx";
import { Field, FormMessage, type FormState, formStateOf } from "../../components/forms.tsx";
import { OfflineBanner } from "../../components/OfflineBanner.tsx";
import { addDays, isDate, localDate, parseMonth, zonedInstant } from "../../domain/calendar_month.ts";
import { ValidationError } from "../../domain/errors.ts";
import { formatMonth } from "../../domain/time_format.ts";
import { formFields } from "../../lib/form_data.ts";
import { addBlock, removeBlock } from "../../services/calendar/blocks.ts";
import { type MonthCalendar, monthCalendar, userTimeZone } from "../../services/calendar/month.ts";
import { type FeedLink, feedLink, rotateFeed } from "../../services/calendar/feed.ts";
import { releaseHold } from "../../services/calendar/holds.ts";
import { define, signInFirst, type State } from "../../utils.ts";

interface Data {
  calendar: MonthCalendar;
  feed: FeedLink;
  today: string;
  notice?: string;
  /** The add-block form's values and errors, after a failed post. */
  values: Record<string, string>;
  form?: FormState;
}

const NOTICES: Record<string, string> = {
  "block-added": "Those dates are blocked.",
  "block-removed": "The block is removed.",
  "hold-released": "The hold is released; the holds after it moved up.",
  "feed-rotated": "Your calendar feed has a new address. The old one no longer works.",
};

/** Block-form fields named as the service names them. */
const BLOCK_FIELDS: Record<string, string> = { startsAt: "startDate", endsAt: "endDate" };

export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const notice = NOTICES[ctx.url.searchParams.get("notice") ?? ""];
    return page(await load(ctx.state, ctx.url.searchParams.get("month"), { notice, values: {} }));
  },
  async POST(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const state = ctx.state;
    const values = await formFields(ctx.req);
    const month = ctx.url.searchParams.get("month");
    const back = (notice: string, to = month) =>
      ctx.redirect(`/calendar?${to && parseMonth(to) ? `month=${to}&` : ""}notice=${notice}`, 303);
    try {
      switch (values.intent) {
        case "add-block": {
          const timeZone = await userTimeZone(state.db, state.actor!.userId);
          const { startsAt, endsAt } = blockTimes(values, timeZone);
          await addBlock(state.db, state.actor, values.actId ?? "", {
            startsAt,
            endsAt,
            reason: values.reason?.trim() || null,
          }, state.requestMeta);
          return back("block-added", values.startDate.slice(0, 7));
        }
        case "remove-block":
          await removeBlock(
            state.db,
            state.actor,
            values.actId ?? "",
            values.blockId ?? "",
            state.requestMeta,
          );
          return back("block-removed");
        case "release-hold":
          await releaseHold(state.deps, state.actor, values.holdId ?? "", state.requestMeta);
          return back("hold-released");
        case "rotate-feed":
          await rotateFeed(state.deps, state.calendarFeeds, state.actor, state.requestMeta);
          return back("feed-rotated");
      }
      throw new ValidationError("Unknown action");
    } catch (err) {
      const form = formStateOf(err);
      for (const [from, to] of Object.entries(BLOCK_FIELDS)) {
        if (form.fields[from]) form.fields[to] ??= form.fields[from];
      }
      const data = await load(state, month, { values, form });
      return page(data, { status: form.status });
    }
  },
});

/** Whole days in the user's zone: from the start of the first to the end of the last. */
function blockTimes(values: Record<string, string>, timeZone: string): { startsAt: string; endsAt: string } {
  const start = values.startDate ?? "";
  const end = values.endDate || start;
  const issues = [];
  if (!isDate(start)) issues.push({ field: "startDate", message: "Pick the first day" });
  if (!isDate(end)) issues.push({ field: "endDate", message: "Pick the last day" });
  else if (isDate(start) && end < start) {
    issues.push({ field: "endDate", message: "Must not be before the first day" });
  }
  if (issues.length) throw new ValidationError("Check the dates", issues);
  return {
    startsAt: zonedInstant(start, "00:00", timeZone).toISOString(),
    endsAt: zonedInstant(addDays(end, 1), "00:00", timeZone).toISOString(),
  };
}

async function load(
  state: State,
  month: string | null,
  extra: Pick<Data, "notice" | "values" | "form">,
): Promise<Data> {
  const timeZone = await userTimeZone(state.db, state.actor!.userId);
  const today = localDate(state.deps.now(), timeZone);
  const shown = month && parseMonth(month) ? month : today.slice(0, 7);
  const [calendar, feed] = await Promise.all([
    monthCalendar(state.deps, state.actor, shown),
    feedLink(state.deps, state.calendarFeeds, state.actor),
  ]);
  state.title = `Calendar · ${formatMonth(calendar.month)}`;
  return { calendar, feed, today, ...extra };
}

export default define.page<typeof handler>(function CalendarPage({ data }) {
  const { calendar, feed, values, form } = data;
  const { grid } = calendar;
  const err = form?.fields ?? {};
  const action = `/calendar?month=${calendar.month}`;
  return (
    <section class="max-w-3xl mx-auto px-4 py-6 sm:py-8 grid gap-5">
      {/* This month's page is the one kept for reading offline. */}
      {calendar.month === data.today.slice(0, 7) && <OfflineBanner />}
      <div class="flex items-center justify-between gap-3">
        <a
          href={`/calendar?month=${grid.prev}`}
          class="rounded-lg border border-ink-100 px-3 py-2"
          rel="prev"
        >
          <span aria-hidden="true">‹</span>
          <span class="sr-only">Previous month</span>
        </a>
        <div class="text-center">
          <h1 class="text-xl sm:text-2xl font-bold">{formatMonth(calendar.month)}</h1>
          <p class="text-xs text-ink-500">Times in {calendar.timeZone}</p>
        </div>
        <a
          href={`/calendar?month=${grid.next}`}
          class="rounded-lg border border-ink-100 px-3 py-2"
          rel="next"
        >
          <span aria-hidden="true">›</span>
          <span class="sr-only">Next month</span>
        </a>
      </div>
      <FormMessage state={{ message: data.notice }} tone="ok" />
      {form && values.intent !== "add-block" && <FormMessage state={form} />}

      <CalendarMonth grid={grid} marks={calendar.marks} today={data.today} />

      <div>
        <h2 class="text-lg font-bold mb-2">This month</h2>
        <CalendarEntries
          entries={calendar.entries}
          month={calendar.month}
          canRemoveBlocks={calendar.acts.length > 0}
        />
      </div>

      {calendar.acts.length > 0 && (
        <div class="bg-white rounded-2xl shadow-sm p-5">
          <h2 class="font-bold">Block dates</h2>
          <p class="text-sm text-ink-500">Days you cannot play. Searches will not show you as available.</p>
          {values.intent === "add-block" && (
            <div class="mt-3">
              <FormMessage state={form} />
            </div>
          )}
          <form method="post" action={action} class="mt-3 grid gap-3 sm:grid-cols-2" novalidate>
            <input type="hidden" name="intent" value="add-block" />
            <div class="sm:col-span-2">
              <label for="actId" class="block text-sm font-semibold text-ink-700">Act</label>
              <select
                id="actId"
                name="actId"
                class="mt-1 w-full rounded-lg border border-ink-100 px-3 py-2 bg-white"
              >
                {calendar.acts.map((a) => (
                  <option key={a.id} value={a.id} selected={values.actId === a.id}>{a.name}</option>
                ))}
              </select>
            </div>
            <Field
              name="startDate"
              label="First day"
              type="date"
              value={values.startDate}
              error={err.startDate}
              required
            />
            <Field name="endDate" label="Last day" type="date" value={values.endDate} error={err.endDate} />
            <div class="sm:col-span-2">
              <Field
                name="reason"
                label="Reason (only you see it)"
                value={values.reason}
                error={err.reason}
                maxlength={200}
              />
            </div>
            <button
              type="submit"
              class="sm:col-span-2 rounded-lg bg-saffron-500 hover:bg-saffron-600 text-ink-900 font-semibold px-4 py-2"
            >
              Block these dates
            </button>
          </form>
        </div>
      )}

      <div class="bg-white rounded-2xl shadow-sm p-5">
        <h2 class="font-bold">Subscribe in your calendar app</h2>
        <p class="text-sm text-ink-500">
          Add this address to Google Calendar, Apple Calendar or Outlook. Keep it private: anyone with it can
          see your bookings.
        </p>
        <label for="feed-url" class="sr-only">Calendar feed address</label>
        <input
          id="feed-url"
          readonly
          value={feed.url}
          class="mt-3 w-full rounded-lg border border-ink-100 px-3 py-2 text-sm font-mono bg-ink-50"
        />
        <div class="mt-3 flex flex-wrap items-center gap-3">
          <a href={feed.webcal} class="text-sm text-saffron-700 underline">Open in calendar app</a>
          <form method="post" action={action}>
            <button
              type="submit"
              name="intent"
              value="rotate-feed"
              class="rounded-lg border border-red-300 text-red-700 px-3 py-2 text-sm"
            >
              Rotate address
            </button>
          </form>
        </div>
      </div>
    </section>
  );
});
