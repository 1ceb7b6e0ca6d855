import assert from "node:assert/strict";
import fc from "fast-check";
import { ValidationError } from "./errors.ts";
import { gstinCheckCharacter } from "./gst.ts";
import { buildTaxInvoice, type TaxInvoiceInput } from "./tax_invoice.ts";

/** A well-formed GSTIN from its first 14 characters. */
const gstin = (first14: string) => first14 + gstinCheckCharacter(first14);

const SUPPLIER_GSTIN = gstin("27AAKCA1234B1Z");

/** `valid` with a check character that is not its own. */
const wrongCheck = (valid: string) => valid.slice(0, 14) + (valid[14] === "A" ? "B" : "A");

function input(overrides: Partial<TaxInvoiceInput> = {}): TaxInvoiceInput {
  return {
    supplier: {
      legalName: "Artist Space Technologies Private Limited",
      address: "7th floor, Kamala Mills, Lower Parel, Mumbai 400013",
      stateCode: "27",
      gstin: SUPPLIER_GSTIN,
    },
    recipient: {
      legalName: "Meera Kapoor Events LLP",
      address: "4th floor, Kamala Mills, Lower Parel, Mumbai 400013",
      stateCode: "27",
      gstin: gstin("27AAQFM5678K1Z"),
    },
    series: "AS",
    serial: 42,
    issuedAt: new Date("2026-11-05T10:00:00+05:30"),
    payment: { amount: 11_800_000, currency: "INR" },
    supply: {
      bookingTitle: "The Raga Collective live at Blue Frog",
      actName: "The Raga Collective",
      performanceAt: new Date("2026-12-12T20:00:00+05:30"),
    },
    taxInclusive: true,
    ...overrides,
  };
}

function recipient(overrides: Partial<TaxInvoiceInput["recipient"]>): TaxInvoiceInput["recipient"] {
  return { ...input().recipient, ...overrides };
}

/** The field names of the ValidationError `build` throws. */
function refusedFields(build: () => unknown): string[] {
  try {
    build();
  } catch (err) {
    if (err instanceof ValidationError) return err.details.map((d) => d.field);
    throw err;
  }
  assert.fail("expected a ValidationError");
}

Deno.test("within Maharashtra the fee paid holds its taxable value, CGST and SGST, each stated", () => {
  assert.deepEqual(buildTaxInvoice(input()), {
    number: "AS/2026-27/00042",
    financialYear: "2026-27",
    date: "2026-11-05",
    issuedAt: "2026-11-05T04:30:00.000Z",
    supplier: {
      legalName: "Artist Space Technologies Private Limited",
      address: "7th floor, Kamala Mills, Lower Parel, Mumbai 400013",
      gstin: SUPPLIER_GSTIN,
      state: { code: "27", name: "Maharashtra" },
    },
    recipient: {
      legalName: "Meera Kapoor Events LLP",
      address: "4th floor, Kamala Mills, Lower Parel, Mumbai 400013",
      gstin: gstin("27AAQFM5678K1Z"),
      state: { code: "27", name: "Maharashtra" },
    },
    placeOfSupply: { code: "27", name: "Maharashtra" },
    supplyKind: "intra-state",
    line: {
      sac: "999631",
      description:
        "Live performance by The Raga Collective: The Raga Collective live at Blue Frog, Sat, 12 Dec 2026",
      taxableValue: 10_000_000,
    },
    taxes: [
      { name: "CGST", rateBps: 900, amount: 900_000 },
      { name: "SGST", rateBps: 900, amount: 900_000 },
    ],
    taxableValue: 10_000_000,
    totalTax: 1_800_000,
    total: 11_800_000,
    currency: "INR",
    amountInWords: "Rupees One Lakh Eighteen Thousand Only",
    reverseCharge: "No",
  });
});

