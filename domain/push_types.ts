/**
 * What a person can be told by Web Push, and how urgently: the things they
 * must not miss (issue 17), each a type they can turn off for all their
 * devices. Every other notice stays in the app and the e-mail.
 *
 * The one place a notice becomes a push: `pushTypeOfSubject` maps the fixed
 * notification subjects (services/mail_templates.ts ACTIVITY_SUBJECTS) to a
 * type, and messages and ringing calls name theirs where they are sent.
 */
import { CALL_LIMITS } from "./calls.ts";

export const PUSH_TYPES = ["offers", "requests", "accepted", "waiting", "messages", "calls"] as const;
export type PushType = (typeof PUSH_TYPES)[number];

/** What /account lists, in this order. */
export const PUSH_TYPE_LABELS: Record<PushType, string> = {
  offers: "New offers and counter-offers",
  requests: "Booking requests and applications",
  accepted: "Accepted bookings",
  waiting: "A signature or a payment waiting for you",
  messages: "New messages (who wrote, never what)",
  calls: "Calls ringing",
};

const BY_SUBJECT: Readonly<Record<string, PushType>> = {
  "New offer on your booking": "offers",
  "New booking request": "requests",
  "New application": "requests",
  "Booking confirmed": "accepted",
  "Contract ready to sign": "waiting",
  "Contract changed": "waiting",
  // Either the other side signed (yours is awaited) or both did (the deposit is now due).
  "Contract signed": "waiting",
  "Payment failed": "waiting",
  "New message": "messages",
};

/** The push type of a notification subject, or null: that notice is not pushed. */
export function pushTypeOfSubject(subject: string): PushType | null {
  return Object.hasOwn(BY_SUBJECT, subject) ? BY_SUBJECT[subject] : null;
}

/** The subjects that are pushed, for the test that keeps them among the real ones. */
export const PUSHED_SUBJECTS: readonly string[] = Object.keys(BY_SUBJECT);

export function isPushType(value: unknown): value is PushType {
  return typeof value === "string" && (PUSH_TYPES as readonly string[]).includes(value);
}

/** Which types a person hears of; everything is on until they turn a type off. */
export type PushPreferences = Record<PushType, boolean>;

export function preferencesFromMuted(muted: readonly string[]): PushPreferences {
  return Object.fromEntries(PUSH_TYPES.map((t) => [t, !muted.includes(t)])) as PushPreferences;
}

export function mutedOf(preferences: PushPreferences): PushType[] {
  return PUSH_TYPES.filter((t) => !preferences[t]);
}

export interface PushDelivery {
  /** RFC 8030 Urgency: a phone in power saving wakes for `high`. */
  urgency: "normal" | "high";
  /** Seconds the push service keeps it for a device that is off; after that it is not worth showing. */
  ttlSeconds: number;
}

const DAY = 24 * 60 * 60;

/** A ringing call is worth nothing once it has stopped ringing, so its push lives that long. */
export const PUSH_DELIVERY: Record<PushType, PushDelivery> = {
  offers: { urgency: "normal", ttlSeconds: 2 * DAY },
  requests: { urgency: "normal", ttlSeconds: 2 * DAY },
  accepted: { urgency: "normal", ttlSeconds: 2 * DAY },
  waiting: { urgency: "normal", ttlSeconds: 2 * DAY },
  messages: { urgency: "normal", ttlSeconds: DAY },
  calls: { urgency: "high", ttlSeconds: CALL_LIMITS.ringSeconds },
};

/** What the service worker receives (decrypted): islands/push/sw_push.ts shows it. */
export interface PushPayload {
  type: PushType;
  title: string;
  body: string;
  /** A path inside the site, opened on a tap. */
  link: string;
  /**
   * The same for every copy of one notice (each device, each retry): the
   * device replaces a shown notification with the same tag, so a resend after
   * a crash is not shown twice. Also the RFC 8030 Topic (32 URL-safe
   * characters), so a push service holding an undelivered copy replaces it.
   */
  tag: string;
}

export const PUSH_LIMITS = {
  titleChars: 120,
  bodyChars: 300,
  linkChars: 500,
} as const;
