/**
 * End-to-end encrypted messaging as a browser does it, for tests: key sets
 * made and published with the real protocol (lib/e2ee), messages sealed to
 * the keys the server lists and opened again with a device's own keys.
 */
import type { Actor } from "../../domain/access.ts";
import { sealingKeys, signDeviceList } from "../../lib/e2ee/device_list.ts";
import { type Envelope, openMessage, sealMessage } from "../../lib/e2ee/envelope.ts";
import { type KeySet, newKeySet, publicOf } from "../../lib/e2ee/keys.ts";
import { sealIdentity } from "../../lib/e2ee/recovery.ts";
import type { MessageDeps } from "../../services/messages/deps.ts";
import { publishKeys } from "../../services/messages/keys.ts";
import { conversationPage } from "../../services/messages/read.ts";
import { sendMessage } from "../../services/messages/send.ts";
import type { MessageView } from "../../services/messages/views.ts";

export const meta = { ip: "203.0.113.9", userAgent: "messages-test" };
/** The lightest scrypt the server accepts: tests need the format, not the cost. */
const TEST_SCRYPT = { n: 2 ** 14, r: 8, p: 1 };

export interface KeyedUser {
  actor: Actor;
  identity: KeySet;
  devices: KeySet[];
  version: number;
  recoveryKey: Uint8Array;
}

/** Gives `actor` an identity and one device, published as a browser's first use does. */
export async function withKeys(deps: MessageDeps, actor: Actor): Promise<KeyedUser> {
  const user: KeyedUser = {
    actor,
    identity: newKeySet(crypto.randomUUID()),
    devices: [newKeySet(crypto.randomUUID())],
    version: 1,
    recoveryKey: crypto.getRandomValues(new Uint8Array(20)),
  };
  await publish(deps, user, true);
  return user;
}

export async function publish(deps: MessageDeps, user: KeyedUser, withBackup: boolean) {
  return await publishKeys(deps, user.actor, user.actor.userId, {
    identity: publicOf(user.identity),
    ...(withBackup ? { backup: sealIdentity(user.identity, user.recoveryKey, TEST_SCRYPT) } : {}),
    deviceList: signDeviceList(user.identity, {
      userId: user.actor.userId,
      version: user.version,
      devices: user.devices.map(publicOf),
    }),
  }, meta);
}

/** A second browser of the same person, added to their device list. */
export async function addDevice(deps: MessageDeps, user: KeyedUser): Promise<KeySet> {
  const device = newKeySet(crypto.randomUUID());
  user.devices.push(device);
  user.version++;
  await publish(deps, user, false);
  return device;
}

/** Starting over with a new identity and device (keys lost): the server tells the person's conversations. */
export async function resetKeys(deps: MessageDeps, user: KeyedUser): Promise<void> {
  user.identity = newKeySet(crypto.randomUUID());
  user.devices = [newKeySet(crypto.randomUUID())];
  user.version = 1;
  await publish(deps, user, true);
}

export async function sealFor(
  deps: MessageDeps,
  sender: KeyedUser,
  conversationId: string,
  text: string,
  opts: { device?: KeySet; clientId?: string } = {},
): Promise<Envelope> {
  const page = await conversationPage(deps, sender.actor, conversationId, { limit: 1 });
  return sealMessage(
    { userId: sender.actor.userId, device: opts.device ?? sender.devices[0] },
    {
      conversationId,
      clientId: opts.clientId ?? crypto.randomUUID(),
      recipients: sealingKeys(page.recipients),
    },
    { text, attachments: [] },
  );
}

export async function send(deps: MessageDeps, sender: KeyedUser, conversationId: string, text: string) {
  const envelope = await sealFor(deps, sender, conversationId, text);
  return (await sendMessage(deps, sender.actor, envelope, meta)).message;
}

/** Opens a message with one of the reader's key sets (a device, or their identity). */
export function readWith(reader: KeySet, m: MessageView) {
  const sealedKey = m.keys?.[reader.id];
  if (!sealedKey || !m.senderDevice) throw new Error("Not sealed to this key");
  return openMessage(
    { ...m, clientId: m.clientId!, nonce: m.nonce!, body: m.body!, frankingTag: m.frankingTag!, sealedKey },
    m.senderDevice,
    reader,
  );
}

/** A JSON client of /api/v1 on a running server (`origin`), as the holder of `token`. */
export function apiOn(origin: string, token: string) {
  return async <T = any>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; data: T }> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const envelope = await res.json();
    return { status: res.status, data: envelope.success ? envelope.data : envelope.error };
  };
}

export type Api = ReturnType<typeof apiOn>;

/** Keys made and published as a browser does on first use, over the API. */
export type ApiKeyedUser = Omit<KeyedUser, "actor"> & { userId: string };

export async function publishOverApi(api: Api, userId: string): Promise<ApiKeyedUser> {
  const user: ApiKeyedUser = {
    userId,
    identity: newKeySet(crypto.randomUUID()),
    devices: [newKeySet(crypto.randomUUID())],
    version: 1,
    recoveryKey: crypto.getRandomValues(new Uint8Array(20)),
  };
  const res = await api("PUT", `/users/${userId}/public-key`, {
    identity: publicOf(user.identity),
    backup: sealIdentity(user.identity, user.recoveryKey, TEST_SCRYPT),
    deviceList: signDeviceList(user.identity, { userId, version: 1, devices: user.devices.map(publicOf) }),
  });
  if (res.status !== 200) throw new Error(`publishing keys: ${res.status} ${JSON.stringify(res.data)}`);
  return user;
}

/** Seals `text` to every key the conversation lists now and sends it over the API; the stored message. */
export async function sendOverApi(
  api: Api,
  sender: ApiKeyedUser,
  conversationId: string,
  text: string,
): Promise<MessageView> {
  const page = await api("GET", `/messages/${conversationId}?limit=1`);
  if (page.status !== 200) throw new Error(`reading the recipients: ${page.status}`);
  const envelope = sealMessage(
    { userId: sender.userId, device: sender.devices[0] },
    { conversationId, clientId: crypto.randomUUID(), recipients: sealingKeys(page.data.recipients) },
    { text, attachments: [] },
  );
  const sent = await api("POST", "/messages", envelope);
  if (sent.status !== 201) throw new Error(`sending: ${sent.status} ${JSON.stringify(sent.data)}`);
  return sent.data.message;
}
