/**
 * Showing admins what was said, for a booking's dispute. End-to-end
 * encryption means no one at Artist Space can read a message unless a party
 * to it hands it over; the franking tag the server countersigned when the
 * message was sent lets the admins check that what is handed over is exactly
 * what its sender wrote.
 */
import type { Signal } from "@preact/signals";
import { useSignal } from "@preact/signals";
import { disclose, type DisclosureResult } from "./api.ts";
import type { Shown } from "./shown.ts";

export function DisclosurePanel(
  { conversationId, shown, selected, onClose }: {
    conversationId: string;
    shown: Shown[];
    selected: Signal<Set<string>>;
    onClose: () => void;
  },
) {
  const busy = useSignal(false);
  const results = useSignal<DisclosureResult[] | null>(null);
  const problem = useSignal<string | null>(null);
  const chosen = shown.filter((m) => m.opened && selected.value.has(m.id));

  async function send() {
    busy.value = true;
    problem.value = null;
    try {
      const answer = await disclose(
        conversationId,
        chosen.map((m) => ({
          messageId: m.id,
          content: m.opened!.contentText,
          frankingKey: m.opened!.frankingKey,
        })),
      );
      results.value = answer.disclosures;
      selected.value = new Set();
    } catch (err) {
      problem.value = err instanceof Error ? err.message : String(err);
    } finally {
      busy.value = false;
    }
  }

  return (
    <div
      class="grid gap-2 rounded-xl border border-saffron-400 bg-saffron-50 p-3 text-sm"
      data-testid="disclosure"
    >
      <p class="font-semibold">Show messages to the admins</p>
      <p>
        Only you and the others in this conversation can read it. If you ask the admins to settle a dispute
        about this booking, you can show them messages: tick the ones they should see. They will get those
        messages' text and their attached files, and can check that each is exactly what its sender wrote.
        Nothing else in the conversation is shared, and this cannot be taken back.
      </p>
      <div class="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={send}
          disabled={busy.value || chosen.length === 0}
          class="rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white disabled:opacity-60"
        >
          {busy.value
            ? "Sending…"
            : `Show ${chosen.length} ${chosen.length === 1 ? "message" : "messages"} to the admins`}
        </button>
        <button
          type="button"
          onClick={onClose}
          class="rounded-xl border border-ink-100 px-4 py-2 font-semibold"
        >
          Done
        </button>
      </div>
      {problem.value && <p role="alert" class="font-semibold text-red-800">{problem.value}</p>}
      {results.value && (
        <ul class="grid gap-1" data-testid="disclosure-results">
          {results.value.map((r) => (
            <li key={r.messageId}>
              {r.verified
                ? "Shown to the admins, and verified."
                : `Shown to the admins, but not verified: ${r.problem}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
