/**
 * Verification requests as the owner, staff and the API see them: the
 * subject with its public page and trust score, the owner, the evidence,
 * and the decision. Documents are addressed through the authorized route
 * that serves them (api/routes/verification.ts), never by a storage URL.
 */
import type { Kysely } from "kysely";
import { documentsOfRequests, type RequestRow } from "../../db/queries/verification_requests.ts";
import type { Database, VerificationDocument } from "../../db/schema.ts";
import type { VerificationStatus, VerificationSubjectType } from "../../domain/verification.ts";

export interface VerificationDocumentView {
  id: string;
  fileName: string;
  contentType: VerificationDocument["content_type"];
  byteSize: number;
  createdAt: string;
  /** Where the owner and staff open it; anyone else is refused there. */
  href: string;
}

export interface VerificationRequestView {
  id: string;
  status: VerificationStatus;
  subject: {
    type: VerificationSubjectType;
    id: string;
    kind: "solo" | "band" | "venue";
    name: string;
    /** Its public page. */
    href: string;
    verified: boolean;
    trustScore: number;
  };
  owner: { id: string; displayName: string | null; email: string };
  links: string[];
  note: string | null;
  documents: VerificationDocumentView[];
  createdAt: string;
  decidedAt: string | null;
  /** Why staff decided as they did; always given for a rejection. */
  decisionReason: string | null;
}

/** The public page of an act (solo or band) or a venue. */
export function profileHref(kind: "solo" | "band" | "venue", slug: string): string {
  return `/${kind === "band" ? "bands" : kind === "venue" ? "venues" : "artists"}/${slug}`;
}

export function documentHref(requestId: string, documentId: string): string {
  return `/api/v1/verification-requests/${requestId}/documents/${documentId}`;
}

/** The rows as views, each with its documents (one query for all of them). */
export async function requestViews(
  db: Kysely<Database>,
  rows: RequestRow[],
): Promise<VerificationRequestView[]> {
  const documents = await documentsOfRequests(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    subject: {
      type: r.act_id ? "act" : "venue",
      id: (r.act_id ?? r.venue_id)!,
      kind: r.subject_kind,
      name: r.subject_name,
      href: profileHref(r.subject_kind, r.subject_slug),
      verified: r.subject_verified,
      trustScore: Number(r.subject_trust_score),
    },
    owner: { id: r.owner_id, displayName: r.owner_name, email: r.owner_email },
    links: r.links,
    note: r.note,
    documents: documents.filter((d) => d.request_id === r.id).map((d) => ({
      id: d.id,
      fileName: d.file_name,
      contentType: d.content_type,
      byteSize: d.byte_size,
      createdAt: new Date(d.created_at).toISOString(),
      href: documentHref(r.id, d.id),
    })),
    createdAt: new Date(r.created_at).toISOString(),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    decisionReason: r.decision_reason,
  }));
}