Deno.test("an organizer registered in another state is charged IGST, placed in their state", () => {
  const invoice = buildTaxInvoice(input({
    recipient: recipient({ stateCode: null, gstin: gstin("29AAGCB7383J1Z") }),
    payment: { amount: 11_800_010, currency: "INR" },
  }));
  assert.deepEqual(invoice.placeOfSupply, { code: "29", name: "Karnataka" });
  assert.deepEqual(invoice.recipient.state, { code: "29", name: "Karnataka" });
  assert.equal(invoice.supplyKind, "inter-state");
  // Rule 35: 11_800_010 × 18/118 = 1_800_001.53 → 1_800_002 of tax.
  assert.deepEqual(invoice.taxes, [{ name: "IGST", rateBps: 1_800, amount: 1_800_002 }]);
  assert.equal(invoice.taxableValue, 10_000_008);
  assert.equal(invoice.total, 11_800_010);
  assert.equal(invoice.amountInWords, "Rupees One Lakh Eighteen Thousand and Ten Paise Only");
});

Deno.test("an unregistered organizer is placed in their state when known, else in the supplier's", () => {
  const inKarnataka = buildTaxInvoice(input({ recipient: recipient({ stateCode: "29", gstin: null }) }));
  assert.equal(inKarnataka.recipient.gstin, null);
  assert.equal(inKarnataka.placeOfSupply.code, "29");
  assert.deepEqual(inKarnataka.taxes.map((t) => t.name), ["IGST"]);

  // Below ₹50,000 of taxable value the state may be missing: the supply is placed where the supplier is.
  const unknown = buildTaxInvoice(input({
    recipient: recipient({ stateCode: null, gstin: null }),
    payment: { amount: 5_899_999, currency: "INR" },
  }));
  assert.equal(unknown.taxableValue, 4_999_999);
  assert.equal(unknown.recipient.state, null);
  assert.deepEqual(unknown.placeOfSupply, { code: "27", name: "Maharashtra" });
  assert.deepEqual(unknown.taxes.map((t) => t.name), ["CGST", "SGST"]);

  // From ₹50,000 rule 46(e) wants it on the invoice.
  assert.deepEqual(
    refusedFields(() =>
      buildTaxInvoice(input({
        recipient: recipient({ stateCode: null, gstin: null }),
        payment: { amount: 5_900_000, currency: "INR" },
      }))
    ),
    ["recipient.stateCode"],
  );
});

Deno.test("a GSTIN that fails its check, or disagrees with the state given, is refused with its field", () => {
  const good = gstin("27AAQFM5678K1Z");
  assert.deepEqual(
    refusedFields(() => buildTaxInvoice(input({ recipient: recipient({ gstin: wrongCheck(good) }) }))),
    [
      "recipient.gstin",
    ],
  );
  assert.deepEqual(
    refusedFields(() => buildTaxInvoice(input({ recipient: recipient({ gstin: good.toLowerCase() }) }))),
    ["recipient.gstin"],
  );
  assert.deepEqual(
    refusedFields(() => buildTaxInvoice(input({ recipient: recipient({ gstin: gstin("99AAQFM5678K1Z") }) }))),
    ["recipient.gstin"],
  );
  assert.deepEqual(
    refusedFields(() => buildTaxInvoice(input({ recipient: recipient({ stateCode: "29" }) }))),
    [
      "recipient.stateCode",
    ],
  );
  // Every problem at once, so the organizer fixes them in one go.
  assert.deepEqual(
    refusedFields(() =>
      buildTaxInvoice(input({
        recipient: { legalName: " ", address: "", stateCode: "40", gstin: wrongCheck(good) },
      }))
    ),
    ["recipient.legalName", "recipient.address", "recipient.stateCode", "recipient.gstin"],
  );
});

Deno.test("a supplier misconfigured, a currency other than rupees or an amount not in paise is the program's fault", () => {
  const supplier = input().supplier;
  for (
    const wrong of [
      { ...supplier, gstin: wrongCheck(SUPPLIER_GSTIN) },
      { ...supplier, stateCode: "29" },
      { ...supplier, legalName: "" },
      { ...supplier, stateCode: "99", gstin: gstin("99AAKCA1234B1Z") },
    ]
  ) assert.throws(() => buildTaxInvoice(input({ supplier: wrong })), RangeError);
  assert.throws(
    () => buildTaxInvoice(input({ payment: { amount: 150_000, currency: "USD" } })),
    (err) => err instanceof RangeError && /rupees.*USD/.test(err.message),
  );
  for (const amount of [0, -100, 10.5]) {
    assert.throws(() => buildTaxInvoice(input({ payment: { amount, currency: "INR" } })), RangeError);
  }
});

