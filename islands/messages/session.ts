/**
 * One open conversation in this browser: what it shows (opened, verified
 * messages; receipts; what waits in the outbox) as signals the view renders,
 * and what keeps it current: the live transport, catching up after every
 * (re)connect, sending the outbox whenever the connection is back, and
 * marking messages read while the page is visible. It also hears of the
 * conversation's calls (which one is live, for the ringing bar) and relays
 * them, with their signals, to a call open on this page.
 *
 * A closure, not a class: class fields would make esbuild add its helpers
 * for them to the chunk every island page loads.
 */
import { signal } from "@preact/signals";
import { sealAttachment } from "../../lib/e2ee/envelope.ts";
import type { CallView } from "../calls/api.ts";
import type { CallFeed, CallListener } from "../calls/transport.ts";
import {
  ApiError,
  conversations,
  type ConversationView,
  markRead,
  messagesOf,
  type MessagesPage,
  type MessageView,
  type Receipt,
  type Recipient,
} from "./api.ts";
import type { Keys } from "./keystore.ts";
import { connectLive, type Live, type LiveEvent, type LiveMode } from "./live.ts";
import { discard, keep, type Outgoing, waiting } from "./outbox.ts";
import { acceptPin, comparePins, loadPins, savePins } from "./pins.ts";
import { listedDevices } from "./recipients.ts";
import { deliver } from "./send.ts";
import { showMessage, type Shown } from "./shown.ts";

const PAGE = 50;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const UNREAD_REFRESH_MS = 30_000;

export type ChatSession = ReturnType<typeof chatSession>;

