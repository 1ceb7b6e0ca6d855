/**
 * Messages written but not yet accepted by the server, kept in IndexedDB so
 * one written offline (or on a train between towers) survives a closed tab
 * and goes out when the connection returns. Each keeps its clientId, so a
 * resend after an answer that never arrived is stored once. What was written
 * is encrypted at rest under the person's wrapping key; attached files are
 * kept already sealed, as they will be uploaded.
 */
import { fromUtf8, utf8 } from "../../lib/e2ee/bytes.ts";
import type { AttachmentRef } from "../../lib/e2ee/envelope.ts";
import { allBy, inTransaction, put, remove, STORES } from "./idb.ts";
import { openAtRest, sealAtRest } from "./keystore.ts";

export interface Outgoing {
  clientId: string;
  conversationId: string;
  createdAt: string;
  text: string;
  /** An attachment whose id is "" is not uploaded yet; its sealed bytes are in `uploads` under its key. */
  attachments: AttachmentRef[];
  uploads: Record<string, Uint8Array>;
  /** Why the server refused it; a refused message waits for the writer to retry or discard it. */
  problem?: string;
}

interface StoredOutgoing {
  clientId: string;
  userId: string;
  conversationId: string;
  createdAt: string;
  iv: Uint8Array;
  sealed: Uint8Array;
  uploads: Record<string, Uint8Array>;
  problem?: string;
}

export async function keep(userId: string, out: Outgoing): Promise<void> {
  const box = await sealAtRest(
    userId,
    `outbox/${out.clientId}`,
    utf8(JSON.stringify({ text: out.text, attachments: out.attachments })),
  );
  const record: StoredOutgoing = {
    clientId: out.clientId,
    userId,
    conversationId: out.conversationId,
    createdAt: out.createdAt,
    ...box,
    uploads: out.uploads,
    problem: out.problem,
  };
  await inTransaction([STORES.outbox], "readwrite", (tx) => put(tx, STORES.outbox, record));
}

/** This person's waiting messages in one conversation, oldest first. */
export async function waiting(userId: string, conversationId: string): Promise<Outgoing[]> {
  const records = await inTransaction(
    [STORES.outbox],
    "readonly",
    (tx) => allBy<StoredOutgoing>(tx, STORES.outbox, "userId", userId),
  );
  const out: Outgoing[] = [];
  for (const r of records.filter((r) => r.conversationId === conversationId)) {
    const { text, attachments } = JSON.parse(fromUtf8(await openAtRest(userId, `outbox/${r.clientId}`, r)));
    out.push({
      clientId: r.clientId,
      conversationId: r.conversationId,
      createdAt: r.createdAt,
      text,
      attachments,
      uploads: r.uploads,
      problem: r.problem,
    });
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function discard(clientId: string): Promise<void> {
  await inTransaction([STORES.outbox], "readwrite", (tx) => remove(tx, STORES.outbox, clientId));
}
