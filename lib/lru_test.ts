import assert from "node:assert/strict";
import { LruMap } from "./lru.ts";

Deno.test("an LruMap forgets the least recently used entry when full", () => {
  const map = new LruMap<string, number>(2);
  map.set("a", 1);
  map.set("b", 2);
  assert.equal(map.get("a"), 1, "reading a makes b the least recently used");
  map.set("c", 3);
  assert.equal(map.size, 2);
  assert.equal(map.get("b"), undefined);
  assert.equal(map.get("a"), 1);
  assert.equal(map.get("c"), 3);
});

Deno.test("setting a kept key replaces it without forgetting another", () => {
  const map = new LruMap<string, number>(2);
  map.set("a", 1);
  map.set("b", 2);
  map.set("a", 10);
  assert.equal(map.size, 2);
  assert.equal(map.get("a"), 10);
  assert.equal(map.get("b"), 2);
  assert.equal(map.delete("a"), true);
  assert.equal(map.get("a"), undefined);
});

Deno.test("an LruMap must hold something", () => {
  assert.throws(() => new LruMap(0), RangeError);
  assert.throws(() => new LruMap(Number.NaN), RangeError);
});