Deno.test("in a union territory without a legislature the second half is UTGST", () => {
  const invoice = buildTaxInvoice(input({
    supplier: { ...input().supplier, stateCode: "04", gstin: gstin("04AAKCA1234B1Z") },
    recipient: recipient({ stateCode: "04", gstin: null }),
  }));
  assert.deepEqual(invoice.placeOfSupply, { code: "04", name: "Chandigarh" });
  assert.deepEqual(invoice.taxes, [
    { name: "CGST", rateBps: 900, amount: 900_000 },
    { name: "UTGST", rateBps: 900, amount: 900_000 },
  ]);
});

Deno.test("a fee paid before tax is the taxable value, with the tax on top", () => {
  const invoice = buildTaxInvoice(
    input({ taxInclusive: false, payment: { amount: 10_000_005, currency: "INR" } }),
  );
  assert.equal(invoice.taxableValue, 10_000_005);
  // 18% of 10_000_005 is 1_800_000.9 → 1_800_001; CGST takes the odd paisa.
  assert.deepEqual(invoice.taxes.map((t) => t.amount), [900_001, 900_000]);
  assert.equal(invoice.total, 11_800_006);
});

Deno.test("taxable value and taxes make up the amount paid to the paisa, whatever it is and wherever", () => {
  const states = ["27", "29", "04", "07", "97"];
  fc.assert(
    fc.property(
      // Up to ₹100 crore, so that amount × 10000 is still exact in floating point.
      fc.integer({ min: 1, max: 1e11 }),
      fc.constantFrom(...states),
      fc.constantFrom(...states),
      (amount, supplierState, recipientState) => {
        const invoice = buildTaxInvoice(input({
          supplier: {
            ...input().supplier,
            stateCode: supplierState,
            gstin: gstin(`${supplierState}AAKCA1234B1Z`),
          },
          recipient: recipient({ stateCode: recipientState, gstin: null }),
          payment: { amount, currency: "INR" },
        }));
        const taxes = invoice.taxes.reduce((n, t) => n + t.amount, 0);
        assert.equal(invoice.taxableValue + taxes, amount);
        assert.equal(invoice.total, amount);
        assert.equal(invoice.totalTax, taxes);
        assert.equal(invoice.line.taxableValue, invoice.taxableValue);
        assert.equal(invoice.taxableValue, Math.round((amount * 10_000) / 11_800));
        assert.equal(invoice.taxes.length, supplierState === recipientState ? 2 : 1);
        for (const t of invoice.taxes) {
          assert.ok(Math.abs(t.amount - invoice.taxableValue * t.rateBps / 10_000) < 1);
        }
      },
    ),
    { numRuns: 1_000 },
  );
});

Deno.test("the number counts in the financial year of the issue date in India, within 16 characters", () => {
  // 23:00 on 31 March in India is still the old financial year.
  const march = buildTaxInvoice(input({ issuedAt: new Date("2027-03-31T23:00:00+05:30"), serial: 7 }));
  assert.equal(march.number, "AS/2026-27/00007");
  assert.equal(march.date, "2027-03-31");
  // 20:00 UTC on 31 March is already 1 April in India: a new year, whose series starts again.
  const april = buildTaxInvoice(input({ issuedAt: new Date("2027-03-31T20:00:00Z"), serial: 1 }));
  assert.equal(april.number, "AS/2027-28/00001");
  assert.equal(april.financialYear, "2027-28");
  assert.equal(april.date, "2027-04-01");
  for (const invoice of [march, april]) assert.match(invoice.number, /^[A-Za-z0-9/-]{1,16}$/);
  assert.throws(() => buildTaxInvoice(input({ serial: 100_000 })), RangeError);
  assert.throws(() => buildTaxInvoice(input({ serial: 0 })), RangeError);
});
