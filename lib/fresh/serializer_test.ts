import assert from "node:assert/strict";
import { h } from "preact";
import { computed, Signal, signal } from "@preact/signals";
import { parseHTML } from "linkedom";
import { serialize, SerializeError } from "./serializer.ts";
import { deserialize } from "./client/deserialize.ts";

const roundTrip = (value: unknown): any => deserialize(serialize(value), signal);

Deno.test("primitives and constants JSON cannot hold survive a round trip", () => {
  const values = [
    null,
    true,
    false,
    "",
    "héllo ✓",
    0,
    -0,
    1.5,
    -42,
    Number.MAX_SAFE_INTEGER,
    NaN,
    Infinity,
    -Infinity,
    undefined,
    0n,
    123456789012345678901234567890n,
    -(2n ** 70n),
  ];
  for (const v of values) assert.ok(Object.is(roundTrip(v), v), `${String(v)} as the root`);
  assert.deepEqual(roundTrip(values), values);
  assert.ok(Object.is(roundTrip([-0])[0], -0));
});

Deno.test("Date, invalid Date, URL, RegExp, Uint8Array survive with their types", () => {
  const [date, invalid, url, re, bytes] = roundTrip([
    new Date(1_700_000_000_123),
    new Date(NaN),
    new URL("https://example.com/a b?q=1#frag"),
    /a+[/"]b/giu,
    new Uint8Array([0, 1, 127, 128, 255]),
  ]);
  assert.ok(date instanceof Date);
  assert.equal(date.getTime(), 1_700_000_000_123);
  assert.ok(invalid instanceof Date);
  assert.ok(Number.isNaN(invalid.getTime()));
  assert.ok(url instanceof URL);
  assert.equal(url.href, "https://example.com/a%20b?q=1#frag");
  assert.ok(re instanceof RegExp);
  assert.equal(re.source, /a+[/"]b/giu.source);
  assert.equal(re.flags, "giu");
  assert.ok(bytes instanceof Uint8Array);
  assert.deepEqual([...bytes], [0, 1, 127, 128, 255]);
  assert.equal(roundTrip(new Uint8Array(100_000).fill(7)).length, 100_000);
});

Deno.test("Map and Set keep entries of any type, in order", () => {
  const key = { id: 1 };
  const map = new Map<unknown, unknown>([["a", 1], [key, new Set([1, "1", undefined])], [2n, key]]);
  const back = roundTrip(map);
  assert.ok(back instanceof Map);
  const [[k1, v1], [k2, v2], [k3, v3]] = [...back];
  assert.deepEqual([k1, v1], ["a", 1]);
  assert.deepEqual(k2, { id: 1 });
  assert.ok(v2 instanceof Set);
  assert.deepEqual([...v2], [1, "1", undefined]);
  assert.equal(k3, 2n);
  assert.equal(v3, k2, "the key object and the value object are one object");
});

Deno.test("arrays keep holes, objects keep undefined properties, null prototypes stay null", () => {
  // deno-lint-ignore no-sparse-arrays
  const back = roundTrip([[1, , 3], { a: undefined, b: 1 }, Object.assign(Object.create(null), { x: 1 })]);
  assert.equal(back[0].length, 3);
  assert.ok(!(1 in back[0]), "the hole stays a hole");
  assert.ok(Object.hasOwn(back[1], "a"));
  assert.equal(back[1].a, undefined);
  assert.equal(Object.getPrototypeOf(back[2]), null);
  assert.equal(back[2].x, 1);
});

Deno.test('a "__proto__" key stays a key and never sets a prototype', () => {
  const back = roundTrip(JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}'));
  assert.equal(Object.getPrototypeOf(back), Object.prototype);
  assert.deepEqual(Object.keys(back), ["__proto__", "ok"]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

Deno.test("shared references keep their identity and cycles close", () => {
  const shared = { n: 1 };
  const cyclic: Record<string, unknown> = { name: "root" };
  cyclic.self = cyclic;
  const list: unknown[] = [];
  list.push(list);
  const map = new Map<string, unknown>();
  map.set("me", map);
  const back = roundTrip([{ a: shared }, { b: shared }, cyclic, list, map]);
  assert.equal(back[0].a, back[1].b);
  assert.equal(back[2].self, back[2]);
  assert.equal(back[3][0], back[3]);
  assert.equal(back[4].get("me"), back[4]);
});

Deno.test("a signal shared by two islands' props comes back as one writable signal", () => {
  const count = signal(3);
  const [first, second] = roundTrip([{ count }, { count }]);
  assert.ok(first.count instanceof Signal);
  assert.equal(first.count, second.count);
  assert.equal(first.count.value, 3);
  first.count.value = 4;
  assert.equal(second.count.value, 4);
});

Deno.test("a computed comes back as a writable signal holding its current value", () => {
  const base = signal(2);
  const doubled = computed(() => base.value * 2);
  const back = roundTrip({ doubled });
  assert.ok(back.doubled instanceof Signal);
  assert.equal(back.doubled.value, 4);
  back.doubled.value = 10;
  assert.equal(back.doubled.value, 10);
});

Deno.test("a signal holding an object graph, even one leading back to it, keeps identities", () => {
  const shared = { tag: "x" };
  const state: Record<string, unknown> = { items: [shared, shared], at: new Date(0) };
  const holder = signal(state);
  state.holder = holder;
  const back = roundTrip([holder, shared]);
  const value = back[0].value;
  assert.equal(value.items[0], value.items[1]);
  assert.equal(value.items[0], back[1]);
  assert.equal(value.holder, back[0]);
  assert.ok(value.at instanceof Date);
});

Deno.test("the format is a flat table with every value stored once", () => {
  assert.equal(serialize({ a: "x", b: ["x", undefined, true] }), '[{"a":1,"b":2},"x",[1,-1,3],true]');
  assert.equal(serialize(undefined), "-1");
  assert.equal(serialize(NaN), "-3");
});

Deno.test("a string prop cannot break out of the script element in HTML", () => {
  const hostile = {
    text: "</script><script>alert(1)</script>",
    comment: "<!-- <script>",
    amp: "&lt; & >",
    separators: "\u2028\u2029",
  };
  const json = serialize([hostile]);
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
  const { document } = parseHTML(
    `<!DOCTYPE html><html><head></head><body>` +
      `<script id="__FRSH_STATE" type="application/json">${json}</script>` +
      `<p id="after">after</p></body></html>`,
  );
  assert.equal(document.querySelectorAll("script").length, 1);
  assert.equal(document.getElementById("after")?.textContent, "after");
  const text = document.getElementById("__FRSH_STATE")!.textContent!;
  assert.deepEqual(deserialize(text, signal), [hostile]);
});

function rejects(value: unknown, path: (string | number)[], message: RegExp): void {
  assert.throws(() => serialize(value), (err) => {
    assert.ok(err instanceof SerializeError);
    assert.deepEqual(err.path, path);
    assert.match(err.message, message);
    return true;
  });
}

Deno.test("functions are rejected with the path of the prop and a hint", () => {
  rejects(
    [{ onClick: function handleClick() {} }],
    [0, "onClick"],
    /function \(handleClick\).*inside the island.*\[0\]\.onClick/,
  );
  rejects([{}, { items: [1, () => 1] }], [1, "items", 1], /function.*\[1\]\.items\[1\]/);
});

Deno.test("symbols, class instances and JSX elements are rejected where they sit", () => {
  class Money {
    cents = 1;
  }
  rejects([{ s: Symbol("x") }], [0, "s"], /symbol \(Symbol\(x\)\)/);
  rejects([{ price: new Money() }], [0, "price"], /instance of Money.*only plain objects/);
  rejects([{ icon: h("svg", null) }], [0, "icon"], /JSX element/);
  rejects([{ "data-x": new Map([["k", new Money()]]) }], [0, "data-x", "k"], /Money.*\[0\]\["data-x"\]\.k/);
  rejects([{ count: signal(() => 1) }], [0, "count", "value"], /function/);
  rejects(new WeakMap(), [], /WeakMap.*the root value/);
});
