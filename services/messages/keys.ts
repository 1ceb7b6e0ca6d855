/**
 * Publishing and reading public keys. A person publishes their identity (with
 * its backup, sealed in the browser under their recovery key) and the device
 * list it signed; adding a device is a newer list under the same identity;
 * a new identity supersedes the old and tells every conversation of theirs
 * that their keys changed. Anyone signed in may read someone's public keys;
 * only the person reads their own backup.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { withAuditContext } from "../../db/audit.ts";
import {
  currentIdentity,
  deviceListOf,
  devicesClaimedElsewhere,
  identityIdTaken,
  insertIdentity,
  lockCurrentIdentity,
  replaceCurrentDevices,
  saveDeviceList,
  supersedeIdentity,
} from "../../db/queries/e2ee_keys.ts";
import { insertKeyChangedNotices } from "../../db/queries/messages.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { Conflict, NotFound, ValidationError } from "../../domain/errors.ts";
import { openDeviceList } from "../../lib/e2ee/device_list.ts";
import type { IdentityBackup } from "../../lib/e2ee/recovery.ts";
import type { RequestMeta } from "../deps.ts";
import { parseInput, requireId } from "../validation.ts";
import type { MessageDeps } from "./deps.ts";
import { publishLive } from "./live_signal.ts";

const key = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Expected a 32-byte key in base64url");
const b64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9_-]*$/, "Expected base64url");

export const PublicKeySetInput = z.object({ id: z.uuid(), signKey: key, boxKey: key });

export const IdentityBackupInput = z.object({
  v: z.literal(1),
  kdf: z.literal("scrypt"),
  // Bounded both ways: a weaker backup protects less, a heavier one could not be opened on a phone.
  n: z.number().int().min(2 ** 14).max(2 ** 20),
  r: z.number().int().min(8).max(16),
  p: z.number().int().min(1).max(4),
  salt: b64(64).min(22),
  nonce: b64(32).length(32),
  sealed: b64(2_000).min(100),
});

export const PublishKeysInput = z.object({
  identity: PublicKeySetInput,
  backup: IdentityBackupInput.optional(),
  deviceList: z.object({ document: z.string().max(20_000), signature: b64(100).length(86) }),
});

export interface PublicKeys {
  userId: string;
  identity: { id: string; signKey: string; boxKey: string };
  deviceList: { document: string; signature: string };
}

export interface Published {
  identityId: string;
  version: number;
  identityChanged: boolean;
}

export async function publishKeys(
  deps: MessageDeps,
  actor: Actor | null,
  userId: string,
  input: unknown,
  meta: RequestMeta,
): Promise<Published> {
  const a = requireActor(actor);
  if (requireId(userId, "User") !== a.userId) throw new NotFound("User not found");
  const parsed = parseInput(PublishKeysInput, input);
  const opened = openDeviceList(parsed.deviceList);
  if (!opened.ok) throw new ValidationError(opened.reason, [{ field: "deviceList", message: opened.reason }]);
  const doc = opened.doc;
  if (doc.userId !== a.userId) throw invalidList("The device list names someone else");
  if (doc.identity.id !== parsed.identity.id || doc.identity.signKey !== parsed.identity.signKey) {
    throw invalidList("The device list was not signed by this identity");
  }
  if (doc.identity.boxKey !== parsed.identity.boxKey) {
    throw invalidList("The device list names another box key");
  }

  return await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const at = deps.now();
    const current = await lockCurrentIdentity(trx, a.userId);
    const sameIdentity = current?.id === parsed.identity.id;
    if (
      current && sameIdentity &&
      (current.sign_key !== parsed.identity.signKey || current.box_key !== parsed.identity.boxKey)
    ) {
      throw new Conflict("This identity id is already published with other keys");
    }
    if (!sameIdentity) {
      if (!parsed.backup) {
        throw new ValidationError("A new identity needs its backup", [{
          field: "backup",
          message: "Required",
        }]);
      }
      if (await identityIdTaken(trx, parsed.identity.id)) throw new Conflict("This identity id is taken");
      if (current) await supersedeIdentity(trx, current.id, at);
      await insertIdentity(trx, {
        id: parsed.identity.id,
        user_id: a.userId,
        sign_key: parsed.identity.signKey,
        box_key: parsed.identity.boxKey,
        backup: JSON.stringify(parsed.backup satisfies IdentityBackup),
        created_at: at,
      });
    } else {
      const list = await deviceListOf(trx, a.userId);
      if (list && doc.version <= list.version) {
        if (doc.version === list.version && parsed.deviceList.document === list.document) {
          return { identityId: current.id, version: list.version, identityChanged: false };
        }
        throw new Conflict(`The device list must be newer than version ${list.version}`, [
          { field: "deviceList", message: "Fetch your keys again and add this device to the newest list" },
        ]);
      }
    }
    const owner = { userId: a.userId, identityId: parsed.identity.id };
    const ids = doc.devices.map((d) => d.id);
    if ((await devicesClaimedElsewhere(trx, ids, owner)).length > 0) {
      throw invalidList("A listed device belongs to another identity");
    }
    await replaceCurrentDevices(trx, owner, doc.devices, at);
    await saveDeviceList(trx, {
      user_id: a.userId,
      identity_id: parsed.identity.id,
      version: doc.version,
      document: parsed.deviceList.document,
      signature: parsed.deviceList.signature,
    });
    if (current && !sameIdentity) {
      for (const notice of await insertKeyChangedNotices(trx, a.userId, at)) {
        await publishLive(trx, { c: notice.conversation_id, s: notice.seq });
      }
    }
    return {
      identityId: parsed.identity.id,
      version: doc.version,
      identityChanged: current !== undefined && !sameIdentity,
    };
  });
}

function invalidList(message: string): ValidationError {
  return new ValidationError(message, [{ field: "deviceList", message }]);
}

/** Someone's current public keys; NotFound until they have set up private messages. */
export async function publicKeysOfUser(
  db: Kysely<Database>,
  actor: Actor | null,
  userId: string,
): Promise<PublicKeys> {
  requireActor(actor);
  const id = requireId(userId, "User");
  const [identity, list] = await Promise.all([currentIdentity(db, id), deviceListOf(db, id)]);
  if (!identity || !list) throw new NotFound("This person has not set up private messages yet");
  return {
    userId: id,
    identity: { id: identity.id, signKey: identity.sign_key, boxKey: identity.box_key },
    deviceList: { document: list.document, signature: list.signature },
  };
}

/** The person's own sealed backup, to restore their identity on a new device. */
export async function keyBackupOf(
  db: Kysely<Database>,
  actor: Actor | null,
  userId: string,
): Promise<{ identity: PublicKeys["identity"]; backup: IdentityBackup }> {
  const a = requireActor(actor);
  if (requireId(userId, "User") !== a.userId) throw new NotFound("User not found");
  const identity = await currentIdentity(db, a.userId);
  if (!identity) throw new NotFound("You have not set up private messages yet");
  return {
    identity: { id: identity.id, signKey: identity.sign_key, boxKey: identity.box_key },
    backup: identity.backup as unknown as IdentityBackup,
  };
}
