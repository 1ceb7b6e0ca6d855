/**
 * The languages acts perform in, chosen by name on forms and stored (and
 * given to the API) as the shortest ISO 639 code: ISO 639-1's two letters
 * where there is one, else ISO 639-2/3's three. India's scheduled languages (the
 * Eighth Schedule of the Constitution), English, and a few others sung here.
 * The names are ours rather than the runtime's (Intl.DisplayNames calls
 * Bengali "Bangla" and does not know Kashmiri).
 */
export interface Language {
  /** ISO 639-1, or ISO 639-2/3 where 639-1 has none. */
  code: string;
  /** The English name. */
  name: string;
  scheduled: boolean;
}

const scheduled = (code: string, name: string): Language => ({ code, name, scheduled: true });
const other = (code: string, name: string): Language => ({ code, name, scheduled: false });

/** In alphabetical order of name, as a form lists them. */
export const LANGUAGES: readonly Language[] = [
  other("ar", "Arabic"),
  scheduled("as", "Assamese"),
  scheduled("bn", "Bengali"),
  scheduled("brx", "Bodo"),
  scheduled("doi", "Dogri"),
  other("en", "English"),
  other("fr", "French"),
  other("de", "German"),
  scheduled("gu", "Gujarati"),
  scheduled("hi", "Hindi"),
  other("ja", "Japanese"),
  scheduled("kn", "Kannada"),
  scheduled("ks", "Kashmiri"),
  scheduled("kok", "Konkani"),
  other("ko", "Korean"),
  scheduled("mai", "Maithili"),
  scheduled("ml", "Malayalam"),
  scheduled("mni", "Manipuri"),
  scheduled("mr", "Marathi"),
  scheduled("ne", "Nepali"),
  scheduled("or", "Odia"),
  other("fa", "Persian"),
  other("pt", "Portuguese"),
  scheduled("pa", "Punjabi"),
  scheduled("sa", "Sanskrit"),
  scheduled("sat", "Santali"),
  scheduled("sd", "Sindhi"),
  other("es", "Spanish"),
  scheduled("ta", "Tamil"),
  scheduled("te", "Telugu"),
  scheduled("ur", "Urdu"),
];

const BY_CODE = new Map(LANGUAGES.map((l) => [l.code, l]));

/** The English name of a language code; the code itself for one not on the list. */
export function languageName(code: string): string {
  return BY_CODE.get(code.toLowerCase())?.name ?? code;
}

/** The form's choices: every listed language, then any code an act already has that is not listed. */
export function languageChoices(current: readonly string[] = []): { value: string; label: string }[] {
  const extra = current.filter((code) => !BY_CODE.has(code));
  return [
    ...LANGUAGES.map((l) => ({ value: l.code, label: l.name })),
    ...extra.map((code) => ({ value: code, label: code })),
  ];
}
