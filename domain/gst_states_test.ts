import assert from "node:assert/strict";
import { isGstStateCode } from "./gst.ts";
import { gstStateCodeOf, gstStateName, leviesUtgst } from "./gst_states.ts";

Deno.test("every GST state code a supply can be placed in has a name, and no other code does", () => {
  assert.equal(gstStateName("27"), "Maharashtra");
  assert.equal(gstStateName("29"), "Karnataka");
  assert.equal(gstStateName("36"), "Telangana");
  assert.equal(gstStateName("37"), "Andhra Pradesh");
  assert.equal(gstStateName("38"), "Ladakh");
  assert.equal(gstStateName("97"), "Other Territory");
  for (let n = 0; n <= 100; n++) {
    const code = String(n).padStart(2, "0");
    const named = gstStateName(code) !== null;
    assert.equal(named, isGstStateCode(code) && code !== "99", code);
  }
  assert.equal(gstStateName("7"), null);
  assert.equal(gstStateName("toString"), null);
});

Deno.test("UTGST takes SGST's place only in union territories without a legislature", () => {
  for (const code of ["04", "26", "31", "35", "38", "97"]) assert.ok(leviesUtgst(code), code);
  for (const code of ["01", "07", "27", "29", "34"]) assert.equal(leviesUtgst(code), false, code);
});

Deno.test("a state named as the places directory names it has its GST code", () => {
  assert.equal(gstStateCodeOf("Maharashtra"), "27");
  assert.equal(gstStateCodeOf("Jammu & Kashmir"), "01");
  assert.equal(gstStateCodeOf("  goa "), "30");
  assert.equal(gstStateCodeOf("Atlantis"), null);
});
