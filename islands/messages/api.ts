/**
 * The messages API as the browser calls it (the contract's shapes; every
 * answer is the `{ success, data | error }` envelope). The session cookie
 * authenticates; fetch sends the Origin header the CSRF check wants.
 */
import type { CallView } from "../calls/api.ts";
import type { SignedDeviceList } from "../../lib/e2ee/device_list.ts";
import type { Envelope } from "../../lib/e2ee/envelope.ts";
import type { PublicKeySet } from "../../lib/e2ee/keys.ts";
import type { IdentityBackup } from "../../lib/e2ee/recovery.ts";

export interface Participant {
  userId: string;
  name: string;
}

export interface ConversationView {
  id: string;
  kind: "booking" | "application" | "direct";
  title: string;
  bookingId: string | null;
  applicationId: string | null;
  lastSeq: number;
  lastMessageAt: string | null;
  unread: number;
  participants: Participant[];
}

export interface Recipient {
  userId: string;
  name: string;
  identity: { id: string; signKey: string; boxKey: string } | null;
  deviceList: SignedDeviceList | null;
}

export interface MessageView {
  id: string;
  seq: number;
  kind: "message" | "key_changed";
  senderId: string;
  clientId: string | null;
  sentAt: string;
  senderDevice: PublicKeySet | null;
  nonce: string | null;
  body: string | null;
  keys: Record<string, string> | null;
  frankingTag: string | null;
  signature: string | null;
  attachmentIds: string[] | null;
}

export interface Receipt {
  userId: string;
  deliveredSeq: number;
  readSeq: number;
}

export interface MessagesPage {
  conversation: ConversationView;
  recipients: Recipient[];
  messages: MessageView[];
  receipts: Receipt[];
  /** The conversation's live call, if any: how a page that polls learns that one rings. */
  activeCall?: CallView | null;
}

export interface PublicKeys {
  userId: string;
  identity: PublicKeySet;
  deviceList: SignedDeviceList;
}

/** A refusal from the API, with its code and details as sent; status 0 when the request never got an answer. */
export class ApiError extends Error {
  // Declared and assigned, not parameter properties: class fields would make esbuild add its helpers for
  // them to the chunk every island page loads.
  declare readonly status: number;
  declare readonly code: string;
  declare readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The network was down or the server unreachable: worth trying again later, unlike a refusal. */
  get offline(): boolean {
    return this.status === 0;
  }
}

const BASE = "/api/v1";

/** One request to the API, answering its `data` or throwing its refusal as an ApiError. */
export async function request<T>(method: string, path: string, body?: BodyInit, type?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      body,
      headers: type ? { "content-type": type } : {},
      credentials: "same-origin",
    });
  } catch (err) {
    throw new ApiError(0, "offline", err instanceof Error ? err.message : String(err));
  }
  // No content: done, nothing to answer (a call's keep-alive).
  if (res.status === 204) return undefined as T;
  const json = await res.json().catch(() => null);
  if (!res.ok || !json?.success) {
    const e = json?.error;
    throw new ApiError(
      res.status,
      e?.code ?? "http_error",
      e?.message ?? `${method} ${path}: ${res.status}`,
      e?.details,
    );
  }
  return json.data as T;
}

export const json = <T>(method: string, path: string, body: unknown) =>
  request<T>(method, path, JSON.stringify(body), "application/json");

/** The person's published keys, or null when they have none yet. */
export async function publicKeysOf(userId: string): Promise<PublicKeys | null> {
  try {
    return await request<PublicKeys>("GET", `/users/${userId}/public-key`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export const publishKeys = (
  userId: string,
  body: { identity: PublicKeySet; backup?: IdentityBackup; deviceList: SignedDeviceList },
) =>
  json<{ identityId: string; version: number; identityChanged: boolean }>(
    "PUT",
    `/users/${userId}/public-key`,
    body,
  );

export const keyBackupOf = (userId: string) =>
  request<{ identity: PublicKeySet; backup: IdentityBackup }>("GET", `/users/${userId}/key-backup`);

export const conversations = () =>
  request<{ conversations: ConversationView[]; unreadTotal: number }>("GET", "/messages");

export const messagesOf = (
  conversationId: string,
  query: { after?: number; before?: number; limit?: number },
) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  return request<MessagesPage>("GET", `/messages/${conversationId}?${params}`);
};

export const sendMessage = (envelope: Envelope & { attachmentIds: string[] }) =>
  json<{ message: MessageView }>("POST", "/messages", envelope);

export const markRead = (messageId: string) =>
  request<{ conversationId: string; readSeq: number }>("PUT", `/messages/${messageId}/read`);

export const uploadAttachment = (conversationId: string, sealed: Uint8Array) =>
  request<{ id: string; size: number }>(
    "POST",
    `/messages/attachments?conversationId=${conversationId}`,
    sealed as Uint8Array<ArrayBuffer>,
    "application/octet-stream",
  );

export async function downloadAttachment(id: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(`${BASE}/messages/attachments/${id}`, { credentials: "same-origin" });
  } catch (err) {
    throw new ApiError(0, "offline", err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    throw new ApiError(res.status, "http_error", `The attachment could not be fetched (${res.status})`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

export interface DisclosureResult {
  messageId: string;
  verified: boolean;
  problem: string | null;
}

export const disclose = (
  conversationId: string,
  messages: { messageId: string; content: string; frankingKey: string }[],
) =>
  json<{ disclosures: DisclosureResult[] }>("POST", `/messages/${conversationId}/disclosures`, { messages });
