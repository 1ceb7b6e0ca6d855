/**
 * A conversation's end-to-end encrypted messages. Messages are opened and
 * sealed only here, in the browser, so without JavaScript the island says
 * why there is nothing to read. Its own code is the few lines below: the
 * conversation, its keys and the crypto (islands/messages/) load by dynamic
 * import when it opens, at once on the conversation's page and on a tap
 * elsewhere (a booking's page), so a slow phone pays for them only when the
 * messages are wanted.
 */
import { useSignal } from "@preact/signals";
import type { ComponentType } from "preact";
import { useEffect } from "preact/hooks";
import { setHeaderUnread } from "./messages/header_count.ts";

export interface ChatProps {
  conversationId: string;
  /** The signed-in person. */
  userId: string;
  /** The conversation's newest message when the page was made. */
  lastSeq: number;
  /** Its unread messages then, for the button of a chat not yet open. */
  unread: number;
  openAtOnce: boolean;
  /** A booking's conversation: its parties may show messages to the admins in a dispute. */
  canDisclose: boolean;
  /** LiveKit is configured here: a call among more than two people goes through it. */
  groupCalls: boolean;
}

/** How often a chat not yet open refreshes the header's count, while the page is in view. */
const UNREAD_REFRESH_MS = 30_000;

export default function Chat(props: ChatProps) {
  const hydrated = useSignal(false);
  const View = useSignal<ComponentType<ChatProps & { onUnread: (total: number) => void }> | null>(null);
  const opening = useSignal(false);
  const problem = useSignal<string | null>(null);

  async function open() {
    opening.value = true;
    problem.value = null;
    try {
      View.value = (await import("./messages/conversation.tsx")).Conversation;
    } catch {
      problem.value = "Messages could not be loaded. Check your connection and try again.";
      opening.value = false;
    }
  }

  useEffect(() => {
    hydrated.value = true;
    if (props.openAtOnce) return void open();
    // Until it opens (and its own connection takes over), the header's count is kept current from here.
    const timer = setInterval(() => {
      if (View.peek() || document.visibilityState !== "visible") return;
      fetch("/api/v1/messages").then((r) => r.json()).then(
        (j) => setHeaderUnread(j.data.unreadTotal),
        () => {},
      );
    }, UNREAD_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  // What the server renders, and what stays when scripts do not run.
  if (!hydrated.value) {
    return (
      <p class="rounded-xl bg-ink-50 p-3 text-sm" data-testid="chat-needs-js">
        Private messages are end-to-end encrypted in your browser, so that only the people in this
        conversation can read them, not Artist Space. Reading and writing them needs JavaScript, which is off
        or not available in this browser.
      </p>
    );
  }
  const Open = View.value;
  if (Open) return <Open {...props} onUnread={setHeaderUnread} />;
  return (
    <div class="grid gap-2" data-testid="chat-closed">
      <button
        type="button"
        onClick={open}
        disabled={opening.value}
        class="justify-self-start rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white disabled:opacity-60"
      >
        {opening.value
          ? "Opening messages…"
          : props.unread > 0
          ? `Open messages (${props.unread} unread)`
          : "Open messages"}
      </button>
      {problem.value && <p role="alert" class="text-sm font-semibold text-red-800">{problem.value}</p>}
    </div>
  );
}
