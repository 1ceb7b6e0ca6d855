/**
 * Which pages a signed-in person can read offline, and how an offline copy
 * says so. The server and the service worker (islands/sw.worker.ts) both
 * follow these rules: a page is kept only when its address is one of those
 * below AND the server rendered it with the saved-copy banner (hidden), which
 * it does only for the person's own current month, upcoming bookings and
 * signed contracts. Everything else (search, messages, payments, other
 * months, past or unagreed bookings, what staff see of others' bookings) is
 * never stored.
 */
import type { BookingRole } from "./booking_access.ts";
import { type BookingState, UPCOMING_STATES } from "./booking_machine.ts";
import type { ContractRole } from "./contract_access.ts";
import type { ContractState } from "./contract_machine.ts";
import { formatDateTime } from "./time_format.ts";

/**
 * Response header naming who is signed in, as an opaque value per session
 * (server/middleware/offline_viewer.ts); absent for anonymous pages. The
 * service worker keeps copies for that value alone.
 */
export const VIEWER_HEADER = "Offline-Viewer";
/** Set by the service worker on a stored copy: when it was saved (ISO 8601). */
export const SAVED_AT_HEADER = "Offline-Saved-At";
/** The page shown for a navigation the network cannot answer and no copy can. */
export const OFFLINE_PATH = "/offline";
/** Where the sign-out form posts (routes/(auth)/logout.ts). */
export const SIGN_OUT_PATH = "/logout";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const KEPT_PATHS = [
  /^\/calendar$/,
  new RegExp(`^/bookings/${UUID}$`),
  new RegExp(`^/bookings/${UUID}/contract$`),
];

/**
 * Whether an address may have an offline copy: the calendar without a month
 * (the current one), a booking's page and its contract's, each without a
 * query (a query shows a notice or another month, never the page itself).
 */
export function isKeptAddress(url: URL): boolean {
  return url.search === "" && KEPT_PATHS.some((p) => p.test(url.pathname));
}

/** Roles that read a booking as someone else's business, not their own. */
const ONLOOKERS: readonly string[] = ["admin", "staff"];

/** A booking page is kept while its show is agreed and still ahead, for the people of the booking. */
export function keepsBookingOffline(
  booking: { status: BookingState; endsAt: string; role: BookingRole },
  now: Date,
): boolean {
  return (UPCOMING_STATES as readonly string[]).includes(booking.status) &&
    new Date(booking.endsAt).getTime() > now.getTime() && !ONLOOKERS.includes(booking.role);
}

/** A contract page is kept once both have signed it, for the people of the booking. */
export function keepsContractOffline(contract: { status: ContractState; role: ContractRole }): boolean {
  return (contract.status === "signed" || contract.status === "completed") &&
    !ONLOOKERS.includes(contract.role);
}

/**
 * The banner a keepable page carries hidden (components/OfflineBanner.tsx
 * renders exactly this opening); its presence is the server's word that the
 * page may be kept. Rendered by the server, so its classes are in the page's
 * own CSS and the service worker adds no style or script to it.
 */
export const BANNER_OPENING = `<p hidden data-offline-banner`;
/** Where the banner's time goes. */
export const BANNER_TIME = `<time data-saved-at></time>`;

export function hasOfflineBanner(html: string): boolean {
  return html.includes(BANNER_OPENING);
}

/** The stored page as shown from the cache: its banner visible, saying when it was saved. */
export function showSavedCopy(html: string, savedAt: Date): string {
  const opening = html.indexOf(BANNER_OPENING);
  if (opening < 0) return html;
  const time = html.indexOf(BANNER_TIME, opening);
  const shown = `<p data-offline-banner` +
    html.slice(opening + BANNER_OPENING.length, time < 0 ? undefined : time);
  const rest = time < 0 ? "" : `<time data-saved-at datetime="${savedAt.toISOString()}">` +
    `${formatDateTime(savedAt)}</time>` + html.slice(time + BANNER_TIME.length);
  return html.slice(0, opening) + shown + rest;
}
