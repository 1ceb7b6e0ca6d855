import assert from "node:assert/strict";
import { formatMoney, formatMoneyExact, formatMoneyWithPaise } from "./money_format.ts";

Deno.test("rupees are grouped in lakhs and crores, without paise", () => {
  assert.equal(formatMoney(15_000_000, "INR"), "₹1,50,000");
  assert.equal(formatMoney(1_25_00_000_00, "INR"), "₹1,25,00,000");
  assert.equal(formatMoney(99, "INR"), "₹1");
});

Deno.test("other currencies keep their own symbol; other locales their own grouping", () => {
  assert.equal(formatMoney(250_000, "USD", "en-US"), "$2,500");
  assert.equal(formatMoney(15_000_000, "INR", "en-GB"), "₹150,000");
});

Deno.test("exact amounts keep their paise and only then show decimals", () => {
  assert.equal(formatMoneyExact(3_750_025, "INR"), "₹37,500.25");
  assert.equal(formatMoneyExact(7_500_050, "INR"), "₹75,000.50");
  assert.equal(formatMoneyExact(15_000_000, "INR"), "₹1,50,000");
  assert.equal(formatMoneyExact(99, "INR"), "₹0.99");
  assert.equal(formatMoneyExact(0, "INR"), "₹0");
  assert.equal(formatMoneyExact(999_999_999_999_99, "INR"), "₹9,99,99,99,99,999.99");
  assert.equal(formatMoneyExact(250_001, "USD", "en-US"), "$2,500.01");
});

Deno.test("an invoice's amounts always show their paise", () => {
  assert.equal(formatMoneyWithPaise(10_000_000, "INR"), "₹1,00,000.00");
  assert.equal(formatMoneyWithPaise(1_800_002, "INR"), "₹18,000.02");
  assert.equal(formatMoneyWithPaise(5, "INR"), "₹0.05");
  assert.equal(formatMoneyWithPaise(999_999_999_999_99, "INR"), "₹9,99,99,99,99,999.99");
});
