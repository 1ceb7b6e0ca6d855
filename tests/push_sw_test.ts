/**
 * The service worker's push handlers (islands/push/sw_push.ts): a payload
 * becomes the notification shown (title, body, icon, tag, the link in its
 * data), anything else a generic one (browsers require a notification for
 * every push), a link never leaves the site, and a tap focuses a tab of the
 * site (taking it to the link) or opens one. The worker's scope is played by
 * a recording object with the few members the module uses.
 */
import assert from "node:assert/strict";
import {
  NOTIFICATION_ICON,
  notificationFor,
  onNotificationClick,
  onPush,
  sitePath,
  type WorkerScopeLike,
} from "../islands/push/sw_push.ts";

const ORIGIN = "https://artistspace.in";

Deno.test("a push payload becomes the notification shown", () => {
  const shown = notificationFor({
    type: "offers",
    title: "New offer on your booking",
    body: "The act offered ₹90,000 for “Sufi night”.",
    link: "/bookings/5d0c",
    tag: "q8x2Gv0c0O4JjXh2oT7w3Z1yBq4hK9sd",
  });
  assert.deepEqual(shown, {
    title: "New offer on your booking",
    options: {
      body: "The act offered ₹90,000 for “Sufi night”.",
      icon: NOTIFICATION_ICON,
      tag: "q8x2Gv0c0O4JjXh2oT7w3Z1yBq4hK9sd",
      renotify: false,
      requireInteraction: false,
      data: { link: "/bookings/5d0c" },
    },
  });
  assert.equal(
    notificationFor({ type: "calls", title: "Dev is calling", tag: "t", link: "/messages/1" })
      ?.options.requireInteraction,
    true,
  );
  for (
    const notOurs of [null, "text", 42, {}, { title: "", tag: "t" }, { title: "Hi" }, { title: 3, tag: "t" }]
  ) {
    assert.equal(notificationFor(notOurs), null, JSON.stringify(notOurs));
  }
});

Deno.test("a notification's link never leaves the site", () => {
  assert.equal(sitePath("/messages/7?x=1"), "/messages/7?x=1");
  for (
    const away of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
      "",
      7,
    ]
  ) {
    assert.equal(sitePath(away), "/dashboard", String(away));
  }
});

function scope(tabs: { url: string; controlled: boolean }[]) {
  const log: string[] = [];
  const sw: WorkerScopeLike = {
    location: { origin: ORIGIN },
    registration: {
      showNotification(title, options) {
        log.push(`show ${title} [${options.tag}] ${options.data.link}`);
        return Promise.resolve();
      },
    },
    clients: {
      matchAll: () =>
        Promise.resolve(tabs.map((tab) => ({
          url: tab.url,
          focus: () => Promise.resolve(void log.push(`focus ${tab.url}`)),
          navigate: (url: string) =>
            tab.controlled
              ? Promise.resolve(void log.push(`navigate ${tab.url} -> ${url}`))
              : Promise.reject(new TypeError("not controlled")),
        }))),
      openWindow: (url) => Promise.resolve(void log.push(`open ${url}`)),
    },
  };
  return { sw, log };
}

async function dispatch(fire: (waitUntil: (p: Promise<unknown>) => void) => void): Promise<void> {
  const waits: Promise<unknown>[] = [];
  fire((p) => waits.push(p));
  assert.equal(waits.length, 1, "the event is kept alive until the work is done");
  await Promise.all(waits);
}

Deno.test("onPush shows the payload's notification, or a generic one for what it cannot read", async () => {
  const { sw, log } = scope([]);
  const payload = {
    type: "messages",
    title: "New message from Dev",
    body: "About “Book launch”",
    link: "/messages/9",
    tag: "abc",
  };
  await dispatch((waitUntil) => onPush({ data: { json: () => payload }, waitUntil }, sw));
  await dispatch((waitUntil) => onPush({ data: { json: () => JSON.parse("not json") }, waitUntil }, sw));
  await dispatch((waitUntil) => onPush({ data: null, waitUntil }, sw));
  assert.deepEqual(log, [
    "show New message from Dev [abc] /messages/9",
    "show Artist Space [artist-space] /dashboard",
    "show Artist Space [artist-space] /dashboard",
  ]);
});

Deno.test("a tap focuses the tab already there, takes another tab of the site there, or opens one", async () => {
  const tap = async (tabs: { url: string; controlled: boolean }[], link: unknown) => {
    const { sw, log } = scope(tabs);
    let closed = false;
    await dispatch((waitUntil) =>
      onNotificationClick(
        { notification: { data: { link }, close: () => void (closed = true) }, waitUntil },
        sw,
      )
    );
    assert.ok(closed);
    return log;
  };
  assert.deepEqual(await tap([{ url: `${ORIGIN}/bookings/1`, controlled: true }], "/bookings/1"), [
    `focus ${ORIGIN}/bookings/1`,
  ]);
  assert.deepEqual(
    await tap([{ url: "https://other.example/", controlled: true }, {
      url: `${ORIGIN}/dashboard`,
      controlled: true,
    }], "/bookings/1"),
    [`focus ${ORIGIN}/dashboard`, `navigate ${ORIGIN}/dashboard -> ${ORIGIN}/bookings/1`],
  );
  assert.deepEqual(await tap([{ url: `${ORIGIN}/search`, controlled: false }], "/bookings/1"), [
    `focus ${ORIGIN}/search`,
    `open ${ORIGIN}/bookings/1`,
  ]);
  assert.deepEqual(await tap([], "https://evil.example/"), [`open ${ORIGIN}/dashboard`]);
});