/** `onUnread` gets the person's unread total whenever it may have changed (the header shows it). */
export function chatSession(conversationId: string, keys: Keys, onUnread: (total: number) => void) {
  const conversation = signal<ConversationView | null>(null);
  /** By seq, oldest first. */
  const shown = signal<Shown[]>([]);
  const receipts = signal<Receipt[]>([]);
  const recipients = signal<Recipient[]>([]);
  /** Each participant's devices as their signed list names them (recipients.ts listedDevices). */
  const listed = signal(new Map<string, Set<string>>());
  /** Contacts whose identity key is not the one this browser saw before (pins.ts), until the person has seen it. */
  const keyChanges = signal<{ userId: string; name: string; signKey: string }[]>([]);
  const outbox = signal<Outgoing[]>([]);
  const mode = signal<LiveMode | null>(null);
  /** The last thing that went wrong in the background, for the page to say. */
  const problem = signal<string | null>(null);
  /** Messages before the first one shown exist. */
  const hasEarlier = signal(false);
  /** The conversation's live call (or the one that just ended), as the server last told. */
  const activeCall = signal<CallView | null>(null);
  const callListeners = new Set<CallListener>();
  /** Call events heard so far: a page fetched meanwhile may tell of the call as it was before them. */
  let callEvents = 0;

  /** The highest seq up to which every message has been fetched. */
  let fetched = 0;
  let readSent = 0;
  let catchingUp: Promise<void> | null = null;
  let again = false;
  let flushing = false;
  let live: Live | null = null;
  let unreadTimer: ReturnType<typeof setInterval> | undefined;

  const failed = (err: unknown) => problem.value = err instanceof Error ? err.message : String(err);
  const refreshUnread = () => conversations().then((c) => onUnread(c.unreadTotal)).catch(() => {});

  /** Read up to the newest message shown, while someone can see it. */
  function markShownRead() {
    const newest = shown.value.at(-1);
    if (!newest || newest.seq <= readSent || document.visibilityState !== "visible") return;
    readSent = newest.seq;
    markRead(newest.id).then(refreshUnread).catch(() => {
      // Tried again with the next message or the next time the page is looked at.
      readSent = 0;
    });
  }

  function add(views: MessageView[]) {
    if (views.length === 0) return;
    const bySeq = new Map(shown.value.map((m) => [m.seq, m]));
    for (const v of views) if (!bySeq.has(v.seq)) bySeq.set(v.seq, showMessage(v, conversationId, keys));
    const all = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    // Only a gapless run advances the cursor: a message seen early (live, or just sent) leaves the gap to fetch.
    while (bySeq.has(fetched + 1)) fetched++;
    // Sent from another tab or device of mine: it is no longer waiting here.
    const sentIds = new Set(all.filter((m) => m.senderId === keys.userId).map((m) => m.clientId));
    shown.value = all;
    if (outbox.value.some((o) => sentIds.has(o.clientId))) {
      outbox.value = outbox.value.filter((o) => !sentIds.has(o.clientId));
    }
    markShownRead();
  }

  function setRecipients(next: Recipient[]) {
    recipients.value = next;
    listed.value = listedDevices(next);
    const pins = comparePins(loadPins(keys.userId), next, keys.userId);
    savePins(keys.userId, pins.next);
    keyChanges.value = pins.changed.map((c) => ({
      ...c,
      signKey: next.find((r) => r.userId === c.userId)!.identity!.signKey,
    }));
  }

  function apply(page: MessagesPage, callEventsBefore: number) {
    conversation.value = page.conversation;
    if (page.activeCall !== undefined && callEvents === callEventsBefore) activeCall.value = page.activeCall;
    setRecipients(page.recipients);
    receipts.value = page.receipts;
    add(page.messages);
    // A page answers for everything up to its last message.
    fetched = Math.max(fetched, page.messages.at(-1)?.seq ?? 0);
  }

  /** Fetches everything after the last message fetched; one at a time, again if asked meanwhile. */
  function catchUp(): Promise<void> {
    if (catchingUp) {
      again = true;
      return catchingUp;
    }
    catchingUp = (async () => {
      try {
        do {
          again = false;
          let page: MessagesPage;
          do {
            const callEventsBefore = callEvents;
            page = await messagesOf(conversationId, { after: fetched, limit: PAGE });
            apply(page, callEventsBefore);
          } while (page.messages.length === PAGE);
        } while (again);
        problem.value = null;
      } finally {
        catchingUp = null;
      }
      // Whatever waited for the connection goes now that it is back.
      flush();
    })();
    return catchingUp;
  }

  /** Sends what waits, oldest first; stops at the first one the network keeps back. */
  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      for (const out of outbox.value) {
        if (out.problem) continue;
        try {
          const sent = await deliver(keys, out, recipients.value, async () => {
            await catchUp();
            return recipients.value;
          });
          await discard(out.clientId);
          setRecipients(sent.recipients);
          outbox.value = outbox.value.filter((o) => o.clientId !== out.clientId);
          add([sent.message]);
        } catch (err) {
          if (err instanceof ApiError && err.offline) return;
          out.problem = err instanceof Error ? err.message : String(err);
          await keep(keys.userId, out);
          outbox.value = [...outbox.value];
        }
      }
    } finally {
      flushing = false;
    }
  }

  function onEvent(e: LiveEvent) {
    if (e.type === "unread") return onUnread(e.total);
    // Someone else's message, here or in another conversation: the header's count may have moved.
    if (e.type === "message" && e.message.senderId !== keys.userId) refreshUnread();
    if (e.conversationId !== conversationId) return;
    if (e.type === "call") {
      callEvents++;
      activeCall.value = e.call;
      for (const l of callListeners) l.call(e.call);
      return;
    }
    if (e.type === "call-signal") {
      for (const l of callListeners) l.signal(e.signal);
      return;
    }
    if (e.type === "receipt") {
      const others = receipts.value.filter((r) => r.userId !== e.userId);
      receipts.value = [...others, { userId: e.userId, deliveredSeq: e.deliveredSeq, readSeq: e.readSeq }];
      return;
    }
    // From a device this page has not seen on its sender's list: fetched instead, with the lists as they
    // are now, so it is not shown as unlisted while they are on their way.
    if (!listed.value.get(e.message.senderId)?.has(e.message.senderDevice?.id ?? "")) {
      catchUp().catch(failed);
      return;
    }
    add([e.message]);
    live?.delivered(conversationId, e.message.seq);
    if (e.message.seq > fetched) catchUp().catch(failed);
  }

  const calls: CallFeed = {
    subscribe(listener) {
      callListeners.add(listener);
      return () => callListeners.delete(listener);
    },
  };

  return {
    conversationId,
    keys,
    activeCall,
    calls,
    conversation,
    shown,
    receipts,
    recipients,
    listed,
    keyChanges,
    outbox,
    mode,
    problem,
    hasEarlier,
    catchUp,
    flush,

    /** The person has seen that a contact's key changed: compare with the new one from now on. */
    acceptKeyChange(userId: string): void {
      const change = keyChanges.value.find((c) => c.userId === userId);
      if (change) acceptPin(keys.userId, userId, change.signKey);
      keyChanges.value = keyChanges.value.filter((c) => c.userId !== userId);
    },

    /** Shows the newest page (`lastSeq` as the page was made), then stays current. */
    async start(lastSeq: number): Promise<void> {
      fetched = Math.max(0, lastSeq - PAGE);
      outbox.value = await waiting(keys.userId, conversationId);
      // Opened offline: what is stored shows, and the live transport catches up once it connects.
      await catchUp().catch(failed);
      hasEarlier.value = (shown.value[0]?.seq ?? 1) > 1;
      document.addEventListener("visibilitychange", markShownRead);
      live = connectLive(keys.device.id, {
        onEvent,
        catchUp() {
          // Connected again, or polling: a call open here fetches what it missed too.
          for (const l of callListeners) l.reconnected();
          return catchUp();
        },
        onMode: (m) => mode.value = m,
      });
      // Without a live transport nothing tells this page about other conversations' messages.
      unreadTimer = setInterval(() => {
        if (mode.value === "polling" && document.visibilityState === "visible") refreshUnread();
      }, UNREAD_REFRESH_MS);
      flush();
    },

    stop(): void {
      live?.close();
      clearInterval(unreadTimer);
      document.removeEventListener("visibilitychange", markShownRead);
    },

    async earlier(): Promise<void> {
      const first = shown.value[0]?.seq;
      if (!first || first <= 1) return;
      const page = await messagesOf(conversationId, { before: first, limit: PAGE });
      add(page.messages);
      hasEarlier.value = page.messages.length > 0 && shown.value[0].seq > 1;
    },

    /** Puts a message in the outbox (files sealed at once) and tries to send it. */
    async write(text: string, files: File[]): Promise<void> {
      const out: Outgoing = {
        clientId: crypto.randomUUID(),
        conversationId,
        createdAt: new Date().toISOString(),
        text,
        attachments: [],
        uploads: {},
      };
      for (const file of files) {
        if (file.size > MAX_ATTACHMENT_BYTES) throw new Error(`${file.name} is larger than 10 MB`);
        const sealed = sealAttachment(new Uint8Array(await file.arrayBuffer()));
        out.attachments.push({
          id: "",
          key: sealed.key,
          nonce: sealed.nonce,
          name: file.name,
          type: file.type || "application/octet-stream",
          size: file.size,
        });
        out.uploads[sealed.key] = sealed.sealed;
      }
      await keep(keys.userId, out);
      outbox.value = [...outbox.value, out];
      await flush();
    },

    async retry(clientId: string): Promise<void> {
      const out = outbox.value.find((o) => o.clientId === clientId);
      if (!out) return;
      delete out.problem;
      await keep(keys.userId, out);
      outbox.value = [...outbox.value];
      await flush();
    },

    async discard(clientId: string): Promise<void> {
      await discard(clientId);
      outbox.value = outbox.value.filter((o) => o.clientId !== clientId);
    },
  };
}
