/**
 * The demo's private messages: every demo person gets keys, and the two
 * demo bookings that are under way have a conversation, sealed and sent
 * through the message services exactly as a browser would send it, one of
 * them with a call on its timeline.
 *
 * A browser makes its own keys and nobody else ever sees them, so a demo
 * needs a way in: every demo identity's backup is sealed under one published
 * demo recovery key (README). Signing in as a demo person, the messages page
 * offers to restore with a recovery key; that key brings the identity and its
 * history into the browser. The device the seed sealed from is thrown away
 * with its secret keys; the identities' secrets exist only in their backups.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Actor } from "../domain/access.ts";
import { sealingKeys, signDeviceList } from "../lib/e2ee/device_list.ts";
import { sealMessage } from "../lib/e2ee/envelope.ts";
import { type KeySet, newKeySet, publicOf } from "../lib/e2ee/keys.ts";
import { parseRecoveryKey, sealIdentity } from "../lib/e2ee/recovery.ts";
import { openConversation } from "../services/messages/conversations.ts";
import type { MessageDeps } from "../services/messages/deps.ts";
import { publishKeys } from "../services/messages/keys.ts";
import { conversationPage } from "../services/messages/read.ts";
import { sendMessage } from "../services/messages/send.ts";
import type { CallDeps } from "../services/calls/deps.ts";
import { joinP2PCall, leaveP2PCall, startP2PCall } from "../services/calls/p2p.ts";
import { DEPOSIT_DUE_DEMO_BOOKING, PAID_DEMO_SHOW } from "./demo_payments.ts";

/** Published in the README: it opens every demo identity's backup, and nothing else anywhere. */
export const DEMO_RECOVERY_KEY = "DEM0-STAG-E202-6ART-1STS-PACE-D3M0-KEYS";

const META = { ip: null, userAgent: "Artist Space demo data" };
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

interface DemoCall {
  from: string;
  answeredBy: string;
  before: number;
  minutes: number;
}

/**
 * Who says what, and how long before the show; `from` is a demo address's
 * local part. A call, when there is one, was made peer to peer and shows on
 * the booking's timeline.
 */
const CONVERSATIONS: {
  booking: string;
  lines: { from: string; before: number; text: string }[];
  call?: DemoCall;
}[] = [
  {
    booking: PAID_DEMO_SHOW,
    lines: [
      {
        from: "chitra.promoter",
        before: 12 * DAY,
        text: "Hi Bharat! Can you send the stage plot for Kochi?",
      },
      {
        from: "bharat.bandmanager",
        before: 12 * DAY - 2 * HOUR,
        text: "Five of us: two vocal mics, a DI for the keys, drum riser if the stage allows.",
      },
      {
        from: "asha.artist",
        before: 11 * DAY,
        text: "I'll sing the encore with the band. See you at soundcheck!",
      },
      { from: "chitra.promoter", before: 2 * DAY, text: "Paid in full; the invoice is on the booking page." },
    ],
  },
  {
    booking: DEPOSIT_DUE_DEMO_BOOKING,
    lines: [
      {
        from: "dev.organizer",
        before: 20 * DAY,
        text: "Asha, the bookshop seats 120. Could the ghazals follow the reading?",
      },
      {
        from: "asha.artist",
        before: 19 * DAY,
        text: "Yes: a 20-minute reading, then my set of six ghazals.",
      },
    ],
    call: { from: "dev.organizer", answeredBy: "asha.artist", before: 19 * DAY - 3 * HOUR, minutes: 7 },
  },
];

/** Keys for every demo person and the demo conversations; skips itself once a demo person has keys. */
export async function seedDemoMessages(
  db: Kysely<Database>,
  now: Date,
  frankingKey: Uint8Array,
): Promise<boolean> {
  const people = await db.selectFrom("users").select(["id", "email"])
    .where("email", "like", "%@demo.artistspace.in").execute();
  if (people.length === 0) return false;
  const keyed = await db.selectFrom("e2ee_identities").select("user_id")
    .where("user_id", "in", people.map((p) => p.id)).limit(1).executeTakeFirst();
  if (keyed) return false;

  const recoveryKey = parseRecoveryKey(DEMO_RECOVERY_KEY)!;
  const devices = new Map<string, { actor: Actor; device: KeySet }>();
  for (const p of people) {
    const actor: Actor = { userId: p.id, roles: [], sessionId: "" };
    const identity = newKeySet(crypto.randomUUID());
    const device = newKeySet(crypto.randomUUID());
    await publishKeys({ db, now: () => now, frankingKey }, actor, p.id, {
      identity: publicOf(identity),
      backup: sealIdentity(identity, recoveryKey),
      deviceList: signDeviceList(identity, { userId: p.id, version: 1, devices: [publicOf(device)] }),
    }, META);
    devices.set(p.email.split("@")[0], { actor, device });
  }

  for (const c of CONVERSATIONS) {
    const booking = await db.selectFrom("bookings").select(["id", "starts_at"]).where("title", "=", c.booking)
      .where("organizer_id", "in", people.map((p) => p.id)).executeTakeFirst();
    if (!booking) continue;
    const first = devices.get(c.lines[0].from)!;
    const { conversation } = await openConversation(db, first.actor, { bookingId: booking.id });
    for (const line of c.lines) {
      const sender = devices.get(line.from)!;
      const at = new Date(Math.min(booking.starts_at.getTime() - line.before, now.getTime()));
      const deps: MessageDeps = { db, now: () => at, frankingKey };
      const page = await conversationPage(deps, sender.actor, conversation.id, { limit: 1 });
      const envelope = sealMessage(
        { userId: sender.actor.userId, device: sender.device },
        {
          conversationId: conversation.id,
          clientId: crypto.randomUUID(),
          recipients: sealingKeys(page.recipients),
        },
        { text: line.text, attachments: [] },
      );
      await sendMessage(deps, sender.actor, envelope, META);
    }
    if (c.call) {
      const at = new Date(Math.min(booking.starts_at.getTime() - c.call.before, now.getTime()));
      await seedDemoCall(
        db,
        conversation.id,
        at,
        devices.get(c.call.from)!,
        devices.get(c.call.answeredBy)!,
        c.call,
      );
    }
  }
  return true;
}

/** A call made, answered and hung up through the call services, as two browsers would have. */
async function seedDemoCall(
  db: Kysely<Database>,
  conversationId: string,
  at: Date,
  caller: { actor: Actor; device: KeySet },
  answerer: { actor: Actor; device: KeySet },
  call: DemoCall,
): Promise<void> {
  const deps = (when: Date): CallDeps => ({
    db,
    now: () => when,
    livekit: null,
    ice: { urls: [], turnSecret: null, relayOnly: false },
  });
  const started = await startP2PCall(
    deps(at),
    caller.actor,
    { conversationId, deviceId: caller.device.id },
    META,
  );
  const answered = new Date(at.getTime() + 12_000);
  await joinP2PCall(deps(answered), answerer.actor, started.call.id, { deviceId: answerer.device.id }, META);
  const hungUp = new Date(answered.getTime() + call.minutes * 60_000);
  await leaveP2PCall(deps(hungUp), answerer.actor, started.call.id, META);
}
