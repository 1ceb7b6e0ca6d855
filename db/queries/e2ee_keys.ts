/**
 * Public keys: each person's current identity (and the ones it superseded),
 * the device list that identity signed, and every device ever listed. Secret
 * keys never reach these tables; the backup is sealed in the browser.
 */
import type { Insertable, Kysely } from "kysely";
import type { Database, E2eeIdentitiesTable } from "../schema.ts";

export function currentIdentity(db: Kysely<Database>, userId: string) {
  return db.selectFrom("e2ee_identities").selectAll().where("user_id", "=", userId)
    .where("superseded_at", "is", null).executeTakeFirst();
}

/** Locks the person's current identity row, so two devices publishing at once queue. */
export function lockCurrentIdentity(db: Kysely<Database>, userId: string) {
  return db.selectFrom("e2ee_identities").selectAll().where("user_id", "=", userId)
    .where("superseded_at", "is", null).forUpdate().executeTakeFirst();
}

export async function insertIdentity(
  db: Kysely<Database>,
  row: Insertable<E2eeIdentitiesTable>,
): Promise<void> {
  await db.insertInto("e2ee_identities").values(row).execute();
}

export async function supersedeIdentity(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db.updateTable("e2ee_identities").set({ superseded_at: at }).where("id", "=", id).execute();
}

export function identityIdTaken(db: Kysely<Database>, id: string) {
  return db.selectFrom("e2ee_identities").select("user_id").where("id", "=", id).executeTakeFirst();
}

export function deviceListOf(db: Kysely<Database>, userId: string) {
  return db.selectFrom("e2ee_device_lists").selectAll().where("user_id", "=", userId).executeTakeFirst();
}

export async function saveDeviceList(
  db: Kysely<Database>,
  row: { user_id: string; identity_id: string; version: number; document: string; signature: string },
): Promise<void> {
  await db.insertInto("e2ee_device_lists").values(row)
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet({
        identity_id: row.identity_id,
        version: row.version,
        document: row.document,
        signature: row.signature,
        updated_at: new Date(),
      })
    ).execute();
}

/** Devices with these ids that belong to someone else, or to another identity of this person. */
export function devicesClaimedElsewhere(
  db: Kysely<Database>,
  ids: string[],
  owner: { userId: string; identityId: string },
) {
  return db.selectFrom("e2ee_devices").select("id").where("id", "in", ids)
    .where((eb) => eb.or([eb("user_id", "!=", owner.userId), eb("identity_id", "!=", owner.identityId)]))
    .execute();
}

/** Makes the listed devices the person's current ones: new ones added, unlisted ones retired. */
export async function replaceCurrentDevices(
  db: Kysely<Database>,
  owner: { userId: string; identityId: string },
  devices: { id: string; signKey: string; boxKey: string }[],
  at: Date,
): Promise<void> {
  await db.insertInto("e2ee_devices").values(devices.map((d) => ({
    id: d.id,
    user_id: owner.userId,
    identity_id: owner.identityId,
    sign_key: d.signKey,
    box_key: d.boxKey,
    created_at: at,
  }))).onConflict((oc) => oc.column("id").doUpdateSet({ retired_at: null })).execute();
  await db.updateTable("e2ee_devices").set({ retired_at: at })
    .where("user_id", "=", owner.userId).where("retired_at", "is", null)
    .where("id", "not in", devices.map((d) => d.id)).execute();
}

export function deviceOf(db: Kysely<Database>, id: string) {
  return db.selectFrom("e2ee_devices").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The current devices of these people, with the keys that check their signatures. */
export function currentDevicesOf(db: Kysely<Database>, userIds: readonly string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("e2ee_devices").select(["id", "user_id", "sign_key"])
    .where("user_id", "in", [...userIds]).where("retired_at", "is", null).execute();
}

/** Every key a message to these people must be sealed to: their current devices and identities. */
export async function currentRecipientKeys(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<{ id: string; user_id: string }[]> {
  if (userIds.length === 0) return [];
  return await db.selectFrom("e2ee_devices").select(["id", "user_id"])
    .where("user_id", "in", [...userIds]).where("retired_at", "is", null)
    .unionAll(
      db.selectFrom("e2ee_identities").select(["id", "user_id"])
        .where("user_id", "in", [...userIds]).where("superseded_at", "is", null),
    ).execute();
}

/** The current identity and signed device list of each of these people who has keys. */
export function publicKeysOf(db: Kysely<Database>, userIds: readonly string[]) {
  return db.selectFrom("e2ee_identities as i")
    .innerJoin("e2ee_device_lists as l", "l.user_id", "i.user_id")
    .select(["i.user_id", "i.id", "i.sign_key", "i.box_key", "l.document", "l.signature"])
    .where("i.user_id", "in", userIds.length > 0 ? [...userIds] : ["00000000-0000-0000-0000-000000000000"])
    .where("i.superseded_at", "is", null)
    .execute();
}

/** The devices these messages were sent from, retired or not (history still verifies). */
export function devicesByIds(db: Kysely<Database>, ids: readonly string[]) {
  return db.selectFrom("e2ee_devices").select(["id", "sign_key", "box_key"])
    .where("id", "in", ids.length > 0 ? [...ids] : ["00000000-0000-0000-0000-000000000000"])
    .execute();
}
