/**
 * Dividing an act's pay among a band's members by their fee shares (basis
 * points, as band_members.fee_share_bps holds them). The shares add up to at
 * most 10000; what they leave is the band's own part. The parts must sum to
 * the amount exactly, so it is a largest-remainder split: everyone first gets
 * the floor of their exact share, then the few minor units left go one each
 * to the largest fractional remainders, the band first on a tie, then members
 * in the order given. So each part is the floor or the ceiling of its exact
 * share (within one minor unit of it) and the same input always splits the
 * same way.
 */

export interface SplitResult {
  /** One part per share, in the order given. */
  parts: number[];
  /** What is left for the band itself. */
  remainder: number;
}

const BPS = 10_000n;

export function splitByShares(amount: number, sharesBps: readonly number[]): SplitResult {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError("The amount must be non-negative whole minor units");
  }
  if (sharesBps.some((bps) => !Number.isInteger(bps) || bps < 0 || bps > 10_000)) {
    throw new RangeError("Each share must be whole basis points from 0 to 10000");
  }
  const bandBps = 10_000 - sharesBps.reduce((sum, bps) => sum + bps, 0);
  if (bandBps < 0) throw new RangeError("The shares add up to more than 10000 basis points");

  // The band's part is index 0 so that it wins ties; BigInt because amount * bps can pass 2^53.
  const all = [bandBps, ...sharesBps].map((bps) => BigInt(amount) * BigInt(bps));
  const parts = all.map((exact) => Number(exact / BPS));
  let left = amount - parts.reduce((sum, part) => sum + part, 0);
  const byRemainder = all
    .map((exact, index) => ({ index, fraction: exact % BPS }))
    .sort((a, b) => (a.fraction === b.fraction ? a.index - b.index : a.fraction > b.fraction ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0) break;
    parts[index] += 1;
    left -= 1;
  }
  return { remainder: parts[0], parts: parts.slice(1) };
}
