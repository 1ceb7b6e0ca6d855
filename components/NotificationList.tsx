/**
 * Notifications, unread first: each new one says "New" in words (not only in
 * colour) and stands out; the read ones stay listed below as history. One
 * plain form marks all read. Used by the dashboard (a few, and a link to the
 * rest) and by /notifications (all of them, a page at a time).
 */
import { formatDateTime } from "../domain/time_format.ts";
import type { Inbox, NotificationView } from "../services/notifications.ts";

function Item({ n }: { n: NotificationView }) {
  return (
    <li
      class={`text-sm rounded-lg px-3 py-2 ${
        n.read ? "text-ink-700" : "bg-saffron-50 border-l-4 border-saffron-500 text-ink-900"
      }`}
      data-read={n.read ? "true" : "false"}
    >
      {!n.read && (
        <span class="mr-2 rounded bg-ink-900 text-white text-xs font-bold px-1.5 py-0.5" data-testid="new">
          New
        </span>
      )}
      <a
        href={n.link ?? "/dashboard"}
        class={`underline ${n.read ? "text-ink-700" : "font-semibold text-plum-700"}`}
      >
        {n.subject}
      </a>
      {n.text && <span>: {n.text}</span>}
      <time datetime={n.createdAt} class="block text-xs text-ink-500">{formatDateTime(n.createdAt)}</time>
    </li>
  );
}

export function NotificationList(
  { inbox, allHref, olderHref, empty }: {
    inbox: Inbox;
    /** Where the whole history is, when this shows only the start of it. */
    allHref?: string;
    /** The next page of read ones. */
    olderHref?: string | null;
    /** What to say when there is nothing; nothing is shown at all without it. */
    empty?: string;
  },
) {
  const { unread, read, unreadCount } = inbox;
  if (unread.length === 0 && read.length === 0 && !empty) return null;
  const hidden = unreadCount - unread.length;
  return (
    <section class="bg-white rounded-2xl shadow-sm p-5 grid gap-3" data-testid="notifications">
      <div class="flex flex-wrap items-center justify-between gap-3">
        <h2 class="font-bold">
          {unreadCount > 0 ? `${unreadCount} new update${unreadCount === 1 ? "" : "s"}` : "No new updates"}
        </h2>
        {unreadCount > 0 && (
          <form method="post">
            <button type="submit" class="text-sm underline">Mark all read</button>
          </form>
        )}
      </div>
      {unread.length === 0 && read.length === 0 && <p class="text-sm text-ink-500">{empty}</p>}
      {unread.length > 0 && (
        <ul class="grid gap-2" aria-label="New" data-testid="unread-notifications">
          {unread.map((n) => <Item key={n.id} n={n} />)}
        </ul>
      )}
      {hidden > 0 && (
        <p class="text-sm text-ink-700">
          {hidden} more new {hidden === 1 ? "update" : "updates"}
          {allHref && (
            <>
              {" "}· <a href={allHref} class="underline">see them all</a>
            </>
          )}
        </p>
      )}
      {read.length > 0 && (
        <>
          <h3 class="text-sm font-semibold text-ink-500">Read earlier</h3>
          <ul class="grid gap-1" aria-label="Read earlier" data-testid="read-notifications">
            {read.map((n) => <Item key={n.id} n={n} />)}
          </ul>
        </>
      )}
      {olderHref && <a href={olderHref} class="text-sm underline" rel="next">Older notifications</a>}
      {allHref && <a href={allHref} class="text-sm underline">All notifications</a>}
    </section>
  );
}
