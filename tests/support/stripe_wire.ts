/**
 * Stripe's REST wire format, for the stand-in Stripe of stripe_server.ts:
 * form bodies and query strings in bracket syntax decoded into nested
 * parameters, checked against the parameters an endpoint knows (Stripe
 * refuses unknown ones, which catches a misspelt field in the adapter), the
 * `{ error: { type, message, code, param } }` envelope, list objects paged by
 * cursor and filtered on `created`, and `expand[]`.
 *
 * Written from Stripe's API reference, independently of the SDK's encoder, so
 * that a mistake in one is not mirrored by the other.
 */

export type Param = string | Param[] | { [key: string]: Param };
export type Params = { [key: string]: Param };

/** A refusal in Stripe's error envelope. */
export class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: "invalid_request_error" | "idempotency_error" | "api_error",
    message: string,
    readonly detail: { code?: string; param?: string } = {},
    /**
     * Stripe keeps an idempotent result only once an endpoint has begun its
     * work: a request refused while its parameters are checked may be retried
     * with the same key and corrected parameters.
     */
    readonly keptForIdempotency = true,
  ) {
    super(message);
  }

  body(): { error: Record<string, string> } {
    return { error: { type: this.type, message: this.message, ...this.detail } };
  }
}

function invalidParams(message: string, detail: { code?: string; param?: string }): StripeFailure {
  return new StripeFailure(400, "invalid_request_error", message, detail, false);
}

/** `a[b][0][c]=v&expand[]=x` as `{ a: { b: [{ c: "v" }] }, expand: ["x"] }`. */
export function decodeForm(text: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    const path = match ? [match[1], ...[...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])] : [key];
    let node: Params = root;
    for (let i = 0; i < path.length; i++) {
      // `[]` appends: the next free index of the container.
      const segment = path[i] === "" ? String(Object.keys(node).length) : path[i];
      if (i === path.length - 1) {
        if (typeof node[segment] === "object") {
          throw invalidParams(`Invalid value for ${key}.`, { param: key });
        }
        node[segment] = value;
        break;
      }
      const next = node[segment] ?? {};
      if (typeof next !== "object") throw invalidParams(`Invalid value for ${key}.`, { param: key });
      node = node[segment] = next as Params;
    }
  }
  return arraysFromIndexes(root) as Params;
}

function arraysFromIndexes(node: Param): Param {
  if (typeof node === "string") return node;
  const entries = Object.entries(node).map(([k, v]) => [k, arraysFromIndexes(v)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}

/** Sorted-key JSON: the parameters of two requests compare equal whatever their order on the wire. */
export function canonical(params: Param): string {
  if (typeof params === "string") return JSON.stringify(params);
  if (Array.isArray(params)) return `[${params.map(canonical).join(",")}]`;
  const keys = Object.keys(params).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(params[k])}`).join(",")}}`;
}

/**
 * The parameters an endpoint accepts: `true` a scalar, `"map"` a map of
 * strings (metadata), an object its fields, a one-element array a list of it.
 */
export type Shape = true | "map" | { [key: string]: Shape } | [Shape];

export function checkShape(params: Params, shape: { [key: string]: Shape }): void {
  walk(params, shape, "");
}

function walk(value: Param, shape: Shape, at: string): void {
  const field = (name: string) => at ? `${at}[${name}]` : name;
  if (shape === true) {
    if (typeof value !== "string") {
      throw invalidParams(`Invalid value for ${at}: expected a string.`, { param: at });
    }
  } else if (shape === "map") {
    if (typeof value === "string" && value === "") return;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw invalidParams(`Invalid object for ${at}.`, { param: at });
    }
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== "string") throw invalidParams(`Invalid value for ${field(k)}.`, { param: field(k) });
      if (v.length > 500) {
        throw invalidParams(`Metadata values can have up to 500 characters (${field(k)}).`, {
          param: field(k),
        });
      }
    }
    if (Object.keys(value).length > 50) {
      throw invalidParams(`Metadata can have up to 50 keys (${at}).`, { param: at });
    }
  } else if (Array.isArray(shape)) {
    if (!Array.isArray(value)) throw invalidParams(`Invalid array for ${at}.`, { param: at });
    value.forEach((item, i) => walk(item, shape[0], field(String(i))));
  } else {
    if (typeof value !== "object" || Array.isArray(value)) {
      throw invalidParams(`Invalid object for ${at}.`, { param: at });
    }
    for (const [k, v] of Object.entries(value)) {
      if (!(k in shape)) {
        throw invalidParams(`Received unknown parameter: ${field(k)}`, {
          code: "parameter_unknown",
          param: field(k),
        });
      }
      walk(v, shape[k], field(k));
    }
  }
}

function at(params: Params, path: string[]): Param | undefined {
  let node: Param | undefined = params;
  for (const key of path) {
    if (node === undefined || typeof node === "string") return undefined;
    node = Array.isArray(node) ? node[Number(key)] : node[key];
  }
  return node;
}

function bracketed(path: string[]): string {
  return path[0] + path.slice(1).map((p) => `[${p}]`).join("");
}

/** A string parameter (its shape already checked), or a refusal naming it when required. */
export function text(params: Params, path: string[], required: true): string;
export function text(params: Params, path: string[], required?: false): string | undefined;
export function text(params: Params, path: string[], required = false): string | undefined {
  const value = at(params, path);
  if (value === undefined || value === "") {
    if (!required) return undefined;
    const name = bracketed(path);
    throw invalidParams(`Missing required param: ${name}.`, { code: "parameter_missing", param: name });
  }
  return value as string;
}

