import assert from "node:assert/strict";
import fc from "fast-check";
import { splitByShares } from "./fee_split.ts";

Deno.test("a split by shares gives each member its share and the band the rest", () => {
  assert.deepEqual(splitByShares(10_000, [2_500, 2_500]), { parts: [2_500, 2_500], remainder: 5_000 });
  assert.deepEqual(splitByShares(100, []), { parts: [], remainder: 100 });
  assert.deepEqual(splitByShares(0, [5_000]), { parts: [0], remainder: 0 });
});

Deno.test("left-over minor units go to the largest remainders, the band first on a tie", () => {
  // Exact shares 3.3333 each and 0.0001 for the band: the two units left go to the first members.
  assert.deepEqual(splitByShares(10, [3_333, 3_333, 3_333]), { parts: [4, 3, 3], remainder: 0 });
  // Exact shares 0.5, 0.5 and the band's 0: the band has the smallest remainder and gets nothing.
  assert.deepEqual(splitByShares(1, [5_000, 5_000]), { parts: [1, 0], remainder: 0 });
  // Exact shares 0.5 for one member and 0.5 for the band: the band wins the tie.
  assert.deepEqual(splitByShares(1, [5_000]), { parts: [0], remainder: 1 });
});

Deno.test("a split refuses shares over 10000 basis points and amounts that are not minor units", () => {
  assert.throws(() => splitByShares(100, [6_000, 5_000]), RangeError);
  assert.throws(() => splitByShares(100, [-1]), RangeError);
  assert.throws(() => splitByShares(100, [1.5]), RangeError);
  assert.throws(() => splitByShares(1.5, [100]), RangeError);
  assert.throws(() => splitByShares(-1, [100]), RangeError);
});

const sharesArb = fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 8 }).map((raw) => {
  // Scale down shares that add up past 10000 so every case is valid.
  const total = raw.reduce((sum, bps) => sum + bps, 0);
  return total <= 10_000 ? raw : raw.map((bps) => Math.floor((bps * 10_000) / total));
});

Deno.test("a split sums to the amount, keeps each part within one unit of its exact share, and repeats", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), sharesArb, (amount, shares) => {
      const result = splitByShares(amount, shares);
      const total = result.parts.reduce((sum, part) => sum + part, result.remainder);
      assert.equal(total, amount);
      const bandBps = 10_000 - shares.reduce((sum, bps) => sum + bps, 0);
      [...shares, bandBps].forEach((bps, i) => {
        const part = BigInt(i < shares.length ? result.parts[i] : result.remainder);
        // |part - amount * bps / 10000| <= 1, in exact integers.
        const diff = part * 10_000n - BigInt(amount) * BigInt(bps);
        assert.ok(diff > -10_000n && diff < 10_000n, `part ${i} of ${amount} by ${bps} bps is ${part}`);
      });
      assert.deepEqual(splitByShares(amount, shares), result);
    }),
    { numRuns: 500 },
  );
});
