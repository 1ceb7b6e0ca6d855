/**
 * One open conversation in this browser: what it shows (opened, verified
 * messages; receipts; what waits in the outbox) as signals the view renders,
 * and what keeps it current: the live transport, catching up after every
 * (re)connect, sending the outbox whenever the connection is back, and
 * marking messages read while the page is visible.
 */
import { batch, signal } from "@preact/signals";
import { sealAttachment } from "../../lib/e2ee/envelope.ts";
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
import { setHeaderUnread } from "./header_count.ts";
import type { Keys } from "./keystore.ts";
import { connectLive, type Live, type LiveEvent, type LiveMode } from "./live.ts";
import { discard, keep, type Outgoing, waiting } from "./outbox.ts";
import { deliver } from "./send.ts";
import { showMessage, type Shown } from "./shown.ts";

const PAGE = 50;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const UNREAD_REFRESH_MS = 30_000;

export class ChatSession {
  readonly conversation = signal<ConversationView | null>(null);
  /** By seq, oldest first. */
  readonly shown = signal<Shown[]>([]);
  readonly receipts = signal<Receipt[]>([]);
  readonly recipients = signal<Recipient[]>([]);
  readonly outbox = signal<Outgoing[]>([]);
  readonly mode = signal<LiveMode | null>(null);
  /** The last thing that went wrong in the background, for the page to say. */
  readonly problem = signal<string | null>(null);
  /** Messages before the first one shown exist. */
  readonly hasEarlier = signal(false);

  /** The highest seq up to which every message has been fetched. */
  #fetched = 0;
  #readSent = 0;
  #catchingUp: Promise<void> | null = null;
  #again = false;
  #flushing = false;
  #live: Live | null = null;
  #unreadTimer: ReturnType<typeof setInterval> | undefined;
  #onVisible = () => this.#markRead();

  constructor(readonly conversationId: string, readonly keys: Keys) {}

