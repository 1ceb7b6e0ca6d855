/** Unread notifications on the dashboard, with one "mark all read" form. */
import type { NotificationView } from "../services/notifications.ts";

const when = new Intl.DateTimeFormat("en-IN", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "Asia/Kolkata",
});

export function NotificationList(
  { inbox }: { inbox: { notifications: NotificationView[]; unread: number } },
) {
  if (inbox.unread === 0) return null;
  return (
    <div class="bg-saffron-50 border border-saffron-100 rounded-2xl p-5" data-testid="notifications">
      <div class="flex items-center justify-between gap-3">
        <h2 class="font-bold">{inbox.unread} new update{inbox.unread === 1 ? "" : "s"}</h2>
        <form method="post">
          <button type="submit" class="text-sm underline">Mark all read</button>
        </form>
      </div>
      <ul class="mt-3 grid gap-2">
        {inbox.notifications.slice(0, 8).map((n) => (
          <li key={n.id} class="text-sm">
            <a href={n.link ?? "/dashboard"} class="font-medium text-plum-700 underline">{n.subject}</a>
            {n.text && <span class="text-ink-700">: {n.text}</span>}
            <span class="block text-xs text-ink-500">{when.format(new Date(n.createdAt))}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
