/**
 * Inverse of lib/fresh/serializer.ts (the format is described there). Ships
 * to the browser on every page with islands, so it stays small and takes the
 * signal factory as a parameter instead of importing a signals package.
 */

// Indexed by ~ref: -1 -> 0, -2 -> 1, ... An array hole (-2) decodes as
// undefined here; arrays skip it so the hole survives.
const CONSTANTS = [undefined, undefined, NaN, Infinity, -Infinity, -0];
const HOLE = -2;

/**
 * `makeSignal` is called with undefined and the signal's `.value` is set
 * afterwards: a signal may sit in a cycle that leads back to itself.
 */
export function deserialize(
  text: string,
  makeSignal: (initial: unknown) => { value: unknown },
): unknown {
  const parsed = JSON.parse(text);
  if (typeof parsed === "number") return CONSTANTS[~parsed];
  const table: unknown[] = parsed;
  const done: unknown[] = [];

  const get = (ref: number): unknown => ref < 0 ? CONSTANTS[~ref] : ref in done ? done[ref] : hydrate(ref);

  function hydrate(i: number): unknown {
    const e = table[i];
    if (e === null || typeof e !== "object") return done[i] = e;
    if (!Array.isArray(e)) {
      // Reuse the parsed object: assigning to an own "__proto__" key that
      // JSON.parse created sets the key, never the prototype.
      done[i] = e;
      for (const k in e) (e as Record<string, unknown>)[k] = get((e as Record<string, number>)[k]);
      return e;
    }
    const [tag, a, b] = e;
    switch (tag) {
      case "D":
        return done[i] = new Date(a ?? NaN);
      case "U":
        return done[i] = new URL(a);
      case "R":
        return done[i] = new RegExp(a, b);
      case "B":
        return done[i] = BigInt(a);
      case "A":
        return done[i] = Uint8Array.from(atob(a), (c) => c.charCodeAt(0));
      case "M": {
        const map = done[i] = new Map();
        for (let j = 1; j < e.length; j += 2) map.set(get(e[j]), get(e[j + 1]));
        return map;
      }
      case "S": {
        const set = done[i] = new Set();
        for (let j = 1; j < e.length; j++) set.add(get(e[j]));
        return set;
      }
      case "N": {
        const o: Record<string, unknown> = done[i] = Object.create(null);
        for (const k in a) o[k] = get(a[k]);
        return o;
      }
      case "s": {
        const s = done[i] = makeSignal(undefined);
        s.value = get(a);
        return s;
      }
    }
    if (typeof tag === "string") throw new Error(`Unknown tag "${tag}" in island state`);
    const out: unknown[] = done[i] = new Array(e.length);
    e.forEach((r: number, j: number) => {
      if (r !== HOLE) out[j] = get(r);
    });
    return out;
  }

  return get(0);
}
