/** The tick under one's own message. */
import type { Receipt } from "./api.ts";

/**
 * Read by everyone who can read it, read by some of them (named: in a band's conversation "Read" would wait
 * for the slowest member), delivered to all of them, or sent. `receipts` are of the people with keys only:
 * someone who has not set up private messages cannot read it, and must not hold the ticks back for ever.
 */
export function tickOf(seq: number, receipts: Receipt[], names: Map<string, string>): string {
  if (receipts.length === 0) return "Sent";
  const read = receipts.filter((r) => r.readSeq >= seq);
  if (read.length === receipts.length) return "Read";
  if (read.length > 0) return `Read by ${read.map((r) => names.get(r.userId) ?? "someone").join(", ")}`;
  return receipts.every((r) => r.deliveredSeq >= seq) ? "Delivered" : "Sent";
}
