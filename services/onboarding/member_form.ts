/**
 * The band page's "invite a member" form without JavaScript: an account's
 * e-mail address, what they play and their share of the fee in percent, as
 * inviteMember's input; errors come back under the form's field names.
 */
import { ValidationError } from "../../domain/errors.ts";

export interface InviteValues {
  email: string;
  role: string;
  feeShare: string;
}

export const EMPTY_INVITE: InviteValues = { email: "", role: "", feeShare: "" };

/** A percentage with at most two decimals: basis points are whole. */
const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

export function inviteValuesOf(form: Record<string, string>): InviteValues {
  return {
    email: (form.email ?? "").trim(),
    role: form.role ?? "",
    feeShare: (form.feeShare ?? "").trim().replace(/\s*%$/, ""),
  };
}

export function inviteInput(v: InviteValues): Record<string, unknown> {
  const input: Record<string, unknown> = { email: v.email };
  if (v.role.trim()) input.role = v.role;
  if (v.feeShare) {
    const percent = Number(v.feeShare);
    if (!PERCENT.test(v.feeShare) || percent > 100) {
      throw new ValidationError("Please check the highlighted fields", [
        { field: "feeShare", message: "A percentage from 0 to 100, like 25" },
      ]);
    }
    input.feeShareBps = Math.round(percent * 100);
  }
  return input;
}

/**
 * Where an invitation's error belongs on the form. The service names no
 * field when the address has no account (404) or is already invited or in
 * the band (409): both are about the address.
 */
export function inviteFormFields(
  { fields, message, status }: { fields: Record<string, string>; message?: string; status: number },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, text] of Object.entries(fields)) {
    out[field === "feeShareBps" ? "feeShare" : field === "userId" ? "email" : field] ??= text;
  }
  if (Object.keys(out).length === 0 && message && (status === 404 || status === 409)) out.email = message;
  return out;
}
