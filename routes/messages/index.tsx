import { page } from "fresh";
import { ConversationList } from "../../components/ConversationList.tsx";
import { formFields } from "../../lib/form_data.ts";
import {
  type ConversationView,
  listConversations,
  openConversation,
} from "../../services/messages/conversations.ts";
import { define, signInFirst } from "../../utils.ts";

/**
 * The person's conversations, newest activity first; a plain page: no content, so nothing to decrypt.
 * Posting one of `bookingId`, `applicationId` or `userId` (the "Message" buttons elsewhere) opens that
 * conversation, made on first use, and goes to it.
 */
export const handler = define.handlers<{ conversations: ConversationView[]; viewerId: string }>({
  async POST(ctx) {
    const { actor, db } = ctx.state;
    if (!actor) return signInFirst(ctx);
    const fields = await formFields(ctx.req);
    const which = (["bookingId", "applicationId", "userId"] as const).find((name) => fields[name]);
    const { conversation } = await openConversation(db, actor, which ? { [which]: fields[which] } : {});
    return ctx.redirect(`/messages/${conversation.id}`, 303);
  },
  async GET(ctx) {
    const { actor, db } = ctx.state;
    if (!actor) return signInFirst(ctx);
    ctx.state.title = "Messages";
    const { conversations } = await listConversations(db, actor);
    return page({ conversations, viewerId: actor.userId });
  },
});

export default define.page<typeof handler>(function MessagesPage({ data }) {
  return (
    <section class="max-w-2xl mx-auto px-4 py-6 sm:py-8 grid gap-5">
      <div class="grid gap-1">
        <h1 class="text-2xl font-bold">Messages</h1>
        <p class="text-sm text-ink-500">
          End-to-end encrypted: messages are locked and unlocked in your browser, and Artist Space cannot read
          them.
        </p>
      </div>
      <ConversationList conversations={data.conversations} viewerId={data.viewerId} />
    </section>
  );
});