/** A whole-number parameter, as Stripe parses it: digits only. */
export function integer(params: Params, path: string[], required: true, min?: number): number;
export function integer(params: Params, path: string[], required?: false, min?: number): number | undefined;
export function integer(params: Params, path: string[], required = false, min = 0): number | undefined {
  const raw = required ? text(params, path, true) : text(params, path);
  if (raw === undefined) return undefined;
  const name = bracketed(path);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw invalidParams(`Invalid integer: ${raw}`, { code: "parameter_invalid_integer", param: name });
  }
  const value = Number(raw);
  if (value < min) {
    throw invalidParams(`This value must be greater than or equal to ${min}.`, {
      code: "parameter_invalid_integer",
      param: name,
    });
  }
  return value;
}

export function metadata(params: Params, path: string[]): Record<string, string> {
  const value = at(params, path);
  return typeof value === "object" && !Array.isArray(value) ? { ...value } as Record<string, string> : {};
}

/** The parameters every list endpoint takes. */
export const LIST_SHAPE = {
  created: { gt: true, gte: true, lt: true, lte: true },
  limit: true,
  starting_after: true,
  ending_before: true,
  expand: [true],
} satisfies Record<string, Shape>;

export interface Listable {
  id: string;
  created: number;
}

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

/**
 * One page of `all`, newest first as Stripe lists (ties in creation order, the
 * later first), after `starting_after` or before `ending_before`, filtered on
 * `created` and at most `limit` (1 to 100, 10 by default) long.
 */
export function listPage<T extends Listable>(
  all: readonly T[],
  query: Params,
  kind: string,
  url: string,
): ListObject<T> {
  const limit = integer(query, ["limit"], false, 1) ?? 10;
  if (limit > 100) {
    throw invalidParams("This value must be less than or equal to 100.", {
      code: "parameter_invalid_integer",
      param: "limit",
    });
  }
  const created = typeof query.created === "string"
    ? { gte: integer(query, ["created"]), lte: integer(query, ["created"]) }
    : {
      gt: integer(query, ["created", "gt"]),
      gte: integer(query, ["created", "gte"]),
      lt: integer(query, ["created", "lt"]),
      lte: integer(query, ["created", "lte"]),
    };
  const inRange = ({ created: t }: T) =>
    (created.gt === undefined || t > created.gt) && (created.gte === undefined || t >= created.gte) &&
    (created.lt === undefined || t < created.lt) && (created.lte === undefined || t <= created.lte);

  const ordered = all.map((item, i) => ({ item, i }))
    .sort((a, b) => b.item.created - a.item.created || b.i - a.i)
    .map(({ item }) => item);
  const after = text(query, ["starting_after"]);
  const before = text(query, ["ending_before"]);
  if (after !== undefined && before !== undefined) {
    throw invalidParams("You may only specify one of these parameters: ending_before, starting_after.", {});
  }
  const cursor = after ?? before;
  const position = cursor === undefined ? -1 : ordered.findIndex((item) => item.id === cursor);
  if (cursor !== undefined && position < 0) {
    throw invalidParams(`No such ${kind}: '${cursor}'`, {
      code: "resource_missing",
      param: after !== undefined ? "starting_after" : "ending_before",
    });
  }
  if (before !== undefined) {
    const candidates = ordered.slice(0, position).filter(inRange);
    return {
      object: "list",
      data: candidates.slice(-limit),
      has_more: candidates.length > limit,
      url,
    };
  }
  const candidates = ordered.slice(position + 1).filter(inRange);
  return { object: "list", data: candidates.slice(0, limit), has_more: candidates.length > limit, url };
}

/** Stripe expands four levels deep at most (`data.` counting as one on lists). */
const MAX_EXPANSION_DEPTH = 4;

/**
 * `object` with each `expand[]` path replaced by the objects its ids name:
 * `expandable` says which fields of which object type hold ids that expand.
 */
export function expandPaths<T>(
  object: T,
  query: Params,
  lookup: (id: string) => { object: string } | undefined,
  expandable: Record<string, readonly string[]>,
  prefix: "" | "data." = "",
): T {
  const raw = query.expand;
  if (raw === undefined) return object;
  const paths = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : [];
  let result = structuredClone(object) as unknown as Record<string, unknown>;
  for (const path of paths) {
    if (typeof path !== "string") throw invalidParams("Invalid array for expand.", { param: "expand" });
    const parts = path.split(".");
    if (parts.length > MAX_EXPANSION_DEPTH) {
      throw invalidParams(
        `You cannot expand more than ${MAX_EXPANSION_DEPTH} levels of a property. Property: ${path}`,
        { param: "expand" },
      );
    }
    if (prefix && parts.shift() !== "data") {
      throw invalidParams(`This property cannot be expanded (${path}).`, { param: "expand" });
    }
    result = expandOne(result, parts, path, lookup, expandable);
  }
  return result as T;
}

function expandOne(
  object: Record<string, unknown>,
  parts: string[],
  path: string,
  lookup: (id: string) => { object: string } | undefined,
  expandable: Record<string, readonly string[]>,
): Record<string, unknown> {
  const [field, ...rest] = parts;
  if (!expandable[object.object as string]?.includes(field)) {
    throw invalidParams(`This property cannot be expanded (${path}).`, { param: "expand" });
  }
  const value = object[field];
  if (value === null) return object;
  const target = typeof value === "string" ? structuredClone(lookup(value)) : value;
  if (target === undefined) return object;
  const expanded = rest.length
    ? expandOne(target as Record<string, unknown>, rest, path, lookup, expandable)
    : target;
  return { ...object, [field]: expanded };
}
