/**
 * What an owner gave with a verification request: links (opened outside
 * the app, without a referrer), the note, and documents, which open through
 * the authorized download route (never a storage URL). The owner's page and
 * the staff's queue show the same.
 */
import type { VerificationRequestView } from "../services/admin/verification_views.ts";

const TYPE: Record<string, string> = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG" };

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1048576).toFixed(1)} MB`;
}

export function VerificationEvidence({ request }: { request: VerificationRequestView }) {
  return (
    <div class="grid gap-2 text-sm" data-testid="evidence">
      <ul class="grid gap-1" data-testid="links">
        {request.links.map((link) => (
          <li key={link} class="break-all">
            <a href={link} rel="noopener noreferrer nofollow" target="_blank" class="text-plum-700 underline">
              {link}
            </a>
          </li>
        ))}
      </ul>
      {request.note && (
        <blockquote
          class="whitespace-pre-wrap border-l-4 border-ink-100 pl-3 text-ink-700"
          data-testid="note"
        >
          {request.note}
        </blockquote>
      )}
      {request.documents.length > 0 && (
        <ul class="grid gap-1" data-testid="documents">
          {request.documents.map((d) => (
            <li key={d.id} class="break-all">
              <a href={d.href} class="text-plum-700 underline">{d.fileName}</a>{" "}
              <span class="text-ink-500">({TYPE[d.contentType] ?? d.contentType}, {size(d.byteSize)})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
