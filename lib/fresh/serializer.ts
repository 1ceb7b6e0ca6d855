/**
 * Serializes island props for the page's `<script type="application/json">`.
 *
 * JSON alone loses identity (a signal shared by two islands must stay one
 * signal), cycles, and types such as Date or Map, so the output is a flat
 * reference table in the spirit of devalue and Fresh 2:
 *
 * - The text is a JSON array, the table; the root value is entry 0. When the
 *   root is itself one of the constants below, the text is just that number.
 * - A reference is an integer: n >= 0 is table entry n; negative numbers are
 *   constants JSON cannot hold: -1 undefined, -2 array hole, -3 NaN,
 *   -4 Infinity, -5 -Infinity, -6 -0.
 * - An entry is a JSON primitive (itself), an array of references (an array),
 *   an object of references (a plain object), or an array led by a tag:
 *   ["D", ms|null] Date, ["U", href] URL, ["R", source, flags] RegExp,
 *   ["B", digits] BigInt, ["A", base64] Uint8Array, ["M", k, v, k, v...] Map,
 *   ["S", ...refs] Set, ["N", {key: ref}] null-prototype object,
 *   ["s", ref] Signal (tag payloads after "M", "S", "N", "s" are references).
 * - Every value, primitives included, is stored once, so repeated strings
 *   cost one reference each and shared objects keep their identity.
 *
 * lib/fresh/client/deserialize.ts is the inverse; the two must change together.
 */

export type Path = (string | number)[];

/** A value that cannot become an island prop; `path` locates it in the input. */
export class SerializeError extends Error {
  constructor(readonly problem: string, readonly path: Path) {
    super(`${problem} (at ${formatPath(path)})`);
    this.name = "SerializeError";
  }
}

const UNDEFINED = -1, HOLE = -2, NAN = -3, POS_INF = -4, NEG_INF = -5, NEG_ZERO = -6;

// Duck-typed by @preact/signals-core's brand, so a second copy of the package
// (or a computed) is recognized too.
const SIGNAL_BRAND = Symbol.for("preact-signals");
interface SignalLike {
  brand: symbol;
  peek(): unknown;
}

const SUPPORTED = "plain objects, arrays, Date, URL, RegExp, Map, Set, Uint8Array, " +
  "BigInt and @preact/signals signals";

export function serialize(value: unknown): string {
  const table: unknown[] = [];
  const indexOf = new Map<unknown, number>();
  const path: Path = [];

  function ref(v: unknown): number {
    if (v === undefined) return UNDEFINED;
    if (typeof v === "number") {
      if (Number.isNaN(v)) return NAN;
      if (v === Infinity) return POS_INF;
      if (v === -Infinity) return NEG_INF;
      if (Object.is(v, -0)) return NEG_ZERO;
    }
    const known = indexOf.get(v);
    if (known !== undefined) return known;
    // Reserve the slot before descending, so a cycle back to `v` finds it.
    const index = table.push(null) - 1;
    indexOf.set(v, index);
    table[index] = entry(v);
    return index;
  }

  function child(key: string | number, v: unknown): number {
    path.push(key);
    const r = ref(v);
    path.pop();
    return r;
  }

  function fields(o: object): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(o)) {
      // defineProperty: a "__proto__" key must stay a key, not set a prototype.
      Object.defineProperty(out, k, { value: child(k, v), enumerable: true });
    }
    return out;
  }

  function entry(v: unknown): unknown {
    switch (typeof v) {
      case "string":
      case "number":
      case "boolean":
        return v;
      case "bigint":
        return ["B", v.toString()];
      case "function":
        throw new SerializeError(
          `A function${v.name ? ` (${v.name})` : ""} cannot be serialized: island props ` +
            "must be data, so define event handlers inside the island",
          [...path],
        );
      case "symbol":
        throw new SerializeError(`A symbol (${v.toString()}) cannot be serialized`, [...path]);
    }
    if (v === null) return null;
    const o = v as object;
    if ((o as SignalLike).brand === SIGNAL_BRAND) {
      return ["s", child("value", (o as SignalLike).peek())];
    }
    const proto = Object.getPrototypeOf(o);
    switch (proto) {
      case Object.prototype:
        if (isVNode(o)) {
          throw new SerializeError(
            "A JSX element cannot be serialized: pass data and render the markup inside the " +
              "island (islands receive no children)",
            [...path],
          );
        }
        return fields(o);
      case null:
        return ["N", fields(o)];
      case Array.prototype: {
        const a = o as unknown[];
        const out: number[] = [];
        for (let i = 0; i < a.length; i++) out.push(i in a ? child(i, a[i]) : HOLE);
        return out;
      }
      case Date.prototype:
        return ["D", (o as Date).getTime()];
      case URL.prototype:
        return ["U", (o as URL).href];
      case RegExp.prototype:
        return ["R", (o as RegExp).source, (o as RegExp).flags];
      case Uint8Array.prototype:
        return ["A", toBase64(o as Uint8Array)];
      case Map.prototype: {
        const out: unknown[] = ["M"];
        let i = 0;
        for (const [k, val] of o as Map<unknown, unknown>) {
          const key = typeof k === "string" || typeof k === "number" ? k : i;
          out.push(child(i++, k), child(key, val));
        }
        return out;
      }
      case Set.prototype: {
        const out: unknown[] = ["S"];
        let i = 0;
        for (const item of o as Set<unknown>) out.push(child(i++, item));
        return out;
      }
    }
    const name = (proto?.constructor as { name?: string } | undefined)?.name || "an unnamed class";
    throw new SerializeError(
      `An instance of ${name} cannot be serialized: only ${SUPPORTED} can`,
      [...path],
    );
  }

  const root = ref(value);
  const json = root < 0 ? String(root) : JSON.stringify(table);
  // These characters can only occur inside JSON strings, where \uXXXX means the
  // same; escaped, the text cannot close the <script> element, open a comment,
  // or break a JavaScript parser that predates ES2019.
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

// Preact marks its VNodes with an own `constructor: undefined`.
function isVNode(o: object): boolean {
  return "type" in o && "props" in o && (o as { constructor?: unknown }).constructor === undefined;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function formatPath(path: Path): string {
  if (path.length === 0) return "the root value";
  return path.map((p, i) =>
    typeof p === "number"
      ? `[${p}]`
      : /^[A-Za-z_$][\w$]*$/.test(p)
      ? (i === 0 ? p : `.${p}`)
      : `[${JSON.stringify(p)}]`
  ).join("");
}
