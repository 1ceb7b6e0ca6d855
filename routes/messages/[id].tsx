import { page } from "fresh";
import Chat from "../../islands/Chat.tsx";
import type { ConversationView } from "../../services/messages/conversations.ts";
import { conversationView } from "../../services/messages/page_views.ts";
import { define, signInFirst } from "../../utils.ts";

/** One conversation: the Chat island opens it at once. Anyone not in it gets the same 404 as for none. */
export const handler = define.handlers<
  { conversation: ConversationView; viewerId: string; groupCalls: boolean }
>({
  async GET(ctx) {
    const { actor, db } = ctx.state;
    if (!actor) return signInFirst(ctx);
    const conversation = await conversationView(db, actor, ctx.params.id);
    ctx.state.title = conversation.title;
    return page({ conversation, viewerId: actor.userId, groupCalls: ctx.state.groupCalls ?? false });
  },
});

export default define.page<typeof handler>(
  function ConversationPage({ data: { conversation: c, viewerId, groupCalls } }) {
    const others = c.participants.filter((p) => p.userId !== viewerId).map((p) => p.name);
    return (
      <section class="max-w-2xl mx-auto px-4 py-6 grid gap-4">
        <div class="grid gap-1">
          <a href="/messages" class="text-sm underline">All messages</a>
          <h1 class="text-xl font-bold">{c.title}</h1>
          <p class="text-sm text-ink-500">
            With {others.join(", ") || "no one else yet"}
            {c.bookingId && (
              <>
                {" · "}
                <a href={`/bookings/${c.bookingId}`} class="underline">The booking</a>
              </>
            )}
          </p>
        </div>
        <Chat
          conversationId={c.id}
          userId={viewerId}
          lastSeq={c.lastSeq}
          unread={c.unread}
          openAtOnce
          canDisclose={c.kind === "booking"}
          groupCalls={groupCalls}
        />
      </section>
    );
  },
);
