import assert from "node:assert/strict";
import { countOf } from "./plural.ts";

Deno.test("one of a thing is singular, any other count plural, grouped the Indian way", () => {
  assert.equal(countOf(1, "year"), "1 year");
  assert.equal(countOf(0, "year"), "0 years");
  assert.equal(countOf(25, "year"), "25 years");
  assert.equal(countOf(1, "person", "people"), "1 person");
  assert.equal(countOf(1200, "person", "people"), "1,200 people");
  assert.equal(countOf(150000, "person", "people"), "1,50,000 people");
  assert.equal(countOf(1.5, "hour"), "1.5 hours");
});
