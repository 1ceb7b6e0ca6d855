/**
 * /account's push notifications: the toggle for this device (an island, the
 * only part that needs JavaScript), the devices they are on with a way to
 * turn each off, and which types to hear of, as a plain form.
 */
import PushToggle from "../islands/push/PushToggle.tsx";
import { PUSH_TYPE_LABELS, PUSH_TYPES } from "../domain/push_types.ts";
import { formatDateTime } from "../domain/time_format.ts";
import type { PushSettings as Settings } from "../services/push/subscriptions.ts";
import { FormMessage } from "./forms.tsx";

export function PushSettings({ settings, message }: { settings: Settings; message?: string }) {
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-4" id="notifications" data-testid="push-settings">
      <h2 class="font-bold">Notifications on your devices</h2>
      <FormMessage state={{ message }} />
      {settings.publicKey === null
        ? (
          <p class="text-sm" data-testid="push-off">
            Push notifications are not set up on this server. You still get every notice here and by e-mail.
          </p>
        )
        : (
          <>
            <p class="text-sm text-ink-500">
              Offers, requests, accepted bookings, a signature or payment waiting, new messages (who wrote,
              never what) and calls ringing, on this phone or computer even when Artist Space is closed.
            </p>
            <PushToggle publicKey={settings.publicKey} />
            {settings.devices.length > 0 && (
              <ul class="divide-y divide-ink-100" data-testid="push-devices">
                {settings.devices.map((d) => (
                  <li key={d.id} class="py-2 flex items-center justify-between gap-3">
                    <div>
                      <p class="font-medium">{d.label}</p>
                      <p class="text-xs text-ink-500">
                        On since {formatDateTime(d.createdAt)}
                        {d.lastSuccessAt ? ` · last delivered ${formatDateTime(d.lastSuccessAt)}` : ""}
                      </p>
                    </div>
                    <form method="post" action="/account#notifications">
                      <input type="hidden" name="device" value={d.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="push-remove"
                        class="text-sm text-red-700 underline"
                      >
                        Turn off
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
            <form
              method="post"
              action="/account#notifications"
              class="grid gap-2"
              data-testid="push-preferences"
            >
              <fieldset class="grid gap-1">
                <legend class="text-sm font-semibold text-ink-700">Tell me about</legend>
                {PUSH_TYPES.map((type) => (
                  <label key={type} class="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      name={`push_${type}`}
                      value="on"
                      checked={settings.preferences[type]}
                    />
                    {PUSH_TYPE_LABELS[type]}
                  </label>
                ))}
              </fieldset>
              <button
                type="submit"
                name="intent"
                value="push-preferences"
                class="justify-self-start rounded-lg border border-ink-100 px-3 py-2 text-sm font-semibold"
              >
                Save notification choices
              </button>
            </form>
          </>
        )}
    </div>
  );
}
