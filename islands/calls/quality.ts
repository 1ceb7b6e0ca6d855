/**
 * How the connection is doing, from two WebRTC statistics samples a few
 * seconds apart: packets lost against received on the way in, and the
 * round trip of the candidate pair in use. Thresholds are where a voice
 * call starts to break up (over 5% loss, or 400 ms there and back).
 */
export type Quality = "unknown" | "good" | "poor" | "lost";

export interface StatsSample {
  /** Inbound RTP packets received and lost, audio and video together. */
  packetsReceived: number;
  packetsLost: number;
  /** STUN responses on the pair in use: they keep coming while the path is up, even with no media. */
  responsesReceived: number;
  /** Seconds, of the pair in use; null before one is chosen. */
  roundTripTime: number | null;
}

export const POOR_LOSS = 0.05;
export const POOR_RTT_SECONDS = 0.4;

type Stat = Record<string, unknown> & { type: string; id: string };

/** The candidate pair in use: the transport's selected one, else the nominated pair that succeeded. */
export function selectedPair(stats: Iterable<Stat>): Stat | null {
  const all = [...stats];
  const byId = new Map(all.map((s) => [s.id, s]));
  const transport = all.find((s) => s.type === "transport" && typeof s.selectedCandidatePairId === "string");
  const chosen = transport && byId.get(transport.selectedCandidatePairId as string);
  return chosen ??
    all.find((s) => s.type === "candidate-pair" && s.nominated === true && s.state === "succeeded") ?? null;
}

export function sampleOf(stats: Iterable<Stat>): StatsSample {
  const sample: StatsSample = {
    packetsReceived: 0,
    packetsLost: 0,
    responsesReceived: 0,
    roundTripTime: null,
  };
  const all = [...stats];
  for (const s of all) {
    if (s.type !== "inbound-rtp") continue;
    sample.packetsReceived += Number(s.packetsReceived ?? 0);
    sample.packetsLost += Math.max(0, Number(s.packetsLost ?? 0));
  }
  const pair = selectedPair(all);
  if (pair) {
    sample.responsesReceived = Number(pair.responsesReceived ?? 0);
    if (typeof pair.currentRoundTripTime === "number") sample.roundTripTime = pair.currentRoundTripTime;
  }
  return sample;
}

export function qualityOf(before: StatsSample, after: StatsSample): Quality {
  const received = after.packetsReceived - before.packetsReceived;
  const lost = after.packetsLost - before.packetsLost;
  // Nothing came in and nothing answered: the path is gone, whatever the connection state says yet.
  if (received <= 0 && after.responsesReceived <= before.responsesReceived) return "lost";
  const loss = received > 0 ? lost / (lost + received) : 0;
  if (loss > POOR_LOSS || (after.roundTripTime ?? 0) > POOR_RTT_SECONDS) return "poor";
  return "good";
}
