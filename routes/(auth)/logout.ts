import { logout } from "../../services/auth/login.ts";
import { clearSessionCookies } from "../../services/auth/session_cookies.ts";
import { define } from "../../utils.ts";

/**
 * POST only: a link or an image must not be able to sign anyone out. Signing out also empties the
 * browser's HTTP cache of this site (`Clear-Site-Data`), so Back shows nothing of the session; the
 * service worker drops its offline copies when it sees this request and the anonymous page after it.
 */
export const handler = define.handlers({
  async POST(ctx) {
    if (ctx.state.actor) await logout(ctx.state.deps, ctx.state.actor, ctx.state.requestMeta);
    const res = ctx.redirect("/", 303);
    clearSessionCookies(res.headers, ctx.state.cookies);
    res.headers.set("Clear-Site-Data", '"cache"');
    return res;
  },
});
