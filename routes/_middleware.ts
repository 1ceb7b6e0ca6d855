import { markReadOnOpening } from "../services/notifications.ts";
import { define } from "../utils.ts";

/**
 * Signed-in pages show in the header how many notifications wait unread. Opening a page a notification
 * links to (a booking, an opportunity, a month of the calendar) reads it, whichever way the person came:
 * from the dashboard, an e-mail or a bookmark. So it is done here, for every page, before the count.
 * Unread messages are counted too, for the header's Messages link. The counts, and how many of the unread
 * link here, were read with the session: a page nothing links to writes nothing.
 */
export const handler = define.middleware(async (ctx) => {
  const { actor, db, deps, headerCounts } = ctx.state;
  if (actor && headerCounts) {
    const { notifications, notificationsHere, messages } = headerCounts;
    let unread = notifications;
    if (notificationsHere > 0 && ctx.req.method === "GET") {
      unread -= await markReadOnOpening(db, actor, `${ctx.url.pathname}${ctx.url.search}`, deps.now());
    }
    ctx.state.unread = Math.max(0, unread);
    ctx.state.unreadMessages = messages;
  }
  return await ctx.next();
});
