/**
 * The service worker (served at /sw.js by lib/fresh/service_worker.ts, registered by signed-in pages).
 * Each concern is a module that adds its own listeners; this file only wires them, so another (Web Push's
 * `push` and `notificationclick`) is one more module and one more call here.
 *
 * Web Push (islands/push/sw_push.ts): a push shows its notification, whose tap opens or focuses its page.
 *
 * Offline reading (islands/offline/): the build's files are stored on install and answered from the
 * cache; pages are network-first with saved copies of the signed-in person's calendar, upcoming
 * bookings and signed contracts, and the offline page otherwise; the API, every POST and any other
 * address go to the network untouched, never stored. A new build's worker takes over as soon as it has
 * stored its files (a navigation makes browsers look for it) and deletes the old build's cache.
 */
import { SIGN_OUT_PATH } from "../domain/offline_copies.ts";
import { isShellFile } from "./offline/cache_names.ts";
import { keepOnlyCopiesOf } from "./offline/copies.ts";
import { answerNavigation } from "./offline/navigation.ts";
import { dropOtherBuilds, shellFile, storeShell } from "./offline/shell.ts";
import { workerScope } from "./offline/worker_scope.ts";
import { onNotificationClick, onPush, type WorkerScopeLike } from "./push/sw_push.ts";

const { scope, build } = workerScope();

// Holding a new worker back until every tab of the old build closes would protect nothing: the server
// already serves only the current build's files, so an old page's late imports fail either way.
scope.addEventListener(
  "install",
  (event) => event.waitUntil(storeShell(build).then(() => scope.skipWaiting())),
);

scope.addEventListener(
  "activate",
  (event) => event.waitUntil(dropOtherBuilds(build).then(() => scope.clients.claim())),
);

scope.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin) return;
  if (request.mode === "navigate") {
    if (request.method === "GET") event.respondWith(answerNavigation(event, build));
    // Signing out: the copies go now, not only when the anonymous page after it arrives.
    else if (url.pathname === SIGN_OUT_PATH) event.waitUntil(keepOnlyCopiesOf(null));
    return;
  }
  if (request.method === "GET" && isShellFile(url, build, scope.location.origin)) {
    event.respondWith(shellFile(request, build));
  }
});

// The worker's real scope has what sw_push needs (registration, clients.matchAll/openWindow); the offline
// modules' narrower type does not declare it.
const pushScope = scope as unknown as WorkerScopeLike & {
  addEventListener(type: "push" | "notificationclick", listener: (event: never) => void): void;
};
pushScope.addEventListener("push", (event: Parameters<typeof onPush>[0]) => onPush(event, pushScope));
pushScope.addEventListener(
  "notificationclick",
  (event: Parameters<typeof onNotificationClick>[0]) => onNotificationClick(event, pushScope),
);
