/**
 * "Turn on notifications on this device", on /account only. The island
 * itself is a few lines; what it does with the browser's push subscription
 * (device.ts) loads once it is on screen. Permission is asked only on the
 * tap, never on load.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { DeviceState } from "./device.ts";

export interface PushToggleProps {
  /** The server's VAPID public key (base64url). */
  publicKey: string;
}

const SAYS: Record<DeviceState, string> = {
  unsupported: "This browser cannot show notifications from websites. On iPhone and iPad, add Artist Space " +
    "to your Home Screen (Share, then Add to Home Screen) and turn them on from there.",
  "no-worker": "Notifications need the installable app's service worker, which this browser has not " +
    "loaded yet. Reload the page in a moment, or add Artist Space to your home screen.",
  blocked: "Notifications are blocked for this site in your browser's settings. Allow them there, then " +
    "come back to this page.",
  off: "Notifications are off on this device.",
  on: "Notifications are on for this device.",
};

export default function PushToggle({ publicKey }: PushToggleProps) {
  const hydrated = useSignal(false);
  const state = useSignal<DeviceState | "checking">("checking");
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);

  useEffect(() => {
    hydrated.value = true;
    import("./device.ts").then((device) => device.deviceState(publicKey)).then(
      (s) => state.value = s,
      () => state.value = "off",
    );
  }, []);

  async function change(to: "on" | "off") {
    busy.value = true;
    problem.value = null;
    try {
      const device = await import("./device.ts");
      state.value = to === "on" ? await device.turnOn(publicKey) : await device.turnOff();
    } catch (err) {
      problem.value = err instanceof Error && err.message
        ? err.message
        : "That did not work. Check your connection and try again.";
    } finally {
      busy.value = false;
    }
  }

  const s = state.value;
  if (s === "checking") {
    return (
      <p class="text-sm text-ink-500" data-testid="push-toggle">
        {hydrated.value
          ? "Checking this device…"
          : "Turning notifications on for this device needs JavaScript, which is off or not available here."}
      </p>
    );
  }
  return (
    <div class="grid gap-2" data-testid="push-toggle" data-state={s}>
      <p class="text-sm" aria-live="polite">{SAYS[s]}</p>
      {(s === "off" || s === "on") && (
        <button
          type="button"
          disabled={busy.value}
          onClick={() => change(s === "on" ? "off" : "on")}
          class="justify-self-start rounded-lg bg-plum-700 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60"
        >
          {s === "on" ? "Turn off notifications on this device" : "Turn on notifications on this device"}
        </button>
      )}
      {problem.value && <p role="alert" class="text-sm font-semibold text-red-800">{problem.value}</p>}
    </div>
  );
}
