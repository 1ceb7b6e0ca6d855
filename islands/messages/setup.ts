/**
 * Setting up this browser's keys. First use makes an identity, a device and a
 * recovery key, and publishes the public halves with the identity sealed
 * under the recovery key; a new browser either restores the identity from
 * that backup and adds itself to the device list, or starts over with new
 * keys (history stays unreadable, contacts are told). The recovery key and
 * every secret stay in the browser.
 */
import { b64 } from "../../lib/e2ee/bytes.ts";
import {
  type DeviceListDocument,
  MAX_DEVICES,
  openDeviceList,
  signDeviceList,
} from "../../lib/e2ee/device_list.ts";
import { type KeySet, newKeySet, publicOf } from "../../lib/e2ee/keys.ts";
import {
  formatRecoveryKey,
  newRecoveryKey,
  openIdentity,
  parseRecoveryKey,
  sealIdentity,
} from "../../lib/e2ee/recovery.ts";
import { ApiError, keyBackupOf, type PublicKeys, publicKeysOf, publishKeys } from "./api.ts";
import { type Keys, loadKeys, saveKeys } from "./keystore.ts";

export type KeyState =
  | { kind: "ready"; keys: Keys }
  /** No keys anywhere yet. */
  | { kind: "first-use" }
  /** Keys elsewhere, none in this browser. */
  | { kind: "new-device"; published: PublicKeys }
  /** This browser's identity was replaced in another (its owner started over there). */
  | { kind: "replaced"; published: PublicKeys };

/** A refusal to show the person as it is. */
export class SetupError extends Error {}

function listOf(published: PublicKeys): DeviceListDocument {
  const opened = openDeviceList(published.deviceList);
  if (!opened.ok) throw new SetupError(`Your published device list does not verify: ${opened.reason}`);
  if (opened.doc.identity.id !== published.identity.id) {
    throw new SetupError("Your published device list belongs to other keys");
  }
  return opened.doc;
}

/** Adds `device` to the newest list (the oldest device leaves when it is full), signed by `identity`. */
async function addDevice(userId: string, identity: KeySet, device: KeySet): Promise<void> {
  for (let attempt = 0;; attempt++) {
    const published = await publicKeysOf(userId);
    if (!published || published.identity.id !== identity.id) {
      throw new SetupError("Your keys changed in another browser meanwhile: start again");
    }
    const doc = listOf(published);
    const devices = [...doc.devices.filter((d) => d.id !== device.id), publicOf(device)].slice(-MAX_DEVICES);
    try {
      await publishKeys(userId, {
        identity: publicOf(identity),
        deviceList: signDeviceList(identity, { userId, version: doc.version + 1, devices }),
      });
      return;
    } catch (err) {
      // Another browser of theirs added itself first: add this one to that newer list.
      if (!(err instanceof ApiError && err.status === 409 && attempt < 2)) throw err;
    }
  }
}

export async function keyState(userId: string): Promise<KeyState> {
  // A store that no longer opens (its wrapping key gone) is as good as none.
  const local = await loadKeys(userId).catch(() => null);
  const published = await publicKeysOf(userId);
  if (!published) return { kind: "first-use" };
  if (!local) return { kind: "new-device", published };
  if (local.identity.id !== published.identity.id) return { kind: "replaced", published };
  // Listed no longer (another browser's list left it off when full): this one signs itself back on.
  if (!listOf(published).devices.some((d) => d.id === local.device.id)) {
    await addDevice(userId, local.identity, local.device);
  }
  return { kind: "ready", keys: local };
}

export interface NewKeys {
  /** "7KQ2-M9X4-…", shown once for writing down. */
  recoveryKey: string;
  /** Seals the backup (about a second on a phone), publishes, and stores the keys here. */
  publish(): Promise<Keys>;
}

/** New keys: on first use, or to start over (`previous` is what is published now). */
export function newKeys(userId: string, previous: PublicKeys | null): NewKeys {
  const identity = newKeySet(crypto.randomUUID());
  const device = newKeySet(crypto.randomUUID());
  const recovery = newRecoveryKey();
  const version = previous ? listOf(previous).version + 1 : 1;
  return {
    recoveryKey: formatRecoveryKey(recovery),
    async publish() {
      await publishKeys(userId, {
        identity: publicOf(identity),
        backup: sealIdentity(identity, recovery),
        deviceList: signDeviceList(identity, { userId, version, devices: [publicOf(device)] }),
      });
      const keys = { userId, identity, device };
      await saveKeys(keys);
      return keys;
    },
  };
}

/** The identity back from its backup with the typed recovery key, and this browser added as a device. */
export async function restoreKeys(userId: string, typed: string): Promise<Keys> {
  const recovery = parseRecoveryKey(typed);
  if (!recovery) throw new SetupError("A recovery key is 32 letters and digits, as you wrote it down");
  const { identity: published, backup } = await keyBackupOf(userId);
  const identity = openIdentity(backup, recovery);
  if (!identity) throw new SetupError("That recovery key does not open your backup. Check it and try again");
  if (identity.id !== published.id || b64(identity.signPublic) !== published.signKey) {
    throw new SetupError("Your backup holds other keys than the ones published");
  }
  const device = newKeySet(crypto.randomUUID());
  await addDevice(userId, identity, device);
  const keys = { userId, identity, device };
  await saveKeys(keys);
  return keys;
}
