import assert from "node:assert/strict";
import { tickOf } from "./ticks.ts";

const names = new Map([["b", "Bharat"], ["a", "Asha"]]);
const r = (userId: string, deliveredSeq: number, readSeq: number) => ({ userId, deliveredSeq, readSeq });

Deno.test("a tick goes sent, delivered, read by some (named), read by all", () => {
  assert.equal(tickOf(5, [], names), "Sent");
  assert.equal(tickOf(5, [r("b", 4, 4), r("a", 5, 0)], names), "Sent");
  assert.equal(tickOf(5, [r("b", 5, 4), r("a", 6, 0)], names), "Delivered");
  assert.equal(tickOf(5, [r("b", 5, 5), r("a", 5, 0)], names), "Read by Bharat");
  assert.equal(tickOf(5, [r("b", 9, 9), r("a", 5, 5)], names), "Read");
});
