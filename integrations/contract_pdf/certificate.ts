/**
 * The certificate of completion, as text: what the platform recorded of each
 * signature, one labelled line each, in the words the last page prints. Times
 * appear twice, on India's wall clock (as the rest of the contract states
 * them) and in UTC, so the record reads the same to someone outside India.
 */
import { type SignatureEvidence, type SignatureMethod } from "../../domain/contract_text.ts";
import { formatDateTime } from "../../domain/time_format.ts";

export interface CertificateLine {
  label: string;
  value: string;
}

export interface CertificateEntry {
  heading: string;
  lines: CertificateLine[];
}

const METHOD: Record<SignatureMethod, string> = {
  password: "password",
  recent_login: "recent sign-in",
};

/** "Sat, 12 Dec 2026, 8:00 pm IST (2026-12-12T14:30:00.000Z UTC)". */
export function istAndUtc(instant: string): string {
  const at = new Date(instant);
  return `${formatDateTime(at)} IST (${at.toISOString()} UTC)`;
}

export function certificateEntry(evidence: SignatureEvidence, accountName?: string): CertificateEntry {
  const lines: CertificateLine[] = [
    { label: "Typed name", value: evidence.typedName },
    ...(accountName ? [{ label: "Account", value: accountName }] : []),
    { label: "Role", value: evidence.party },
    { label: "Confirmed by", value: METHOD[evidence.method] },
    { label: "IP address", value: evidence.ip ?? "not recorded" },
    { label: "Device", value: evidence.userAgent ?? "not recorded" },
    { label: "Viewed", value: evidence.viewedAt ? istAndUtc(evidence.viewedAt) : "not recorded" },
    { label: "Signed", value: istAndUtc(evidence.signedAt) },
    { label: "Session", value: evidence.sessionId },
    { label: "Document hash signed", value: evidence.documentHash },
  ];
  return { heading: `${evidence.typedName} (${evidence.party})`, lines };
}
