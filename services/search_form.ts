/**
 * The search pages' GET forms (/artists, /venues, /opportunities). They run
 * the use cases the API's search endpoints run, so one schema validates a
 * filter wherever it comes from; the form only names its city instead of
 * giving an id, and passes everything else on as typed, so the service's
 * schema names the field it refuses. A stale or edited cursor starts again
 * from the first page; any other refused filter is shown beside its field.
 * A city no one has heard of is refused too, never quietly dropped (which
 * would widen the search to all of India): the form keeps every filter as
 * typed and offers the cities it may have meant.
 */
import type { Kysely } from "kysely";
import type { CityRow, CitySuggestionRow } from "../db/queries/geo.ts";
import type { Database } from "../db/schema.ts";
import { parseRupees } from "../domain/amounts.ts";
import { type FieldIssue, ValidationError } from "../domain/errors.ts";
import { citiesLike, cityByName } from "./geo.ts";

export interface SearchFormSpec<R> {
  /** The form's field names besides `city`, which every search form has. */
  fields: readonly string[];
  /** The service's input for what was typed (`city` the id of the city named, if any). */
  input(typed: Record<string, string>, cityId: number | undefined): Record<string, unknown>;
  search(input: Record<string, unknown>): Promise<R>;
  /** The form's names of service fields where they differ, e.g. cityId -> city. */
  formFields?: Record<string, string>;
  /** Told when the cursor no longer works, e.g. "That page of venues has moved". */
  moved: string;
}

export interface SearchForm<R> {
  /** The fields as typed ("" when absent), to fill the form in again. */
  typed: Record<string, string>;
  city: CityRow | null;
  /** Null when a filter was refused; `fields` says why. */
  result: R | null;
  /** Form field name -> what is wrong with it. */
  fields: Record<string, string>;
  notice?: string;
  /** When the city typed is unknown: the cities it may have meant, likeliest first. */
  didYouMean: CitySuggestionRow[];
  status: 200 | 422;
}

export async function searchForm<R>(
  db: Kysely<Database>,
  params: URLSearchParams,
  spec: SearchFormSpec<R>,
): Promise<SearchForm<R>> {
  const typed = Object.fromEntries(["city", ...spec.fields].map((name) => [name, params.get(name) ?? ""]));
  let city: CityRow | null = null;
  try {
    city = await cityByName(db, typed.city);
    const named = typed.city.trim();
    if (named && !city) {
      const didYouMean = await citiesLike(db, named);
      return {
        typed,
        city,
        result: null,
        fields: { city: `We could not find a city called "${named}"` },
        notice: didYouMean.length > 0
          ? "Did you mean one of these cities?"
          : "Check the city's spelling, or leave City empty to search all of India.",
        didYouMean,
        status: 422,
      };
    }
    const input = spec.input(typed, city?.id);
    try {
      return { typed, city, result: await spec.search(input), fields: {}, didYouMean: [], status: 200 };
    } catch (err) {
      if (!(err instanceof ValidationError && isAboutCursor(err))) throw err;
      const result = await spec.search({ ...input, cursor: undefined });
      return {
        typed,
        city,
        result,
        fields: {},
        notice: `${spec.moved}; here is the first one.`,
        didYouMean: [],
        status: 200,
      };
    }
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const fields: Record<string, string> = {};
    for (const d of err.details) fields[spec.formFields?.[d.field] ?? d.field] ??= d.message;
    return {
      typed,
      city,
      result: null,
      fields,
      notice: "Please check the highlighted filters.",
      didYouMean: [],
      status: 422,
    };
  }
}

function isAboutCursor(err: ValidationError): boolean {
  return err.details.length > 0 && err.details.every((d) => d.field === "cursor");
}

/**
 * Budget filters typed in whole rupees ("1,00,000", "100,000" or "100000")
 * as the search's paise, for a `SearchFormSpec.input`: `fields` maps each
 * service field to the form field it is typed in. Blank is no filter; an
 * amount that cannot be read is its form field's error, not dropped.
 */
export function rupeeFilters<K extends string>(
  typed: Record<string, string>,
  fields: Record<K, string>,
): Record<K, number | undefined> {
  const issues: FieldIssue[] = [];
  const out = {} as Record<K, number | undefined>;
  for (const [serviceField, formField] of Object.entries(fields) as [K, string][]) {
    const text = typed[formField]?.trim() ?? "";
    const parsed = text ? parseRupees(text) : undefined;
    if (parsed && !parsed.ok) issues.push({ field: formField, message: parsed.message });
    out[serviceField] = parsed?.ok ? parsed.value : undefined;
  }
  if (issues.length) throw new ValidationError("Invalid input data", issues);
  return out;
}