  /** Shows the newest page (`lastSeq` as the page was made), then stays current. */
  async start(lastSeq: number): Promise<void> {
    this.#fetched = Math.max(0, lastSeq - PAGE);
    this.outbox.value = await waiting(this.keys.userId, this.conversationId);
    // Opened offline: what is stored shows, and the live transport catches up once it connects.
    await this.catchUp().catch((err) => this.#failed(err));
    this.hasEarlier.value = (this.shown.value[0]?.seq ?? 1) > 1;
    document.addEventListener("visibilitychange", this.#onVisible);
    this.#live = connectLive(this.keys.device.id, {
      onEvent: (e) => this.#onEvent(e),
      catchUp: () => this.catchUp(),
      onMode: (mode) => this.mode.value = mode,
    });
    // Without a live transport nothing tells this page about other conversations' messages.
    this.#unreadTimer = setInterval(() => {
      if (this.mode.value === "polling" && document.visibilityState === "visible") this.#refreshUnread();
    }, UNREAD_REFRESH_MS);
    this.flush();
  }

  stop(): void {
    this.#live?.close();
    clearInterval(this.#unreadTimer);
    document.removeEventListener("visibilitychange", this.#onVisible);
  }

  /** Fetches everything after the last message fetched; one at a time, again if asked meanwhile. */
  catchUp(): Promise<void> {
    if (this.#catchingUp) {
      this.#again = true;
      return this.#catchingUp;
    }
    this.#catchingUp = (async () => {
      try {
        do {
          this.#again = false;
          let page: MessagesPage;
          do {
            page = await messagesOf(this.conversationId, { after: this.#fetched, limit: PAGE });
            this.#apply(page);
            // A page answers for everything up to its last message.
            this.#fetched = Math.max(this.#fetched, page.messages.at(-1)?.seq ?? 0);
          } while (page.messages.length === PAGE);
        } while (this.#again);
        this.problem.value = null;
      } finally {
        this.#catchingUp = null;
      }
      // Whatever waited for the connection goes now that it is back.
      this.flush();
    })();
    return this.#catchingUp;
  }

  async earlier(): Promise<void> {
    const first = this.shown.value[0]?.seq;
    if (!first || first <= 1) return;
    const page = await messagesOf(this.conversationId, { before: first, limit: PAGE });
    this.#add(page.messages);
    this.hasEarlier.value = page.messages.length > 0 && this.shown.value[0].seq > 1;
  }

  /** Puts a message in the outbox (files sealed at once) and tries to send it. */
  async write(text: string, files: File[]): Promise<void> {
    const out: Outgoing = {
      clientId: crypto.randomUUID(),
      conversationId: this.conversationId,
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
    await keep(this.keys.userId, out);
    this.outbox.value = [...this.outbox.value, out];
    await this.flush();
  }

  /** Sends what waits, oldest first; stops at the first one the network keeps back. */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      for (const out of this.outbox.value) {
        if (out.problem) continue;
        try {
          const sent = await deliver(this.keys, out, this.recipients.value, async () => {
            await this.catchUp();
            return this.recipients.value;
          });
          await discard(out.clientId);
          batch(() => {
            this.recipients.value = sent.recipients;
            this.outbox.value = this.outbox.value.filter((o) => o.clientId !== out.clientId);
            this.#add([sent.message]);
          });
        } catch (err) {
          if (err instanceof ApiError && err.offline) return;
          out.problem = err instanceof Error ? err.message : String(err);
          await keep(this.keys.userId, out);
          this.outbox.value = [...this.outbox.value];
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  async retry(clientId: string): Promise<void> {
    const out = this.outbox.value.find((o) => o.clientId === clientId);
    if (!out) return;
    delete out.problem;
    await keep(this.keys.userId, out);
    this.outbox.value = [...this.outbox.value];
    await this.flush();
  }

  async discard(clientId: string): Promise<void> {
    await discard(clientId);
    this.outbox.value = this.outbox.value.filter((o) => o.clientId !== clientId);
  }

  #apply(page: MessagesPage): void {
    batch(() => {
      this.conversation.value = page.conversation;
      this.recipients.value = page.recipients;
      this.receipts.value = page.receipts;
      this.#add(page.messages);
    });
  }

  #add(views: MessageView[]): void {
    if (views.length === 0) return;
    const bySeq = new Map(this.shown.value.map((m) => [m.seq, m]));
    for (const v of views) {
      if (!bySeq.has(v.seq)) bySeq.set(v.seq, showMessage(v, this.conversationId, this.keys));
    }
    const all = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    // Only a gapless run advances the cursor: a message seen early (live, or just sent) leaves the gap to fetch.
    while (bySeq.has(this.#fetched + 1)) this.#fetched++;
    // Sent from another tab or device of mine: it is no longer waiting here.
    const sentIds = new Set(all.filter((m) => m.senderId === this.keys.userId).map((m) => m.clientId));
    batch(() => {
      this.shown.value = all;
      if (this.outbox.value.some((o) => sentIds.has(o.clientId))) {
        this.outbox.value = this.outbox.value.filter((o) => !sentIds.has(o.clientId));
      }
    });
    this.#markRead();
  }

  #onEvent(e: LiveEvent): void {
    if (e.type === "unread") return setHeaderUnread(e.total);
    if (e.conversationId !== this.conversationId) return;
    if (e.type === "receipt") {
      const others = this.receipts.value.filter((r) => r.userId !== e.userId);
      this.receipts.value = [...others, {
        userId: e.userId,
        deliveredSeq: e.deliveredSeq,
        readSeq: e.readSeq,
      }];
      return;
    }
    this.#add([e.message]);
    this.#live?.delivered(this.conversationId, e.message.seq);
    if (e.message.seq > this.#fetched) this.catchUp().catch((err) => this.#failed(err));
  }

  /** Read up to the newest message shown, while someone can see it. */
  #markRead(): void {
    const newest = this.shown.value.at(-1);
    if (!newest || newest.seq <= this.#readSent || document.visibilityState !== "visible") return;
    this.#readSent = newest.seq;
    markRead(newest.id).then(() => this.#refreshUnread()).catch(() => {
      // Tried again with the next message or the next time the page is looked at.
      this.#readSent = 0;
    });
  }

  #refreshUnread(): void {
    conversations().then((c) => setHeaderUnread(c.unreadTotal)).catch(() => {});
  }

  #failed(err: unknown): void {
    this.problem.value = err instanceof Error ? err.message : String(err);
  }
}
