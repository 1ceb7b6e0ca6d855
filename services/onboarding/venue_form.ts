/**
 * The "add your venue" form without JavaScript (/venues/new): its fields as
 * typed and how they become createVenue's input, with the form's own field
 * names on errors. The photo and facilities are added on the edit page.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { parseWholeNumber } from "../../domain/amounts.ts";
import { MAX_VENUE_CAPACITY } from "../../domain/catalog.ts";
import { type FieldIssue, ValidationError } from "../../domain/errors.ts";
import { cityInForm } from "../geo.ts";

export interface NewVenueValues {
  name: string;
  venueType: string;
  capacity: string;
  city: string;
  address: string;
  description: string;
}

export const EMPTY_VENUE: NewVenueValues = {
  name: "",
  venueType: "club",
  capacity: "",
  city: "",
  address: "",
  description: "",
};

export function newVenueValuesOf(form: FormData): NewVenueValues {
  const s = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  return {
    name: s("name"),
    venueType: s("venueType").trim(),
    capacity: s("capacity").trim(),
    city: s("city").trim(),
    address: s("address"),
    description: s("description"),
  };
}

export function venueFormField(serviceField: string): string {
  return serviceField === "cityId" ? "city" : serviceField;
}

/** createVenue's input for `v`; a capacity that is not a number or an unknown city fails here. */
export async function newVenueInput(
  db: Kysely<Database>,
  v: NewVenueValues,
): Promise<Record<string, unknown>> {
  const issues: FieldIssue[] = [];
  const capacity = parseWholeNumber(v.capacity, { max: MAX_VENUE_CAPACITY });
  if (!capacity.ok) issues.push({ field: "capacity", message: capacity.message });
  const city = await cityInForm(db, v.city, "city", issues);
  if (issues.length) throw new ValidationError("Please check the highlighted fields", issues);
  return {
    name: v.name,
    venueType: v.venueType,
    capacity: capacity.ok ? capacity.value : 0,
    cityId: city?.id ?? null,
    address: v.address.trim() || null,
    description: v.description.trim() || null,
  };
}
