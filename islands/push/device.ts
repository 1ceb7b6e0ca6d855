/**
 * This browser's push subscription, as /account's toggle sees and changes
 * it (loaded by dynamic import once the toggle is on screen). Permission is
 * asked only by `turnOn`, which runs on a tap. The subscription is made with
 * the server's VAPID key through the service worker's registration, and
 * posted to the API, which binds it to this session.
 */

export type DeviceState =
  /** No Push API here (on iPhone and iPad: until the site is added to the Home Screen). */
  | "unsupported"
  /** The site's service worker is not registered, so nothing could receive a push. */
  | "no-worker"
  | "blocked"
  | "off"
  | "on";

/** Where this browser stands; a subscription it already has is posted again, so the server knows it. */
export async function deviceState(publicKey: string): Promise<DeviceState> {
  if (!("serviceWorker" in navigator) || !("PushManager" in globalThis) || !("Notification" in globalThis)) {
    return "unsupported";
  }
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return "no-worker";
  if (Notification.permission === "denied") return "blocked";
  const subscription = await registration.pushManager.getSubscription();
  if (!subscription) return "off";
  if (!sameKey(subscription.options.applicationServerKey, publicKey)) {
    // Made with a key the server no longer has: nothing it sends could reach it.
    await subscription.unsubscribe();
    return "off";
  }
  // Signing out silenced it on the server; being signed in here again brings it back.
  await post("POST", subscription.toJSON());
  return Notification.permission === "granted" ? "on" : "off";
}

/** Asks for permission (call it from a tap), subscribes and tells the server. */
export async function turnOn(publicKey: string): Promise<DeviceState> {
  const permission = await Notification.requestPermission();
  if (permission === "denied") return "blocked";
  if (permission !== "granted") return "off";
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: decodeKey(publicKey),
  });
  try {
    await post("POST", subscription.toJSON());
  } catch (err) {
    // A subscription the server refused would only sit there: undo it.
    await subscription.unsubscribe();
    throw err;
  }
  return "on";
}

/** Tells the server, then drops this browser's subscription. */
export async function turnOff(): Promise<DeviceState> {
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription) {
    await post("DELETE", { endpoint: subscription.endpoint }).catch(() => {});
    await subscription.unsubscribe();
  }
  return "off";
}

async function post(method: "POST" | "DELETE", body: unknown): Promise<void> {
  const res = await fetch("/api/v1/push/subscriptions", {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.ok) return;
  const envelope = await res.json().catch(() => null);
  throw new Error(envelope?.error?.message ?? `The server answered ${res.status}`);
}

function decodeKey(base64url: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64url.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function sameKey(key: ArrayBuffer | null, publicKey: string): boolean {
  if (!key) return false;
  const wanted = decodeKey(publicKey);
  const given = new Uint8Array(key);
  return given.length === wanted.length && given.every((b, i) => b === wanted[i]);
}
