/**
 * A person's device list, signed by their identity key. Contacts seal each
 * message to every device listed, so the server cannot slip in a device of
 * its own without the identity's signature; a device left off the list gets
 * nothing new (its keys stay known, so what it sent before still verifies).
 */
import nacl from "tweetnacl";
import { b64, mustUnb64, unb64, utf8 } from "./bytes.ts";
import { KEY_BYTES, type KeySet, type PublicKeySet } from "./keys.ts";

export interface DeviceListDocument {
  v: 1;
  userId: string;
  identity: PublicKeySet;
  /** Goes up by one with every change; the server refuses anything not newer. */
  version: number;
  devices: PublicKeySet[];
}

export interface SignedDeviceList {
  /** The document exactly as signed (JSON); the server stores these bytes, never a re-serialization. */
  document: string;
  signature: string;
}

export function signDeviceList(
  identity: KeySet,
  doc: Omit<DeviceListDocument, "v" | "identity">,
): SignedDeviceList {
  const full: DeviceListDocument = {
    v: 1,
    userId: doc.userId,
    identity: { id: identity.id, boxKey: b64(identity.boxPublic), signKey: b64(identity.signPublic) },
    version: doc.version,
    devices: doc.devices.map((d) => ({ id: d.id, boxKey: d.boxKey, signKey: d.signKey })),
  };
  const document = JSON.stringify(full);
  return { document, signature: b64(nacl.sign.detached(utf8(document), identity.signSecret)) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const MAX_DEVICES = 20;

function isKeySet(value: unknown): value is PublicKeySet {
  const k = value as PublicKeySet;
  return typeof k === "object" && k !== null && typeof k.id === "string" && UUID.test(k.id) &&
    typeof k.boxKey === "string" && unb64(k.boxKey, KEY_BYTES) !== null &&
    typeof k.signKey === "string" && unb64(k.signKey, KEY_BYTES) !== null;
}

/** Why a signed list is refused, or null with the parsed document when its own identity signed it. */
export function openDeviceList(
  signed: SignedDeviceList,
): { ok: true; doc: DeviceListDocument } | { ok: false; reason: string } {
  let doc: DeviceListDocument;
  try {
    doc = JSON.parse(signed.document);
  } catch {
    return { ok: false, reason: "The device list is not JSON" };
  }
  if (
    typeof doc !== "object" || doc === null || doc.v !== 1 || typeof doc.userId !== "string" ||
    !isKeySet(doc.identity) || !Number.isSafeInteger(doc.version) || doc.version < 1 ||
    !Array.isArray(doc.devices) || doc.devices.length === 0 || doc.devices.length > MAX_DEVICES ||
    !doc.devices.every(isKeySet) || new Set(doc.devices.map((d) => d.id)).size !== doc.devices.length
  ) {
    return { ok: false, reason: "The device list is not in the expected form" };
  }
  const signature = unb64(signed.signature, nacl.sign.signatureLength);
  if (
    !signature ||
    !nacl.sign.detached.verify(utf8(signed.document), signature, mustUnb64(doc.identity.signKey))
  ) {
    return { ok: false, reason: "The device list's signature does not match its identity key" };
  }
  return { ok: true, doc };
}

/** A participant as the server lists them for a sender: their identity and the device list it signed. */
export interface ListedRecipient {
  userId: string;
  identity: PublicKeySet | null;
  deviceList: SignedDeviceList | null;
}

/**
 * Every key a message to these people is sealed to: each identity and every
 * device its own signed list names. A list that does not verify, names
 * someone else, or was signed by another identity than the one listed is
 * refused outright rather than skipped: sealing to a key the server made up
 * is exactly what the signature is there to prevent. People without keys
 * yet are left out (they cannot read what is sent before they set up).
 */
export function sealingKeys(recipients: readonly ListedRecipient[]): PublicKeySet[] {
  return recipients.flatMap((r) => {
    if (!r.identity || !r.deviceList) return [];
    const opened = openDeviceList(r.deviceList);
    if (!opened.ok) throw new Error(`${r.userId}: ${opened.reason}`);
    const doc = opened.doc;
    if (
      doc.userId !== r.userId || doc.identity.signKey !== r.identity.signKey ||
      doc.identity.id !== r.identity.id
    ) {
      throw new Error(`${r.userId}: the device list was not signed by their identity`);
    }
    return [doc.identity, ...doc.devices];
  });
}
