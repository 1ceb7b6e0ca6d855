import { SiteFooter } from "../components/SiteFooter.tsx";
import { SiteHeader } from "../components/SiteHeader.tsx";
import { define } from "../utils.ts";

// First on the page, so a keyboard's first Tab offers to jump past the header; hidden until focused.
const SKIP_LINK = "sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 " +
  "focus:rounded-lg focus:bg-white focus:text-ink-900 focus:font-semibold focus:px-4 focus:py-2";

export default define.layout(function Layout({ Component, url, state }) {
  return (
    <>
      <a href="#main" class={SKIP_LINK}>Skip to content</a>
      <SiteHeader
        path={url.pathname}
        signedIn={state.actor !== null}
        unread={state.unread ?? 0}
        unreadMessages={state.unreadMessages ?? 0}
      />
      <main id="main" class="flex-1">
        <Component />
      </main>
      <SiteFooter />
    </>
  );
});
