import { page } from "fresh";
import { NotificationList } from "../components/NotificationList.tsx";
import { type Inbox, markNotificationsRead, notificationInbox } from "../services/notifications.ts";
import { define, signInFirst } from "../utils.ts";

/** Read ones a page at a time; every unread one heads the first page (up to this many). */
const PAGE = 20;
const UNREAD_LIMIT = 100;

/** Every notification of the signed-in person: the new ones first, then the history, a page at a time. */
export const handler = define.handlers<{ inbox: Inbox; later: boolean }>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Notifications";
    const cursor = ctx.url.searchParams.get("cursor");
    const inbox = await notificationInbox(ctx.state.db, ctx.state.actor, {
      unreadLimit: UNREAD_LIMIT,
      readLimit: PAGE,
      cursor,
    });
    return page({ inbox, later: cursor !== null });
  },
  /** "Mark all read": a plain form post, then back to a fresh GET. */
  async POST(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    await markNotificationsRead(ctx.state.db, ctx.state.actor, "all", ctx.state.deps.now());
    return ctx.redirect("/notifications", 303);
  },
});

export default define.page<typeof handler>(function NotificationsPage({ data: { inbox, later } }) {
  const older = inbox.nextCursor && `/notifications?cursor=${encodeURIComponent(inbox.nextCursor)}`;
  return (
    <section class="max-w-2xl mx-auto px-4 py-6 sm:py-8 grid gap-5">
      <div class="flex flex-wrap items-end justify-between gap-3">
        <h1 class="text-2xl font-bold">Notifications</h1>
        <a href="/dashboard" class="text-sm underline">Back to your dashboard</a>
      </div>
      <NotificationList
        inbox={inbox}
        olderHref={older}
        allHref={later ? "/notifications" : undefined}
        empty={later
          ? "No older notifications."
          : "Nothing yet. Answers to your requests, offers and applications show here."}
      />
    </section>
  );
});
