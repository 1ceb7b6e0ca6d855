/**
 * The header's count of unread messages (components/SiteHeader.tsx renders
 * it on every signed-in page); pages with the chat keep it current.
 */
export const HEADER_UNREAD_ID = "messages-unread";

export function setHeaderUnread(total: number): void {
  const badge = document.getElementById(HEADER_UNREAD_ID);
  if (!badge) return;
  badge.textContent = total > 99 ? "99+" : String(total);
  badge.setAttribute("aria-label", `${total} unread`);
  badge.hidden = total === 0;
}
