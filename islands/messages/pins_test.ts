import assert from "node:assert/strict";
import type { Recipient } from "./api.ts";
import { comparePins } from "./pins.ts";

const person = (userId: string, signKey: string | null): Recipient => ({
  userId,
  name: `Person ${userId}`,
  identity: signKey ? { id: `id-${userId}`, signKey, boxKey: "box" } : null,
  deviceList: signKey ? { document: "{}", signature: "sig" } : null,
});

Deno.test("first keys are pinned; a changed key is reported until accepted; one's own and keyless are skipped", () => {
  const first = comparePins({}, [person("me", "K0"), person("b", "K1"), person("c", null)], "me");
  assert.deepEqual(first.changed, []);
  assert.deepEqual(first.next, { b: "K1" });
  const swapped = comparePins(first.next, [person("b", "K2")], "me");
  assert.deepEqual(swapped.changed.map((c) => c.userId), ["b"]);
  assert.deepEqual(
    swapped.next,
    { b: "K1" },
    "the old key stays pinned until the person has seen the change",
  );
  assert.deepEqual(comparePins({ b: "K2" }, [person("b", "K2")], "me").changed, []);
});
