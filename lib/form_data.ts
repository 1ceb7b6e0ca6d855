/** Reading HTML form posts. */

/** Form fields as plain strings (file parts are ignored). */
export async function formFields(req: Request): Promise<Record<string, string>> {
  // A body that is not a form (wrong type, malformed) reads as empty, so the
  // page answers with its field errors rather than a 500.
  const data = await req.formData().catch(() => new FormData());
  const out: Record<string, string> = {};
  for (const [k, v] of data.entries()) if (typeof v === "string") out[k] = v;
  return out;
}

/** A same-site path to go to next; anything else (another site, "//host") falls back. */
export function safeNext(next: string | null | undefined, fallback: string): string {
  return next && /^\/(?![/\\])/.test(next) ? next : fallback;
}
