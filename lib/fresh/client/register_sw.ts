/**
 * Registers the service worker once the page has loaded, so it never competes with the page's first
 * view; pages load this module (deferred, as every module script is) only where the app asks for it.
 * It imports nothing: the build would otherwise split what it shares with boot into a chunk of its own.
 */
// SERVICE_WORKER_PATH of islands.ts, spelled out (see above); the build test checks they agree.
const WORKER = "/sw.js";

function register(): void {
  // A browser that refuses (a private window, storage turned off) keeps the site as it is online.
  navigator.serviceWorker.register(WORKER).catch(() => {});
}

if ("serviceWorker" in navigator) {
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
}
