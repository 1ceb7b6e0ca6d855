/** Values a hostile client sends, shared by the tests that throw them at the app. */

/** Every C0 control character and DEL. */
export const CONTROL_CHARACTERS: readonly string[] = [
  ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)),
  "\u007f",
];

/** Text outside Latin-1, which a header cannot carry as it is: Devanagari, CJK, an ideographic full stop, emoji. */
export const NON_LATIN1: readonly string[] = ["संगीत", "音楽", "\u3002", "🎸"];

/** `next` values that a careless check lets through to another site, or into a header raw. */
export const HOSTILE_NEXT: readonly string[] = [
  "/\f",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/ /evil.example",
  "/\\evil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "/%2F/evil.example",
  "//evil.example",
  "https://evil.example/",
  "/\u3002evil.example",
  "/dashboard\u0000",
  "/संगीत",
];
