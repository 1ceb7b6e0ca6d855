import { HttpError } from "fresh";
import { renderFeed } from "../../../services/calendar/feed.ts";
import { define } from "../../../utils.ts";

/**
 * A user's iCalendar feed at its secret URL. Calendar apps fetch it without
 * cookies; the token in the path is the only credential, so anything wrong
 * with it is a plain 404 that says nothing about why.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const name = ctx.params.token;
    const body = name.endsWith(".ics")
      ? await renderFeed(ctx.state.deps, ctx.state.calendarFeeds, name.slice(0, -".ics".length))
      : null;
    if (body === null) throw new HttpError(404);
    return new Response(body, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Cache-Control": "private, no-store",
        "Content-Disposition": 'inline; filename="artistspace.ics"',
        "X-Robots-Tag": "noindex",
        "Referrer-Policy": "no-referrer",
      },
    });
  },
});
