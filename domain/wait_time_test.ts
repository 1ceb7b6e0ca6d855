import assert from "node:assert/strict";
import { tryAgainIn } from "./wait_time.ts";

Deno.test("a wait is told in whole minutes, rounded up, never as none", () => {
  assert.equal(tryAgainIn(900), "Try again in 15 minutes.");
  assert.equal(tryAgainIn(661), "Try again in 12 minutes.");
  assert.equal(tryAgainIn(60), "Try again in 1 minute.");
  assert.equal(tryAgainIn(1), "Try again in 1 minute.");
  assert.equal(tryAgainIn(0), "Try again in 1 minute.");
});
