/**
 * The owner's verification page posts plain multipart forms: "ask" (link
 * fields link1..link5, a note, documents) and "add-document" (one file to
 * the waiting request). This turns a post into the services' input and
 * their field errors back into the form's field names.
 */
import { ValidationError } from "../../domain/errors.ts";
import { MAX_LINKS, type VerificationSubject } from "../../domain/verification.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import type { Actor } from "../../domain/access.ts";
import { textOf } from "../../lib/form_data.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { addVerificationDocument, requestVerification, type Upload } from "./verification_requests.ts";

export type VerificationIntent = "ask" | "add-document";

export const LINK_FIELDS: readonly string[] = Array.from({ length: MAX_LINKS }, (_, i) => `link${i + 1}`);

/** Carries out the posted form; returns which form it was. */
export async function submitVerificationForm(
  deps: WorkflowDeps,
  storage: Storage | null,
  actor: Actor | null,
  subject: VerificationSubject,
  form: FormData,
  meta: RequestMeta,
): Promise<VerificationIntent> {
  if (intentOf(form) === "add-document") {
    const [upload] = await uploadsOf(form);
    const none = { name: "", bytes: new Uint8Array() };
    await addVerificationDocument(deps, storage, actor, textOf(form, "request"), upload ?? none, meta);
    return "add-document";
  }
  // Blank link fields are skipped; an error about the n-th link given belongs to the field it came from.
  const given = LINK_FIELDS.filter((name) => textOf(form, name).trim() !== "");
  const input = { links: given.map((name) => textOf(form, name)), note: textOf(form, "note") };
  try {
    await requestVerification(deps, storage, actor, subject, input, await uploadsOf(form), meta);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(
      "Please check the highlighted fields",
      err.details.map((d) => ({ ...d, field: fieldOf(d.field, given) })),
    );
  }
  return "ask";
}

export function intentOf(form: FormData): VerificationIntent {
  return textOf(form, "intent") === "add-document" ? "add-document" : "ask";
}

/** The form's own fields, for showing it again as it was typed. */
export function typedValues(form: FormData): Record<string, string> {
  return Object.fromEntries(["note", ...LINK_FIELDS].map((name) => [name, textOf(form, name)]));
}

function fieldOf(field: string, given: string[]): string {
  const link = /^links(?:\.(\d+))?$/.exec(field);
  if (!link) return field;
  return link[1] === undefined ? LINK_FIELDS[0] : given[Number(link[1])] ?? LINK_FIELDS[0];
}

/** The chosen files; a file input left empty sends a nameless empty part, which is no file. */
async function uploadsOf(form: FormData): Promise<Upload[]> {
  const files = form.getAll("documents").filter((v): v is File => v instanceof File && v.size > 0);
  return await Promise.all(
    files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
}
