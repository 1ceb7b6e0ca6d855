import { requireStaffOrAdmin } from "../../domain/access.ts";
import { define, signInFirst } from "../../utils.ts";

/**
 * The console is for staff and admins. This only spares everyone else a page of refusals: each service the
 * console calls checks the actor again, and admin-only actions are refused to staff there.
 */
export const handler = define.middleware((ctx) => {
  if (!ctx.state.actor) return signInFirst(ctx);
  requireStaffOrAdmin(ctx.state.actor);
  ctx.state.title ??= "Admin console";
  return ctx.next();
});
