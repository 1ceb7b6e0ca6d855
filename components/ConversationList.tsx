/** The signed-in person's conversations: titles, people and unread counts, never a word of content. */
import { formatDateTime } from "../domain/time_format.ts";
import type { ConversationView } from "../services/messages/conversations.ts";

const KIND: Record<ConversationView["kind"], string> = {
  booking: "Booking",
  application: "Application",
  direct: "Direct",
};

export function ConversationList(
  { conversations, viewerId }: { conversations: ConversationView[]; viewerId: string },
) {
  if (conversations.length === 0) {
    return (
      <p class="bg-white rounded-2xl shadow-sm p-5 text-ink-700">
        No conversations yet. A booking's page opens the conversation between its organizer and its act.
      </p>
    );
  }
  return (
    <ul class="bg-white rounded-2xl shadow-sm divide-y divide-ink-100" data-testid="conversations">
      {conversations.map((c) => {
        const others = c.participants.filter((p) => p.userId !== viewerId).map((p) => p.name);
        return (
          <li key={c.id}>
            <a href={`/messages/${c.id}`} class="flex items-start justify-between gap-3 p-4 hover:bg-ink-50">
              <span class="grid gap-0.5 min-w-0">
                <span class={`truncate ${c.unread > 0 ? "font-bold" : "font-semibold"}`}>{c.title}</span>
                <span class="text-sm text-ink-500 truncate">
                  {KIND[c.kind]} · with {others.join(", ") || "no one else yet"}
                </span>
                {c.lastMessageAt && (
                  <span class="text-xs text-ink-500">Last message {formatDateTime(c.lastMessageAt)}</span>
                )}
              </span>
              {c.unread > 0 && (
                <span
                  class="shrink-0 rounded-full bg-saffron-500 text-ink-900 text-xs font-bold px-2 py-0.5"
                  data-testid="conversation-unread"
                >
                  {c.unread} unread
                </span>
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
