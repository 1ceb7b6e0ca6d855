import { SiteFooter } from "../components/SiteFooter.tsx";
import { SiteHeader } from "../components/SiteHeader.tsx";
import { define } from "../utils.ts";

export default define.layout(function Layout({ Component, url, state }) {
  return (
    <>
      <SiteHeader path={url.pathname} signedIn={state.actor !== null} unread={state.unread ?? 0} />
      <main id="main" class="flex-1">
        <Component />
      </main>
      <SiteFooter />
    </>
  );
});
