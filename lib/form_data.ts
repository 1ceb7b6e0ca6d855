/** Reading HTML form posts. */
import { sameOriginPath } from "./fresh/location.ts";

/** Form fields as plain strings (file parts are ignored). */
export async function formFields(req: Request): Promise<Record<string, string>> {
  // A body that is not a form (wrong type, malformed) reads as empty, so the
  // page answers with its field errors rather than a 500.
  const data = await req.formData().catch(() => new FormData());
  const out: Record<string, string> = {};
  for (const [k, v] of data.entries()) if (typeof v === "string") out[k] = v;
  return out;
}

/**
 * Where to go after signing in: a path that stays on this site as a browser
 * reads it (percent-encoded, so it is safe in a Location header and a form
 * field alike); anything else ("//host", "/\t/host", a URL) falls back.
 */
export function safeNext(next: string | null | undefined, fallback: string): string {
  return (next ? sameOriginPath(next) : null) ?? fallback;
}

/** The whole form, files included (multipart or urlencoded); a malformed body reads as empty. */
export async function formData(req: Request): Promise<FormData> {
  return await req.formData().catch(() => new FormData());
}

/** A text field's value, or "" when it is absent or a file. */
export function textOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

/** A file field's bytes; empty when no file was chosen (then the upload check says so). */
export async function fileOf(data: FormData, name: string): Promise<Uint8Array> {
  const value = data.get(name);
  return value instanceof File ? new Uint8Array(await value.arrayBuffer()) : new Uint8Array();
}
