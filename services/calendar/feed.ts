/**
 * Each user's calendar as an iCalendar feed behind a secret URL, for Google
 * Calendar, Apple Calendar and Outlook to subscribe to:
 *
 *   /calendar/feed/<userId>.<version>.<base64url HMAC-SHA256(key, "calendar-feed:<userId>:<version>")>.ics
 *
 * The key is derived from APP_SECRET for this purpose alone (HKDF, info
 * "calendar-feed"). Rotating bumps calendar_feeds.version, so every URL
 * given out before answers 404. The MAC is checked with Web Crypto's verify,
 * which compares in constant time.
 */
import { recordAudit } from "../../db/audit.ts";
import { feedOwner, feedVersion, nextFeedVersion } from "../../db/queries/calendar_feeds.ts";
import type { BookingState } from "../../domain/booking_machine.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { type BookingStanding, bookingStanding } from "../../domain/calendar_marks.ts";
import { type CalendarEvent, type EventStatus, writeCalendar } from "../../domain/icalendar.ts";
import { decodeBase64url, encodeBase64url } from "../../lib/base64url.ts";
import type { RequestMeta } from "../deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { calendarItems } from "./month.ts";

export interface FeedSigner {
  /** The token of `userId`'s feed at `version`. */
  token(userId: string, version: number): Promise<string>;
  /** Who and which version a token names, or null when it is not one of ours. */
  verify(token: string): Promise<{ userId: string; version: number } | null>;
}

export interface FeedLink {
  /** Root-relative: "/calendar/feed/<token>.ics". */
  path: string;
  /** Absolute, on the app's origin. */
  url: string;
  /** The same feed for calendar apps that take webcal:// links. */
  webcal: string;
  version: number;
}

/** How far back the feed reaches; calendar apps keep what they already have. */
export const FEED_HISTORY_DAYS = 90;
export const FEED_PATH = "/calendar/feed/";
const PURPOSE = "calendar-feed";
const TOKEN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([1-9]\d{0,8})\.([A-Za-z0-9_-]{43})$/;
const encoder = new TextEncoder();

export function feedSigner(appSecret: string): FeedSigner {
  if (!appSecret) throw new TypeError("feedSigner needs a secret");
  let key: Promise<CryptoKey> | undefined;
  const getKey = () => key ??= deriveKey(appSecret);
  const message = (userId: string, version: number) => encoder.encode(`${PURPOSE}:${userId}:${version}`);
  return {
    async token(userId, version) {
      const mac = await crypto.subtle.sign("HMAC", await getKey(), message(userId, version));
      return `${userId}.${version}.${encodeBase64url(new Uint8Array(mac))}`;
    },
    async verify(token) {
      const m = TOKEN.exec(token);
      const mac = m && decodeBase64url(m[3]);
      if (!m || !mac) return null;
      const version = Number(m[2]);
      const valid = await crypto.subtle.verify("HMAC", await getKey(), mac, message(m[1], version));
      return valid ? { userId: m[1], version } : null;
    },
  };
}

async function deriveKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  return await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: encoder.encode(PURPOSE) },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
}

/** The signed-in user's feed URL (created on first use). */
export async function feedLink(
  deps: WorkflowDeps,
  signer: FeedSigner,
  actor: Actor | null,
): Promise<FeedLink> {
  const a = requireActor(actor);
  return await linkOf(deps, signer, a.userId, await feedVersion(deps.db, a.userId));
}

/** A new feed URL for the signed-in user; the old ones stop working at once. */
export async function rotateFeed(
  deps: WorkflowDeps,
  signer: FeedSigner,
  actor: Actor | null,
  meta: RequestMeta,
): Promise<FeedLink> {
  const a = requireActor(actor);
  const version = await deps.db.transaction().execute(async (trx) => {
    const version = await nextFeedVersion(trx, a.userId);
    await recordAudit(trx, {
      ...meta,
      actorId: a.userId,
      action: "calendar_feed.rotated",
      entityType: "user",
      entityId: a.userId,
      diff: { version },
    });
    return version;
  });
  return await linkOf(deps, signer, a.userId, version);
}

/**
 * The feed a token opens, as iCalendar text; null when the token is forged,
 * revoked by a rotation, or its user is no longer active.
 */
export async function renderFeed(
  deps: WorkflowDeps,
  signer: FeedSigner,
  token: string,
): Promise<string | null> {
  const claim = await signer.verify(token);
  if (!claim) return null;
  const owner = await feedOwner(deps.db, claim.userId);
  if (!owner || owner.version !== claim.version || owner.status !== "active") return null;

  const now = deps.now();
  const from = new Date(now.getTime() - FEED_HISTORY_DAYS * 86_400_000);
  const items = await calendarItems(deps.db, claim.userId, {
    from,
    to: null,
    now,
    includeCancelled: true,
  });
  const events: CalendarEvent[] = [
    ...items.bookings.map((b): CalendarEvent => {
      const status = eventStatus(b.status);
      // Organizers and venues book many acts: the act's name tells their events apart.
      const summary = b.role === "organizer" || b.role === "venue" ? `${b.title} · ${b.actName}` : b.title;
      const request = status === "TENTATIVE";
      return {
        uid: `${b.id}@artistspace`,
        stamp: now,
        start: b.startsAt,
        end: b.endsAt,
        // Many calendar apps show neither STATUS nor TRANSP, so the title says it too.
        summary: request ? `Request: ${summary}` : summary,
        location: b.location,
        description: `${b.actName} · ${b.status.replace("_", " ")}${request ? " · awaiting reply" : ""}`,
        status,
        url: new URL(`/bookings/${b.id}`, deps.origin).href,
        // Only an agreed show takes the time: a request may never happen, a cancelled booking will not.
        transparent: status !== "CONFIRMED",
      };
    }),
    ...items.blocks.map((b): CalendarEvent => ({
      uid: `block-${b.id}@artistspace`,
      stamp: now,
      start: new Date(b.startsAt),
      end: new Date(b.endsAt),
      summary: `Unavailable · ${b.actName}`,
      description: b.reason,
      status: "CONFIRMED",
    })),
  ];
  return writeCalendar({
    name: owner.display_name ? `Artist Space · ${owner.display_name}` : "Artist Space",
    prodId: "-//Artist Space//Bookings//EN",
    events,
  });
}

const EVENT_STATUS: Record<BookingStanding, EventStatus> = {
  confirmed: "CONFIRMED",
  request: "TENTATIVE",
  closed: "CANCELLED",
};

/** An agreed show is CONFIRMED, a request awaiting a reply TENTATIVE, a called-off booking CANCELLED. */
export function eventStatus(status: BookingState): EventStatus {
  return EVENT_STATUS[bookingStanding(status)];
}

async function linkOf(
  deps: WorkflowDeps,
  signer: FeedSigner,
  userId: string,
  version: number,
): Promise<FeedLink> {
  const path = `${FEED_PATH}${await signer.token(userId, version)}.ics`;
  const url = new URL(path, deps.origin);
  return { path, url: url.href, webcal: `webcal://${url.host}${url.pathname}`, version };
}
