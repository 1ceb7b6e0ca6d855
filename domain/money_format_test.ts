import assert from "node:assert/strict";
import { formatMoney } from "./money_format.ts";

Deno.test("rupees are grouped in lakhs and crores, without paise", () => {
  assert.equal(formatMoney(15_000_000, "INR"), "₹1,50,000");
  assert.equal(formatMoney(1_25_00_000_00, "INR"), "₹1,25,00,000");
  assert.equal(formatMoney(99, "INR"), "₹1");
});

Deno.test("other currencies keep their own symbol; other locales their own grouping", () => {
  assert.equal(formatMoney(250_000, "USD", "en-US"), "$2,500");
  assert.equal(formatMoney(15_000_000, "INR", "en-GB"), "₹150,000");
});
