/**
 * A file sent with a message: fetched (sealed) only when asked for, opened in
 * the browser with the key the message carried. Only types a browser shows
 * safely open in it (PDF and common photos); anything else, whatever its
 * sender called it, is only saved, so a file can never run as a page of ours.
 */
import { useSignal } from "@preact/signals";
import { type AttachmentRef, openAttachment } from "../../lib/e2ee/envelope.ts";
import { downloadAttachment } from "./api.ts";

const PHOTOS = ["image/jpeg", "image/png", "image/webp", "image/gif"];
const PDF = "application/pdf";

export function sizeOf(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function Attachment({ file }: { file: AttachmentRef }) {
  const url = useSignal<string | null>(null);
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);
  const photo = PHOTOS.includes(file.type);
  const shown = photo || file.type === PDF;

  async function fetchIt() {
    busy.value = true;
    problem.value = null;
    try {
      const bytes = openAttachment(await downloadAttachment(file.id), file);
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], {
        type: shown ? file.type : "application/octet-stream",
      });
      url.value = URL.createObjectURL(blob);
    } catch (err) {
      problem.value = `${file.name} could not be opened: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      busy.value = false;
    }
  }

  const label = `${file.name} (${sizeOf(file.size)})`;
  if (!url.value) {
    return (
      <div class="grid gap-1">
        <button
          type="button"
          onClick={fetchIt}
          disabled={busy.value}
          class="justify-self-start rounded-lg border border-ink-100 bg-white px-3 py-1 text-sm text-ink-700"
          data-testid="attachment"
        >
          {busy.value ? `Opening ${file.name}…` : `📎 ${label}`}
        </button>
        {problem.value && <p role="alert" class="text-xs font-semibold text-red-800">{problem.value}</p>}
      </div>
    );
  }
  return (
    <div class="grid gap-1 text-sm" data-testid="attachment-open">
      {photo && <img src={url.value} alt={file.name} class="max-h-64 rounded-lg" />}
      <span class="flex flex-wrap gap-3">
        {file.type === PDF && (
          <a href={url.value} target="_blank" class="underline text-plum-700" data-testid="attachment-view">
            Open {file.name}
          </a>
        )}
        <a
          href={url.value}
          download={file.name}
          class="underline text-plum-700"
          data-testid="attachment-save"
        >
          Save {label}
        </a>
      </span>
    </div>
  );
}
