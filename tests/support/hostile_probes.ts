/**
 * Hostile requests for each place of the attack surface: every path segment,
 * query value and form field of the pages, and every path parameter, query
 * value and JSON field of the API, each replaced in turn by a hostile value
 * while the rest of the request stays as the app rendered or documented it.
 */
import {
  type OperationTarget,
  operationUrl,
  type PageTarget,
  type Probe,
  withSegment,
} from "./attack_surface.ts";

/** A probe with what it tried, for the failure message. */
export interface LabelledProbe extends Probe {
  label: string;
}

/** JSON values of the wrong type for any field. */
const WRONG_TYPES: readonly unknown[] = [null, true, 0, -1, 1.5, 2 ** 63, [], {}];

/** Text values that break careless code, besides the control characters each test chooses. */
export const HOSTILE_TEXT: readonly string[] = [
  "",
  "x".repeat(5_000),
  "../../etc/passwd",
  "' OR 1=1 --",
  "-1",
  "1e309",
  "00000000-0000-0000-0000-00000000000g",
];

/** The text, and a UUID in the place also in upper case (ids are case-insensitive). */
function valuesFor(current: string | undefined, text: readonly string[]): string[] {
  return current && /^[0-9a-f-]{36}$/.test(current) ? [...text, current.toUpperCase()] : [...text];
}

export function* pageProbes(
  target: PageTarget,
  text: readonly string[],
  token?: string,
): Generator<LabelledProbe> {
  const method = target.methods.includes("GET") ? "GET" : target.methods[0];
  const segments = target.path.split("/");
  for (let i = 1; i < segments.length; i++) {
    for (const value of valuesFor(decodeURIComponent(segments[i]), text)) {
      yield { method, url: withSegment(target.path, i, value), token, label: `${method} segment ${i}` };
    }
  }
  if (method === "GET") {
    for (const name of target.queryNames) {
      for (const value of text) {
        const url = `${target.path}?${new URLSearchParams({ [name]: value })}`;
        yield { method, url, token, label: `GET ?${name}` };
      }
    }
  }
  for (const form of target.forms) {
    for (const [name, current] of Object.entries(form.fields)) {
      for (const value of valuesFor(current, text)) {
        const fields = { ...form.fields, [name]: value };
        const label = `${form.method} ${form.action} form field ${name} (intent ${
          form.fields.intent ?? "-"
        })`;
        yield form.method === "POST"
          ? { method: "POST", url: form.action, form: fields, token, label }
          : { method: "GET", url: `${form.action}?${new URLSearchParams(fields)}`, token, label };
      }
    }
  }
}

export function* operationProbes(
  op: OperationTarget,
  text: readonly string[],
  token?: string,
): Generator<LabelledProbe> {
  const name = `${op.method} ${op.template}`;
  const base = { method: op.method, token, json: op.body };
  for (const [param, current] of Object.entries(op.pathParams)) {
    for (const value of valuesFor(current, text)) {
      yield {
        ...base,
        url: operationUrl(op, { ...op.pathParams, [param]: value }),
        label: `${name} {${param}}`,
      };
    }
  }
  for (const query of op.queryNames) {
    for (const value of text) {
      yield { ...base, url: operationUrl(op, op.pathParams, { [query]: value }), label: `${name} ?${query}` };
    }
  }
  if (op.rawBody || !op.body) return;
  const url = operationUrl(op);
  yield { ...base, url, json: {}, label: `${name} with {}` };
  yield { ...base, url, json: { ...op.body, unexpected: "x" }, label: `${name} with an extra field` };
  yield { ...base, url, json: [op.body], label: `${name} with an array body` };
  for (const [field, current] of Object.entries(op.body)) {
    const nested = current && typeof current === "object" && !Array.isArray(current)
      ? Object.keys(current as object)
      : [];
    for (
      const value of [...valuesFor(typeof current === "string" ? current : undefined, text), ...WRONG_TYPES]
    ) {
      yield { ...base, url, json: { ...op.body, [field]: value }, label: `${name} body.${field}` };
      for (const inner of nested) {
        const json = { ...op.body, [field]: { ...current as object, [inner]: value } };
        yield { ...base, url, json, label: `${name} body.${field}.${inner}` };
      }
    }
  }
}
