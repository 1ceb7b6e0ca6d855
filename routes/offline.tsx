import { page, type RouteConfig } from "fresh";
import { define } from "../utils.ts";

/**
 * What the service worker shows for a page it cannot reach and has no copy of (islands/sw.worker.ts).
 * Stored once per build, fetched without cookies, so it names nobody; without the site's header, whose
 * links would say "Log in" to someone who is signed in but offline.
 */
export const config: RouteConfig = { skipInheritedLayouts: true };

export const handler = define.handlers({
  GET(ctx) {
    ctx.state.title = "You are offline";
    return page();
  },
});

export default define.page(function Offline() {
  return (
    <main id="main" class="max-w-xl mx-auto px-4 py-12 grid gap-4">
      <h1 class="text-2xl font-bold">You are offline</h1>
      <p>This page needs a connection, and there is no copy of it on this device.</p>
      <div>
        <h2 class="font-bold">What you can still read</h2>
        <p class="text-sm text-ink-700">
          As they were the last time you opened them here, signed in:
        </p>
        <ul class="list-disc pl-5 text-sm mt-1">
          <li>
            <a href="/calendar" class="underline">your calendar</a> for this month
          </li>
          <li>your upcoming bookings, with their terms</li>
          <li>the contracts you have signed</li>
        </ul>
      </div>
      <div>
        <h2 class="font-bold">What needs a connection</h2>
        <p class="text-sm text-ink-700">
          Searching for artists, venues and gigs; messages and calls; payments; and anything you change:
          offers, signatures, blocked dates.
        </p>
      </div>
      <p class="text-sm text-ink-500">Nothing you read offline is kept after you log out.</p>
      <a href="/dashboard" class="justify-self-start rounded-lg bg-ink-900 text-white px-4 py-2">
        Try the dashboard again
      </a>
    </main>
  );
});
