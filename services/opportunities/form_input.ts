/**
 * The post/edit opportunity form without JavaScript: what its fields hold
 * (a city by name, a date and a time in India, whole rupees, "1,00,000" as
 * well as "100000") and how they
 * become the service's input, with the form's own field names on errors.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { parseRupees, rupeesInput } from "../../domain/amounts.ts";
import { type FieldIssue, ValidationError } from "../../domain/errors.ts";
import { INDIA_OFFSET, indiaWallClock } from "../../domain/india_time.ts";
import { cityInForm } from "../geo.ts";
import type { OpportunityView } from "./views.ts";

export interface OpportunityFormValues {
  title: string;
  description: string;
  date: string;
  time: string;
  durationMinutes: string;
  venueId: string;
  city: string;
  address: string;
  genres: string[];
  budgetMin: string;
  budgetMax: string;
  requirements: string;
  deadline: string;
}

/** The service's field names where the form's differ. */
const FORM_FIELD: Record<string, string> = {
  startsAt: "date",
  applicationDeadline: "deadline",
  cityId: "city",
};

/** The form's field for a service field; an item of a list ("genres.0") is shown at the list. */
export function formFieldOf(serviceField: string): string {
  const field = serviceField.replace(/\.\d+$/, "");
  return FORM_FIELD[field] ?? field;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

export function formValuesOf(form: FormData): OpportunityFormValues {
  const s = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  return {
    title: s("title"),
    description: s("description"),
    date: s("date").trim(),
    time: s("time").trim(),
    durationMinutes: s("durationMinutes").trim(),
    venueId: s("venueId").trim(),
    city: s("city").trim(),
    address: s("address"),
    genres: form.getAll("genres").filter((g): g is string => typeof g === "string").slice(0, 20),
    budgetMin: s("budgetMin").trim(),
    budgetMax: s("budgetMax").trim(),
    requirements: s("requirements"),
    deadline: s("deadline").trim(),
  };
}

export function formValuesFromView(o: OpportunityView): OpportunityFormValues {
  const starts = indiaWallClock(o.startsAt);
  return {
    title: o.title,
    description: o.description ?? "",
    date: starts.date,
    time: starts.time,
    durationMinutes: String(o.durationMinutes),
    venueId: o.venue?.id ?? "",
    city: o.venue ? "" : o.city ?? "",
    address: o.venue ? "" : o.address ?? "",
    genres: o.genres,
    budgetMin: rupeesInput(o.budgetMin),
    budgetMax: rupeesInput(o.budgetMax),
    requirements: o.requirements ?? "",
    deadline: indiaWallClock(o.applicationDeadline).date,
  };
}

/**
 * The service input for `v`. `before` (when editing) leaves the deadline
 * alone unless its day changed, since the form only has a day.
 */
export async function opportunityInput(
  db: Kysely<Database>,
  v: OpportunityFormValues,
  before?: OpportunityFormValues,
): Promise<Record<string, unknown>> {
  const issues: FieldIssue[] = [];
  const need = (ok: boolean, field: string, message: string) => ok || issues.push({ field, message });
  need(DAY.test(v.date) && TIME.test(v.time), "date", "Choose a date and a start time");
  need(DAY.test(v.deadline), "deadline", "Choose the last day to apply");
  need(/^\d{1,4}$/.test(v.durationMinutes), "durationMinutes", "Minutes, e.g. 90");
  const paise = (field: "budgetMin" | "budgetMax") => {
    const parsed = parseRupees(v[field]);
    if (parsed.ok) return parsed.value;
    issues.push({ field, message: parsed.message });
  };
  const budgetMin = paise("budgetMin");
  const budgetMax = paise("budgetMax");
  const city = await cityInForm(db, v.city, "city", issues);
  if (issues.length) throw new ValidationError("Please check the highlighted fields", issues);
  const input: Record<string, unknown> = {
    title: v.title,
    description: v.description.trim() || null,
    startsAt: `${v.date}T${v.time}:00${INDIA_OFFSET}`,
    durationMinutes: Number(v.durationMinutes),
    venueId: v.venueId || null,
    cityId: city?.id ?? null,
    address: v.address.trim() || null,
    genres: v.genres,
    budgetMin,
    budgetMax,
    requirements: v.requirements.trim() || null,
  };
  if (!before || before.deadline !== v.deadline) {
    input.applicationDeadline = `${v.deadline}T23:59:00${INDIA_OFFSET}`;
  }
  return input;
}

/** Listed venues for the form's choice, by city then name. */
export async function venueChoices(db: Kysely<Database>): Promise<{ value: string; label: string }[]> {
  const rows = await db.selectFrom("venues").leftJoin("cities", "cities.city_id", "venues.city_id")
    .select(["venues.id", "venues.name", "cities.name as city"])
    .orderBy("cities.name").orderBy("venues.name").limit(500).execute();
  return rows.map((r) => ({ value: r.id, label: r.city ? `${r.name} (${r.city})` : r.name }));
}
