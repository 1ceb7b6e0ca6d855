import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { SealedBoxError, sealer } from "./sealed.ts";

const SECRET = "a-test-secret-that-is-at-least-32-characters-long";

Deno.test("a sealed value opens to an equal value", async () => {
  const box = sealer(SECRET, "outbox");
  const value = { link: "https://artistspace.in/verify?t=abc", code: "123456", n: 1, ok: true, list: [null] };
  assert.deepEqual(await box.open(await box.seal(value)), value);
});

Deno.test("sealed bytes hold neither the value nor its JSON in clear", async () => {
  const sealed = await sealer(SECRET, "outbox").seal({ code: "987654" });
  const asText = new TextDecoder("latin1").decode(sealed);
  assert.ok(!asText.includes("987654"));
  assert.ok(!asText.includes("code"));
  assert.equal(sealed.byteLength, 12 + JSON.stringify({ code: "987654" }).length + 16);
});

Deno.test("sealing the same value twice gives different bytes (random IV)", async () => {
  const box = sealer(SECRET, "outbox");
  const [a, b] = [await box.seal("same"), await box.seal("same")];
  assert.notDeepEqual(a, b);
  assert.notDeepEqual(a.subarray(0, 12), b.subarray(0, 12));
});

Deno.test("a box opens only with the same secret and purpose", async () => {
  const sealed = await sealer(SECRET, "outbox").seal({ code: "123456" });
  await assert.rejects(sealer(SECRET, "other-purpose").open(sealed), SealedBoxError);
  await assert.rejects(sealer(`${SECRET}-rotated`, "outbox").open(sealed), SealedBoxError);
});

Deno.test("an altered or truncated box is refused", async () => {
  const box = sealer(SECRET, "outbox");
  const sealed = await box.seal({ code: "123456" });
  const flipped = sealed.slice();
  flipped[20] ^= 1;
  await assert.rejects(box.open(flipped), /wrong key or purpose, or the box was altered/);
  await assert.rejects(box.open(sealed.subarray(0, 27)), /too short/);
});

Deno.test("a box opens from a Buffer view into a larger pool, as pg returns bytea", async () => {
  const box = sealer(SECRET, "outbox");
  const sealed = await box.seal({ code: "123456" });
  const pooled = Buffer.concat([Buffer.from("prefix"), Buffer.from(sealed)]).subarray(6);
  assert.deepEqual(await box.open(pooled), { code: "123456" });
});

Deno.test("sealer refuses an empty secret or purpose, and values JSON cannot hold", async () => {
  assert.throws(() => sealer("", "outbox"), /needs a secret/);
  assert.throws(() => sealer(SECRET, ""), /needs a purpose/);
  await assert.rejects(sealer(SECRET, "outbox").seal(undefined), /only seal JSON values/);
});
