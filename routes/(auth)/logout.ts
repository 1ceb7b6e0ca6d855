import { logout } from "../../services/auth/login.ts";
import { clearSessionCookies } from "../../services/auth/session_cookies.ts";
import { define } from "../../utils.ts";

/** POST only: a link or an image must not be able to sign anyone out. */
export const handler = define.handlers({
  async POST(ctx) {
    if (ctx.state.actor) await logout(ctx.state.deps, ctx.state.actor, ctx.state.requestMeta);
    const res = ctx.redirect("/", 303);
    clearSessionCookies(res.headers, ctx.state.cookies);
    return res;
  },
});
