/**
 * The "create your act" form without JavaScript (/artists/new, /bands/new):
 * what its fields hold (a city by name, fees in rupees) and how they become
 * createAct's input, with the form's own field names on errors. Photos,
 * links and the rest are added afterwards on the act's edit page.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ActKind } from "../../domain/catalog.ts";
import { parseRupees } from "../../domain/amounts.ts";
import { type FieldIssue, ValidationError } from "../../domain/errors.ts";
import { cityInForm } from "../geo.ts";

export interface NewActValues {
  name: string;
  homeCity: string;
  genres: string[];
  budgetMin: string;
  budgetStandard: string;
  budgetPremium: string;
  bio: string;
}

export const EMPTY_ACT: NewActValues = {
  name: "",
  homeCity: "",
  genres: [],
  budgetMin: "",
  budgetStandard: "",
  budgetPremium: "",
  bio: "",
};

export function newActValuesOf(form: FormData): NewActValues {
  const s = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  return {
    name: s("name"),
    homeCity: s("homeCity").trim(),
    genres: form.getAll("genres").filter((g): g is string => typeof g === "string").slice(0, 20),
    budgetMin: s("budgetMin").trim(),
    budgetStandard: s("budgetStandard").trim(),
    budgetPremium: s("budgetPremium").trim(),
    bio: s("bio"),
  };
}

/** The form's field for a service field; an item of a list ("genres.0") is shown at the list. */
export function actFormField(serviceField: string): string {
  const field = serviceField.replace(/\.\d+$/, "");
  return field === "homeCityId" ? "homeCity" : field;
}

/** createAct's input for `v`; what cannot even be read (a fee, a city) is a ValidationError here. */
export async function newActInput(
  db: Kysely<Database>,
  kind: ActKind,
  v: NewActValues,
): Promise<Record<string, unknown>> {
  const issues: FieldIssue[] = [];
  const paise = (field: "budgetMin" | "budgetStandard" | "budgetPremium") => {
    const parsed = parseRupees(v[field], { paise: true });
    if (parsed.ok) return parsed.value;
    issues.push({ field, message: parsed.message });
    return 0;
  };
  const budgetMin = paise("budgetMin");
  const budgetStandard = paise("budgetStandard");
  const budgetPremium = paise("budgetPremium");
  const city = await cityInForm(db, v.homeCity, "homeCity", issues);
  if (issues.length) throw new ValidationError("Please check the highlighted fields", issues);
  return {
    kind,
    name: v.name,
    budgetMin,
    budgetStandard,
    budgetPremium,
    genres: v.genres,
    bio: v.bio.trim() || null,
    homeCityId: city?.id ?? null,
  };
}
