/**
 * A venue's technical specifications, the facts a sound engineer asks for
 * first. They are stored as a free-form object (the API takes any keys); the
 * ones listed here have a field on the venue's edit page and a label and
 * unit on its public page, and any other key is shown with a label made
 * from its name.
 */
export type SpecKind = "text" | "number" | "yes_no";

export interface TechSpec {
  key: string;
  label: string;
  kind: SpecKind;
  /** Shown after a number: "12,000 W". */
  unit?: string;
  /** What to type, beneath the field. */
  hint?: string;
}

export type SpecValue = string | number | boolean;

export const TECH_SPECS: readonly TechSpec[] = [
  { key: "stage", label: "Stage size", kind: "text", hint: "Width × depth, like 8 × 6 m" },
  { key: "pa", label: "PA system", kind: "text", hint: "Make and model, like d&b V-series" },
  { key: "paWatts", label: "PA power", kind: "number", unit: "W", hint: "In watts, like 12,000" },
  { key: "monitors", label: "Monitors", kind: "text", hint: "Like 4 wedges on 4 mixes, or in-ear" },
  { key: "mixingDesk", label: "Mixing desk", kind: "text", hint: "Like Yamaha CL5, 48 channels" },
  { key: "backline", label: "Backline", kind: "text", hint: "Amplifiers, keyboards and stands on site" },
  { key: "drumKit", label: "Drum kit on site", kind: "yes_no" },
  { key: "lighting", label: "Lighting", kind: "text", hint: "Like 12 moving heads, hazer" },
  { key: "power", label: "Power supply", kind: "text", hint: "Like 3-phase, 63 A, with generator backup" },
  { key: "soundEngineer", label: "Sound engineer on site", kind: "yes_no" },
];

const KNOWN = new Map(TECH_SPECS.map((s) => [s.key, s]));

/** Units a key may end in ("stageWidthM", "power_kva"), as they are written after a number. */
const UNIT_WORDS: Record<string, string> = {
  m: "m",
  w: "W",
  watts: "W",
  kw: "kW",
  kva: "kVA",
  a: "A",
  db: "dB",
};

const grouped = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 2 });

export interface SpecLine {
  key: string;
  label: string;
  value: string;
}

/** The specs as a visitor reads them: the listed ones in their order, then any others by key. */
export function specLines(specs: Record<string, unknown>): SpecLine[] {
  const known = TECH_SPECS.filter((s) => isShown(specs[s.key]))
    .map((s) => ({ key: s.key, label: s.label, value: shown(specs[s.key] as SpecValue, s.unit) }));
  const others = Object.keys(specs).filter((k) => !KNOWN.has(k) && isShown(specs[k])).sort()
    .map((key) => {
      const { label, unit } = labelOf(key);
      return { key, label, value: shown(specs[key] as SpecValue, unit) };
    });
  return [...known, ...others];
}

function isShown(value: unknown): value is SpecValue {
  return typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) ||
    (typeof value === "string" && value.trim() !== "");
}

function shown(value: SpecValue, unit?: string): string {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return unit ? `${grouped.format(value)} ${unit}` : grouped.format(value);
  return value;
}

/** "stageWidthM" -> "Stage width" in m; "green_rooms" -> "Green rooms". */
function labelOf(key: string): { label: string; unit?: string } {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim().toLowerCase()
    .split(/\s+/);
  const last = words.at(-1) ?? "";
  const unit = words.length > 1 ? UNIT_WORDS[last] : undefined;
  const named = unit ? words.slice(0, -1) : words;
  const label = named.join(" ");
  return { label: label.charAt(0).toUpperCase() + label.slice(1), unit };
}
