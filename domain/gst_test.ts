import assert from "node:assert/strict";
import fc from "fast-check";
import {
  amountInWords,
  financialYearOf,
  gstinCheckCharacter,
  inclusiveTaxSplit,
  invoiceNumber,
  isGstStateCode,
  isValidGstin,
  PERFORMING_ARTS_GST_BPS,
  taxSplit,
} from "./gst.ts";

/** GSTINs published as examples of valid numbers. */
const VALID = ["27AAPFU0939F1ZV", "29AAGCB7383J1Z4"];
const BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

Deno.test("published GSTINs are valid, and their check character is the computed one", () => {
  for (const g of VALID) {
    assert.ok(isValidGstin(g), g);
    assert.equal(gstinCheckCharacter(g.slice(0, 14)), g[14]);
  }
});

Deno.test("changing any one character of a valid GSTIN makes it invalid", () => {
  for (const g of VALID) {
    for (let i = 0; i < g.length; i++) {
      for (const c of BASE36) {
        if (c === g[i]) continue;
        const corrupt = g.slice(0, i) + c + g.slice(i + 1);
        assert.equal(isValidGstin(corrupt, { anyFourteenth: true }), false, corrupt);
      }
    }
  }
});

Deno.test("a GSTIN is refused when its shape, state code or 14th character is wrong", () => {
  const withCheck = (first14: string) => first14 + gstinCheckCharacter(first14);
  assert.ok(isValidGstin(withCheck("38AAPFU0939F1Z")));
  assert.ok(isValidGstin(withCheck("97AAPFU0939F1Z")));
  assert.ok(isValidGstin(withCheck("99AAPFU0939F1Z")));
  assert.equal(isValidGstin(withCheck("00AAPFU0939F1Z")), false);
  assert.equal(isValidGstin(withCheck("39AAPFU0939F1Z")), false);
  assert.equal(isValidGstin(withCheck("27AAPFU0939F0Z")), false, "entity number 0");
  assert.equal(isValidGstin(withCheck("27AAPF10939F1Z")), false, "not a PAN");
  assert.equal(isValidGstin(withCheck("27AAPFU0939F1Y")), false);
  assert.ok(isValidGstin(withCheck("27AAPFU0939F1Y"), { anyFourteenth: true }));
  assert.equal(isValidGstin("27aapfu0939f1zv"), false, "as written, capitals only");
  assert.equal(isValidGstin("27AAPFU0939F1ZV "), false);
  assert.equal(isValidGstin(""), false);
  assert.equal(isGstStateCode("7"), false);
});

Deno.test("within a state the tax is CGST and SGST, halves that add up to the whole tax", () => {
  // 18% of ₹1,00,000.00.
  assert.deepEqual(taxSplit(10_000_000, "27", "27", PERFORMING_ARTS_GST_BPS), {
    kind: "intra",
    cgst: 900_000,
    sgst: 900_000,
    total: 1_800_000,
  });
  // 18% of 99,999.94 ₹ is 1_799_998.92 paise → 1_799_999, an odd tax: CGST takes the odd paisa.
  assert.deepEqual(taxSplit(9_999_994, "27", "27", 1_800), {
    kind: "intra",
    cgst: 900_000,
    sgst: 899_999,
    total: 1_799_999,
  });
  for (let value = 0; value < 500; value++) {
    const s = taxSplit(value, "29", "29", 1_800);
    assert.equal(s.kind, "intra");
    if (s.kind === "intra") {
      assert.equal(s.cgst + s.sgst, s.total);
      assert.ok(s.cgst - s.sgst === 0 || s.cgst - s.sgst === 1);
    }
    assert.ok(Math.abs(s.total - value * 0.18) <= 0.5);
  }
});

Deno.test("across states the tax is IGST, rounded to the nearest paisa, half up", () => {
  assert.deepEqual(taxSplit(10_000_000, "27", "29", 1_800), {
    kind: "inter",
    igst: 1_800_000,
    total: 1_800_000,
  });
  // 25 paise at 18% is 4.5 paise → 5; 24 paise is 4.32 → 4.
  assert.equal(taxSplit(25, "27", "29", 1_800).total, 5);
  assert.equal(taxSplit(24, "27", "29", 1_800).total, 4);
  // Beyond 2^53 in the intermediate product, still exact.
  assert.equal(taxSplit(9_000_000_000_000_000, "27", "29", 1_800).total, 1_620_000_000_000_000);
  assert.throws(() => taxSplit(-1, "27", "27", 1_800), RangeError);
  assert.throws(() => taxSplit(1.5, "27", "27", 1_800), RangeError);
  assert.throws(() => taxSplit(100, "27", "40", 1_800), RangeError);
  assert.throws(() => taxSplit(100, "27", "27", 18.5), RangeError);
});

