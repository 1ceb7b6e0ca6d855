import { unreadCount } from "../services/notifications.ts";
import { define } from "../utils.ts";

/** Signed-in pages show in the header how many notifications wait unread. */
export const handler = define.middleware(async (ctx) => {
  if (ctx.state.actor) ctx.state.unread = await unreadCount(ctx.state.db, ctx.state.actor);
  return await ctx.next();
});
