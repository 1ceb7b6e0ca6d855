import assert from "node:assert/strict";
import { languageChoices, languageName, LANGUAGES } from "./languages.ts";

Deno.test("the list holds all 22 of India's scheduled languages, English and others", () => {
  const codes = LANGUAGES.map((l) => l.code);
  assert.equal(new Set(codes).size, codes.length, "codes are unique");
  assert.ok(codes.every((c) => /^[a-z]{2,3}$/.test(c)), "ISO 639 codes, as the acts table holds");
  const scheduled = LANGUAGES.filter((l) => l.scheduled).map((l) => l.name).sort();
  assert.deepEqual(scheduled, [
    "Assamese",
    "Bengali",
    "Bodo",
    "Dogri",
    "Gujarati",
    "Hindi",
    "Kannada",
    "Kashmiri",
    "Konkani",
    "Maithili",
    "Malayalam",
    "Manipuri",
    "Marathi",
    "Nepali",
    "Odia",
    "Punjabi",
    "Sanskrit",
    "Santali",
    "Sindhi",
    "Tamil",
    "Telugu",
    "Urdu",
  ]);
  assert.ok(codes.includes("en"));
  const names = LANGUAGES.map((l) => l.name);
  assert.deepEqual(names, [...names].sort(), "alphabetical, as a form lists them");
});

Deno.test("a code reads as its English name; an unlisted code as itself", () => {
  assert.equal(languageName("ml"), "Malayalam");
  assert.equal(languageName("HI"), "Hindi");
  assert.equal(languageName("bn"), "Bengali");
  assert.equal(languageName("ks"), "Kashmiri");
  assert.equal(languageName("kok"), "Konkani");
  assert.equal(languageName("zu"), "zu");
});

Deno.test("the choices keep a code an act already has even when it is not listed", () => {
  const choices = languageChoices(["hi", "zu"]);
  assert.equal(choices.length, LANGUAGES.length + 1);
  assert.deepEqual(choices.at(-1), { value: "zu", label: "zu" });
  assert.deepEqual(choices.find((c) => c.value === "ta"), { value: "ta", label: "Tamil" });
});
