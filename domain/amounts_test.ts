import assert from "node:assert/strict";
import { parseRupees, parseWholeNumber, rupeesInput } from "./amounts.ts";

const paiseOf = (typed: string, paise = false) => {
  const parsed = parseRupees(typed, { paise });
  assert.ok(parsed.ok, `${typed}: ${parsed.ok ? "" : parsed.message}`);
  return parsed.value;
};
const refusal = (parsed: ReturnType<typeof parseRupees>) => {
  assert.ok(!parsed.ok, "refused");
  return parsed.message;
};

Deno.test("rupees are read ungrouped, in Indian grouping and in international grouping", () => {
  assert.equal(paiseOf("100000"), 10_000_000);
  assert.equal(paiseOf("1,00,000"), 10_000_000);
  assert.equal(paiseOf("100,000"), 10_000_000);
  assert.equal(paiseOf("12,34,567"), 123_456_700);
  assert.equal(paiseOf("1,234,567"), 123_456_700);
  assert.equal(paiseOf("1,25,00,000"), 1_250_000_000);
  assert.equal(paiseOf("1,000"), 100_000);
  assert.equal(paiseOf("0"), 0);
});

Deno.test("a currency sign or code in front and spaces around are allowed", () => {
  for (
    const typed of ["₹1,00,000", "₹ 1,00,000", "Rs 1,00,000", "Rs.100000", "rs. 1,00,000", "INR 100,000"]
  ) {
    assert.equal(paiseOf(typed), 10_000_000, typed);
  }
  assert.equal(paiseOf("  75000  "), 7_500_000);
  assert.equal(paiseOf("₹1,00,000/-"), 10_000_000);
});

Deno.test("paise only where the field takes them", () => {
  assert.equal(paiseOf("25,000.50", true), 2_500_050);
  assert.equal(paiseOf("25000.5", true), 2_500_050);
  assert.equal(paiseOf("₹ 1,00,000.05", true), 10_000_005);
  assert.match(refusal(parseRupees("25000.50")), /Whole rupees/);
  assert.match(refusal(parseRupees("25000.505", { paise: true })), /two digits of paise/);
  assert.match(refusal(parseRupees("25.000.50", { paise: true })), /one decimal point/);
});

Deno.test("misplaced commas, negatives, letters and blanks are refused with a message", () => {
  for (const typed of ["1,0,0", "10,0000", "1,00,00", "1000,00", ",100", "100,", "1,,000"]) {
    assert.match(refusal(parseRupees(typed)), /commas are in the wrong places/, typed);
  }
  for (const typed of ["-500", "- 1,000", "₹-500"]) {
    assert.match(refusal(parseRupees(typed)), /negative/, typed);
  }
  for (const typed of ["abc", "5k", "1 lakh", "1e5", "0x10", "१००"]) {
    assert.match(refusal(parseRupees(typed)), /Only digits and commas/, typed);
  }
  assert.match(refusal(parseRupees("   ")), /Enter an amount/);
  assert.match(refusal(parseRupees("99999999999999")), /too large/);
});

Deno.test("whole numbers take grouping but no decimals, signs or letters", () => {
  const value = (typed: string) => {
    const parsed = parseWholeNumber(typed);
    assert.ok(parsed.ok, typed);
    return parsed.value;
  };
  assert.equal(value("1,200"), 1200);
  assert.equal(value("1200"), 1200);
  assert.equal(value("12,000"), 12_000);
  assert.equal(value("1,20,000"), 120_000);
  const message = (typed: string, max?: number) => {
    const parsed = parseWholeNumber(typed, { max });
    assert.ok(!parsed.ok, typed);
    return parsed.message;
  };
  assert.match(message("1.5"), /whole number/);
  assert.match(message("1,2,0,0"), /wrong places/);
  assert.match(message("-3"), /negative/);
  assert.match(message("many"), /Only digits/);
  assert.match(message(""), /Enter a number/);
  assert.match(message("2,00,000", 1_00_000), /At most 1,00,000/);
});

Deno.test("paise go back into a form as rupees grouped the Indian way", () => {
  assert.equal(rupeesInput(10_000_000), "1,00,000");
  assert.equal(rupeesInput(2_500_050), "25,000.50");
  assert.equal(rupeesInput(5), "0.05");
  for (const minor of [0, 99, 10_000_000, 123_456_789]) {
    const back = parseRupees(rupeesInput(minor), { paise: true });
    assert.deepEqual(back, { ok: true, value: minor });
  }
});
