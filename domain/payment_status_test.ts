import assert from "node:assert/strict";
import { canAdvance, PAYMENT_STATUSES, type PaymentStatus } from "./payment_status.ts";

Deno.test("a payment moves forward only, and never back to where it was", () => {
  const order: Record<PaymentStatus, number> = {
    initiated: 0,
    authorized: 1,
    failed: 2,
    cancelled: 2,
    captured: 3,
    refunded: 4,
  };
  for (const from of PAYMENT_STATUSES) {
    assert.equal(canAdvance(from, from), false, `${from} → ${from}`);
    for (const to of PAYMENT_STATUSES) {
      if (canAdvance(from, to)) assert.ok(order[to] > order[from], `${from} → ${to} goes back`);
    }
  }
});

Deno.test("money that arrived is counted even after a failed attempt; refunded and cancelled are final", () => {
  assert.equal(canAdvance("failed", "captured"), true);
  assert.equal(canAdvance("captured", "failed"), false);
  assert.equal(canAdvance("captured", "cancelled"), false);
  for (const to of PAYMENT_STATUSES) {
    assert.equal(canAdvance("refunded", to), false);
    assert.equal(canAdvance("cancelled", to), false);
  }
});