Deno.test("a price that includes the tax splits by rule 35, into parts that make it up to the paisa", () => {
  // ₹1,18,000 is ₹1,00,000 and 18%.
  assert.deepEqual(inclusiveTaxSplit(11_800_000, "27", "27", 1_800), {
    taxableValue: 10_000_000,
    tax: { kind: "intra", cgst: 900_000, sgst: 900_000, total: 1_800_000 },
  });
  // 11_800_010 × 18/118 = 1_800_001.53 → 1_800_002, the taxable value the rest; 18% of that rounds to
  // 1_800_001, yet no taxable value plus its rounded tax makes 11_800_010.
  assert.deepEqual(inclusiveTaxSplit(11_800_010, "27", "29", 1_800), {
    taxableValue: 10_000_008,
    tax: { kind: "inter", igst: 1_800_002, total: 1_800_002 },
  });
  assert.equal(taxSplit(10_000_008, "27", "29", 1_800).total, 1_800_001);
  assert.deepEqual(inclusiveTaxSplit(0, "27", "29", 1_800).taxableValue, 0);
  assert.throws(() => inclusiveTaxSplit(-1, "27", "27", 1_800), RangeError);
  assert.throws(() => inclusiveTaxSplit(100, "27", "00", 1_800), RangeError);
  assert.throws(() => inclusiveTaxSplit(100, "27", "27", 10_001), RangeError);

  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e13 }), fc.boolean(), (amount, intra) => {
      const { taxableValue, tax } = inclusiveTaxSplit(amount, "27", intra ? "27" : "33", 1_800);
      assert.equal(taxableValue + tax.total, amount);
      // For 18% this is also the taxable value rounded from amount × 100/118 (never a half paisa).
      assert.equal(taxableValue, Number((BigInt(amount) * 20_000n + 11_800n) / 23_600n));
      assert.ok(Math.abs(tax.total - taxableValue * 0.18) < 0.6);
      // When some taxable value plus `taxSplit`'s tax on it makes the amount, this is that value.
      for (const candidate of [taxableValue - 1, taxableValue + 1]) {
        if (candidate >= 0) assert.notEqual(candidate + taxSplit(candidate, "27", "27", 1_800).total, amount);
      }
      if (tax.kind === "intra") assert.ok([0, 1].includes(tax.cgst - tax.sgst));
    }),
    { numRuns: 2_000 },
  );
});

Deno.test("amounts in words follow Indian numbering, through lakhs and crores and beyond", () => {
  assert.equal(amountInWords(15_000_025), "Rupees One Lakh Fifty Thousand and Twenty-Five Paise Only");
  assert.equal(amountInWords(0), "Rupees Zero Only");
  assert.equal(amountInWords(50), "Fifty Paise Only");
  assert.equal(amountInWords(100), "Rupees One Only");
  assert.equal(amountInWords(1_100), "Rupees Eleven Only");
  assert.equal(amountInWords(10_500), "Rupees One Hundred Five Only");
  assert.equal(amountInWords(2_000_000_000), "Rupees Two Crore Only");
  assert.equal(
    amountInWords(123_456_789_01),
    "Rupees Twelve Crore Thirty-Four Lakh Fifty-Six Thousand Seven Hundred Eighty-Nine and One Paise Only",
  );
  assert.equal(amountInWords(100_000_000_000_00), "Rupees Ten Thousand Crore Only");
  assert.equal(amountInWords(10_000_000_000_000_00), "Rupees Ten Lakh Crore Only");
  assert.equal(amountInWords(9_990_000_00), "Rupees Ninety-Nine Lakh Ninety Thousand Only");
  assert.throws(() => amountInWords(-1), RangeError);
});

Deno.test("the financial year turns on 1 April in India, not in UTC", () => {
  assert.equal(financialYearOf(new Date("2026-04-01T00:00:00+05:30")), "2026-27");
  assert.equal(financialYearOf(new Date("2026-03-31T23:59:59+05:30")), "2025-26");
  // 19:00 UTC on 31 March is already 1 April in India.
  assert.equal(financialYearOf(new Date("2026-03-31T19:00:00Z")), "2026-27");
  assert.equal(financialYearOf(new Date("2027-01-15T12:00:00Z")), "2026-27");
  assert.equal(financialYearOf(new Date("2099-06-01T00:00:00Z")), "2099-00");
});

Deno.test("invoice numbers fill at most 16 characters and refuse serials that do not fit", () => {
  assert.equal(invoiceNumber("AS", "2026-27", 123), "AS/2026-27/00123");
  assert.equal(invoiceNumber("AS", "2026-27", 99_999), "AS/2026-27/99999");
  assert.equal(invoiceNumber("AS", "2026-27", 99_999).length, 16);
  assert.throws(() => invoiceNumber("AS", "2026-27", 100_000), RangeError);
  assert.equal(invoiceNumber("ARTIST", "2026-27", 9), "ARTIST/2026-27/9");
  assert.equal(invoiceNumber("A-1", "2026-27", 7), "A-1/2026-27/0007");
  assert.throws(() => invoiceNumber("ARTISTS", "2026-27", 1), RangeError);
  assert.throws(() => invoiceNumber("A/S", "2026-27", 1), RangeError);
  assert.throws(() => invoiceNumber("AS", "2026-28", 1), RangeError);
  assert.throws(() => invoiceNumber("AS", "2026-27", 0), RangeError);
  for (const n of [invoiceNumber("X", "2026-27", 1), invoiceNumber("AS", "2026-27", 42)]) {
    assert.match(n, /^[A-Za-z0-9/-]{1,16}$/);
  }
});
