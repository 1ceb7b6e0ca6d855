import assert from "node:assert/strict";
import { summarizeEarnings } from "./earnings.ts";
import {
  applyPostings,
  bandSplitPosting,
  capturePosting,
  emptyLedger,
  type Posting,
  releasePosting,
} from "./ledger.ts";

const B = "0b8c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";
const M1 = "1b8c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";
const M2 = "2b8c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";

function entriesOf(postings: Posting[], postedAt: Date) {
  const applied = applyPostings(emptyLedger, postings);
  assert.ok(applied.ok);
  return postings.flatMap((p) =>
    p.entries.map((e) => ({
      bookingId: B,
      title: "Rooftop",
      startsAt: new Date("2026-11-01T14:00:00Z"),
      currency: "INR",
      kind: p.kind,
      postedAt,
      account: e.account as string,
      amount: e.amount,
    }))
  );
}

Deno.test("held is what escrow keeps; released is the act's part after the fee, split among members", () => {
  const base = { bookingId: B, currency: "INR" };
  const release = releasePosting({ ...base, id: "r", amount: 100_000, feeBps: 1_000 });
  const postings = [
    capturePosting({ ...base, id: "c", amount: 150_000, gatewayFee: 3_000 }),
    release,
    bandSplitPosting({
      ...base,
      id: "s",
      amount: 90_000,
      members: [{ userId: M1, feeShareBps: 2_500 }, { userId: M2, feeShareBps: 2_500 }],
    }),
  ];
  // The release happened at 20:00 on 31 October in UTC: 1 November in India.
  const e = summarizeEarnings(entriesOf(postings, new Date("2026-10-31T20:00:00Z")));
  const [b] = e.bookings;
  assert.equal(b.held, 50_000);
  assert.equal(b.released, 90_000);
  // The platform's fee on the release; the gateway's fee on the capture is the platform's cost, not the act's.
  assert.equal(b.platformFee, 10_000);
  assert.deepEqual([...b.members], [[M1, 22_500], [M2, 22_500]]);
  assert.deepEqual(e.months, [{ month: "2026-11", currency: "INR", released: 90_000 }]);
  assert.equal(e.totals[0].held, 50_000);
});
