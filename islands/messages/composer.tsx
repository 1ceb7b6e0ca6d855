/** Writing a message: text, and files (a rider PDF, a photo) sealed in the browser before upload. */
import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import { sizeOf } from "./attachment.tsx";
import { MAX_ATTACHMENT_BYTES } from "./session.ts";

const MAX_FILES = 5;

export function Composer({ onSend }: { onSend: (text: string, files: File[]) => Promise<void> }) {
  const text = useSignal("");
  const files = useSignal<File[]>([]);
  const problem = useSignal<string | null>(null);
  const busy = useSignal(false);
  const picker = useRef<HTMLInputElement>(null);

  function pick(list: FileList | null) {
    const all = [...files.value, ...Array.from(list ?? [])];
    const tooBig = all.find((f) => f.size > MAX_ATTACHMENT_BYTES);
    problem.value = tooBig
      ? `${tooBig.name} is larger than 10 MB.`
      : all.length > MAX_FILES
      ? `At most ${MAX_FILES} files per message.`
      : null;
    files.value = all.filter((f) => f.size <= MAX_ATTACHMENT_BYTES).slice(0, MAX_FILES);
    if (picker.current) picker.current.value = "";
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!text.value.trim() && files.value.length === 0) return;
    busy.value = true;
    try {
      await onSend(text.value.trim(), files.value);
      text.value = "";
      files.value = [];
      problem.value = null;
    } catch (err) {
      problem.value = err instanceof Error ? err.message : String(err);
    } finally {
      busy.value = false;
    }
  }

  return (
    <form class="grid gap-2" onSubmit={submit} data-testid="composer">
      <label for="chat-text" class="sr-only">Message</label>
      <textarea
        id="chat-text"
        rows={2}
        maxLength={10_000}
        placeholder="Write a message"
        value={text.value}
        onInput={(e) => text.value = e.currentTarget.value}
        class="w-full rounded-lg border border-ink-100 px-3 py-2 focus:outline-none focus:border-saffron-500"
      />
      {files.value.length > 0 && (
        <ul class="flex flex-wrap gap-2 text-xs" aria-label="Files to send">
          {files.value.map((f, i) => (
            <li key={i} class="rounded-full bg-ink-50 px-2 py-1">
              {f.name} ({sizeOf(f.size)}){" "}
              <button
                type="button"
                aria-label={`Remove ${f.name}`}
                onClick={() => files.value = files.value.filter((x) => x !== f)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="flex items-center justify-between gap-2">
        <label class="text-sm text-plum-700 underline cursor-pointer">
          Attach a file
          <input
            ref={picker}
            type="file"
            multiple
            accept="application/pdf,image/*"
            class="sr-only"
            onChange={(e) => pick(e.currentTarget.files)}
            data-testid="chat-files"
          />
        </label>
        <button
          type="submit"
          disabled={busy.value}
          class="rounded-xl bg-saffron-500 hover:bg-saffron-600 px-5 py-2 font-semibold text-ink-900 disabled:opacity-60"
        >
          Send
        </button>
      </div>
      {problem.value && <p role="alert" class="text-sm font-semibold text-red-800">{problem.value}</p>}
    </form>
  );
}
