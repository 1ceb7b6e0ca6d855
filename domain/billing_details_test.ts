import assert from "node:assert/strict";
import { billingIssues, normalBillingDetails } from "./billing_details.ts";
import { gstinCheckCharacter } from "./gst.ts";

const gstin = (first14: string) => first14 + gstinCheckCharacter(first14);
const valid = {
  legalName: "Dev Events Private Limited",
  address: "14 Hill Road, Bandra West, Mumbai 400050",
  stateCode: "27",
  gstin: gstin("27AAACD1234E1Z"),
};

Deno.test("billing details with a GSTIN of the address's state pass; unregistered is allowed", () => {
  assert.deepEqual(billingIssues(valid), []);
  assert.deepEqual(billingIssues({ ...valid, gstin: null }), []);
});

Deno.test("a GSTIN is tidied, must pass its check character and belong to the state given", () => {
  const typed = normalBillingDetails({
    ...valid,
    gstin: ` ${valid.gstin!.toLowerCase().slice(0, 7)} ${valid.gstin!.slice(7)} `,
  });
  assert.equal(typed.gstin, valid.gstin);
  assert.equal(normalBillingDetails({ ...valid, gstin: "  " }).gstin, null);
  const wrongCheck = valid.gstin!.slice(0, 14) + (valid.gstin![14] === "A" ? "B" : "A");
  assert.deepEqual(billingIssues({ ...valid, gstin: wrongCheck }).map((i) => i.field), ["gstin"]);
  const otherState = gstin("29AAACD1234E1Z");
  assert.match(billingIssues({ ...valid, gstin: otherState })[0].message, /another state/);
});

Deno.test("a name, an address and a state that exists are required", () => {
  const issues = billingIssues({ legalName: "D", address: "Mumbai", stateCode: "40", gstin: null });
  assert.deepEqual(issues.map((i) => i.field), ["legalName", "address", "stateCode"]);
});
