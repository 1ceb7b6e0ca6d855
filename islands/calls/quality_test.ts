import assert from "node:assert/strict";
import { qualityOf, sampleOf, type StatsSample } from "./quality.ts";

const base: StatsSample = {
  packetsReceived: 1000,
  packetsLost: 0,
  responsesReceived: 10,
  roundTripTime: 0.05,
};

Deno.test("good, poor (loss or round trip) and lost, from two samples", () => {
  assert.equal(qualityOf(base, { ...base, packetsReceived: 1100, responsesReceived: 11 }), "good");
  // 10 lost of 110 sent: 9%.
  assert.equal(qualityOf(base, { ...base, packetsReceived: 1100, packetsLost: 10 }), "poor");
  assert.equal(qualityOf(base, { ...base, packetsReceived: 1100, roundTripTime: 0.6 }), "poor");
  assert.equal(qualityOf(base, base), "lost");
  // No media (both muted, no camera) but the path still answers: not lost.
  assert.equal(qualityOf(base, { ...base, responsesReceived: 12 }), "good");
});

Deno.test("a sample sums inbound audio and video and reads the pair the transport selected", () => {
  const sample = sampleOf([
    { type: "inbound-rtp", id: "a", kind: "audio", packetsReceived: 500, packetsLost: 3 },
    { type: "inbound-rtp", id: "v", kind: "video", packetsReceived: 700, packetsLost: 2 },
    { type: "outbound-rtp", id: "o", packetsSent: 900 },
    { type: "candidate-pair", id: "p1", nominated: true, state: "succeeded", currentRoundTripTime: 0.9 },
    {
      type: "candidate-pair",
      id: "p2",
      state: "succeeded",
      currentRoundTripTime: 0.02,
      responsesReceived: 7,
    },
    { type: "transport", id: "t", selectedCandidatePairId: "p2" },
  ]);
  assert.deepEqual(sample, {
    packetsReceived: 1200,
    packetsLost: 5,
    responsesReceived: 7,
    roundTripTime: 0.02,
  });
});
