import assert from "node:assert/strict";
import { normalisePhone } from "./phone.ts";

const e164 = (typed: string, country?: string) => {
  const parsed = normalisePhone(typed, country);
  assert.ok(parsed.ok, `${typed}: ${parsed.ok ? "" : parsed.message}`);
  return parsed.value;
};
const refusal = (typed: string) => {
  const parsed = normalisePhone(typed);
  assert.ok(!parsed.ok, `${typed} is refused`);
  return parsed.message;
};

Deno.test("Indian numbers as people type them become +91 and ten digits", () => {
  assert.equal(e164("98765 43210"), "+919876543210");
  assert.equal(e164("098765 43210"), "+919876543210");
  assert.equal(e164("+91 98765-43210"), "+919876543210");
  assert.equal(e164("+91 098765 43210"), "+919876543210");
  assert.equal(e164("0091 98765 43210"), "+919876543210");
  assert.equal(e164("91 98765 43210"), "+919876543210");
  assert.equal(e164("(022) 2345 6789"), "+912223456789", "a Mumbai landline with its STD code");
  assert.equal(e164("080-2345-6789"), "+918023456789");
});

Deno.test("numbers with another country code keep it", () => {
  assert.equal(e164("+44 20 7946 0958"), "+442079460958");
  assert.equal(e164("+44 (0)20 7946 0958"), "+442079460958");
  assert.equal(e164("+1 (415) 555-0132"), "+14155550132");
  assert.equal(e164("+971 50 123 4567"), "+971501234567");
  assert.equal(e164("020 7946 0958", "44"), "+442079460958", "a national number for another default");
});

Deno.test("impossible numbers are refused with a reason", () => {
  assert.match(refusal("98765 4321"), /10 digits after \+91; this has 9/);
  assert.match(refusal("+91 98765 432109"), /10 digits after \+91; this has 11/);
  assert.match(refusal("12345"), /10 digits/);
  assert.match(refusal("01234 56789"), /does not start with 0/);
  assert.match(refusal("00000 00000"), /never starts with 0/);
  assert.match(refusal("98765 CALL ME"), /Only digits/);
  assert.match(refusal("+0 123 456 789"), /never starts with 0/);
  assert.match(refusal("+1 123 456 7890"), /area code/);
  assert.match(refusal("+44 1234 5678 9012 3456"), /at most 15 digits/);
  assert.match(refusal("+44 12"), /Too short/);
  assert.match(refusal("  "), /Enter a phone number/);
});
