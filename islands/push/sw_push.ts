/**
 * The service worker's side of Web Push, as one module the worker imports
 * and wires up:
 *
 *   self.addEventListener("push", (e) => onPush(e, self));
 *   self.addEventListener("notificationclick", (e) => onNotificationClick(e, self));
 *
 * A push (decrypted by the browser) is the JSON of domain/push_types.ts
 * `PushPayload`; it is shown with its tag, so a second copy of one notice
 * (the outbox sends at least once) replaces the first instead of showing
 * twice. A tap focuses a tab of the site already open (taking it to the
 * notice's page) or opens one. Only what a worker has is used (no window, no
 * DOM): the scope is passed in, typed by the little this module needs.
 */
import { PUSH_LIMITS, type PushPayload } from "../../domain/push_types.ts";

/** Shown beside every notification; the installable app's icon. */
export const NOTIFICATION_ICON = "/icons/icon-192.png";

export interface ShownNotification {
  title: string;
  options: {
    body: string;
    icon: string;
    tag: string;
    /** A second notice with a new tag buzzes; a copy with the same tag replaces silently. */
    renotify: false;
    /** A ringing call stays until it is answered or dismissed. */
    requireInteraction: boolean;
    data: { link: string };
  };
}

/** What to show for a push's payload; null for one that is not ours (then a generic notice is shown). */
export function notificationFor(payload: unknown): ShownNotification | null {
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Partial<Record<keyof PushPayload, unknown>>;
  if (typeof p.title !== "string" || p.title === "" || typeof p.tag !== "string" || p.tag === "") return null;
  return {
    title: p.title.slice(0, PUSH_LIMITS.titleChars),
    options: {
      body: typeof p.body === "string" ? p.body.slice(0, PUSH_LIMITS.bodyChars) : "",
      icon: NOTIFICATION_ICON,
      tag: p.tag.slice(0, 64),
      renotify: false,
      requireInteraction: p.type === "calls",
      data: { link: sitePath(p.link) },
    },
  };
}

/** A path inside the site, else the dashboard: a push never sends anyone elsewhere. */
export function sitePath(link: unknown): string {
  if (typeof link !== "string" || !link.startsWith("/") || link.startsWith("//") || link.includes("\\")) {
    return "/dashboard";
  }
  return link.slice(0, PUSH_LIMITS.linkChars);
}

// The little of the service worker's types this module uses (the project's TypeScript lib is the page's).
interface PushEventLike {
  data: { json(): unknown } | null;
  waitUntil(promise: Promise<unknown>): void;
}

interface NotificationClickEventLike {
  notification: { data: unknown; close(): void };
  waitUntil(promise: Promise<unknown>): void;
}

interface WindowClientLike {
  url: string;
  focus(): Promise<unknown>;
  navigate?(url: string): Promise<unknown>;
}

export interface WorkerScopeLike {
  location: { origin: string };
  registration: { showNotification(title: string, options: ShownNotification["options"]): Promise<void> };
  clients: {
    matchAll(options: { type: "window"; includeUncontrolled: boolean }): Promise<readonly WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
}

/** Browsers require every push to show a notification; one we cannot read still says something. */
const FALLBACK: ShownNotification = {
  title: "Artist Space",
  options: {
    body: "Something new is waiting for you.",
    icon: NOTIFICATION_ICON,
    tag: "artist-space",
    renotify: false,
    requireInteraction: false,
    data: { link: "/dashboard" },
  },
};

export function onPush(event: PushEventLike, sw: WorkerScopeLike): void {
  let payload: unknown = null;
  try {
    payload = event.data?.json() ?? null;
  } catch {
    // Not JSON: the fallback below.
  }
  const shown = notificationFor(payload) ?? FALLBACK;
  event.waitUntil(sw.registration.showNotification(shown.title, shown.options));
}

export function onNotificationClick(event: NotificationClickEventLike, sw: WorkerScopeLike): void {
  event.notification.close();
  const data = event.notification.data as { link?: unknown } | null;
  const url = new URL(sitePath(data?.link), sw.location.origin).href;
  event.waitUntil(openOrFocus(sw, url));
}

async function openOrFocus(sw: WorkerScopeLike, url: string): Promise<void> {
  const tabs = (await sw.clients.matchAll({ type: "window", includeUncontrolled: true }))
    .filter((c) => new URL(c.url).origin === sw.location.origin);
  const same = tabs.find((c) => c.url === url);
  if (same) {
    await same.focus();
    return;
  }
  const tab = tabs[0];
  if (tab?.navigate) {
    try {
      // Focus first: the tap's permission to focus a window does not outlast a navigation.
      await tab.focus();
      await tab.navigate(url);
      return;
    } catch {
      // A tab this worker does not control cannot be navigated: open one instead.
    }
  }
  await sw.clients.openWindow(url);
}
