/**
 * A person's push notifications: turning them on for a browser (its
 * subscription, bound to the session that turned it on), off again, and
 * which types they hear of on every device. Only the signed-in person sees
 * or changes their own; another's subscription is "not found".
 */
import { z } from "zod";
import { recordAudit, withAuditContext } from "../../db/audit.ts";
import { mutedPushTypes, setMutedPushTypes } from "../../db/queries/push_preferences.ts";
import {
  countPushSubscriptionsOf,
  deleteOwnPushSubscription,
  pushSubscriptionsOf,
  upsertPushSubscription,
} from "../../db/queries/push_subscriptions.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { Conflict, NotFound, ServiceUnavailable, ValidationError } from "../../domain/errors.ts";
import {
  mutedOf,
  preferencesFromMuted,
  PUSH_TYPES,
  type PushPreferences,
  type PushType,
} from "../../domain/push_types.ts";
import { decodeBase64url } from "../../lib/base64url.ts";
import type { RequestMeta, ServiceDeps } from "../deps.ts";
import { nulFree, parseInput, requireId } from "../validation.ts";
import { PUSH_OFF, type PushDeps } from "./deps.ts";
import { deviceLabel } from "./device_label.ts";
import { ENDPOINT_MAX_CHARS, endpointProblem } from "./endpoint.ts";

/** A person rarely has more browsers than this; past it, a forgotten one should be turned off first. */
export const MAX_SUBSCRIPTIONS_PER_PERSON = 20;

// Browsers give unpadded base64url; padding is tolerated and dropped.
const base64url = (bytes: number, what: string) =>
  z.string().max(200).transform((s) => s.replace(/=+$/, "")).refine(
    (s) => decodeBase64url(s)?.length === bytes,
    `Not ${what} (${bytes} bytes, base64url)`,
  );

const EndpointField = nulFree(z.string().max(ENDPOINT_MAX_CHARS, `At most ${ENDPOINT_MAX_CHARS} characters`));

/** What `PushSubscription.toJSON()` gives a page; `expirationTime` is accepted and not kept. */
export const SubscribeInput = z.object({
  endpoint: EndpointField,
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: base64url(65, "a P-256 public key"),
    auth: base64url(16, "an auth secret"),
  }).strict(),
}).strict();

export const UnsubscribeInput = z.object({ endpoint: EndpointField }).strict();

export const PreferencesInput = z.object(
  Object.fromEntries(PUSH_TYPES.map((t) => [t, z.boolean()])) as Record<PushType, z.ZodBoolean>,
).strict();

export interface PushDeviceView {
  id: string;
  label: string;
  createdAt: string;
  lastSuccessAt: string | null;
  /** Failed attempts since the last success. */
  failureCount: number;
}

/** What /account shows: whether push works here, the person's devices and their choices. */
export interface PushSettings {
  /** Null: push is off on this server. */
  publicKey: string | null;
  devices: PushDeviceView[];
  preferences: PushPreferences;
}

function requirePush(deps: ServiceDeps): PushDeps {
  if (!deps.push) throw new ServiceUnavailable(PUSH_OFF);
  return deps.push;
}

/** Turns push on for the browser that sent `input`, for the signed-in person and session. */
export async function subscribeToPush(
  deps: ServiceDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<{ device: PushDeviceView; created: boolean }> {
  const a = requireActor(actor);
  const push = requirePush(deps);
  const { endpoint, keys } = parseInput(SubscribeInput, input);
  const problem = endpointProblem(endpoint, push.allowLoopback);
  if (problem) {
    throw new ValidationError("This push endpoint is not accepted", [{
      field: "endpoint",
      message: problem,
    }]);
  }
  if (!await isP256Point(decodeBase64url(keys.p256dh)!)) {
    throw new ValidationError("Invalid input data", [{
      field: "keys.p256dh",
      message: "Not a P-256 public key",
    }]);
  }
  return await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    const before = await pushSubscriptionsOf(trx, a.userId);
    const { id } = await upsertPushSubscription(trx, {
      userId: a.userId,
      sessionId: a.sessionId,
      endpoint,
      p256dh: keys.p256dh,
      auth: keys.auth,
      label: deviceLabel(meta.userAgent),
    });
    // New to this person: a new row, or a browser that was someone else's (they signed out, this one in).
    const created = !before.some((s) => s.id === id);
    if (created && await countPushSubscriptionsOf(trx, a.userId) > MAX_SUBSCRIPTIONS_PER_PERSON) {
      throw new Conflict(
        `Notifications are on for ${MAX_SUBSCRIPTIONS_PER_PERSON} browsers already: turn one off on your account page first`,
      );
    }
    const row = (await pushSubscriptionsOf(trx, a.userId)).find((s) => s.id === id)!;
    return { device: deviceView(row), created };
  });
}

/** Turns push off for the browser whose endpoint is given (the browser knows it; nobody else should). */
export async function unsubscribeFromPush(
  deps: ServiceDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<void> {
  const a = requireActor(actor);
  const { endpoint } = parseInput(UnsubscribeInput, input);
  await removeOwn(deps, a, { endpoint }, meta);
}

/** Turns push off for one of the person's devices, by its id as /account lists it. */
export async function removePushDevice(
  deps: ServiceDeps,
  actor: Actor | null,
  deviceId: string,
  meta: RequestMeta,
): Promise<void> {
  const a = requireActor(actor);
  await removeOwn(deps, a, { id: requireId(deviceId, "Device") }, meta);
}

async function removeOwn(
  deps: ServiceDeps,
  a: Actor,
  which: { endpoint: string } | { id: string },
  meta: RequestMeta,
): Promise<void> {
  const removed = await deps.db.transaction().execute(async (trx) => {
    await withAuditContext(trx, { ...meta, actorId: a.userId });
    return await deleteOwnPushSubscription(trx, a.userId, which);
  });
  if (!removed) throw new NotFound("Device not found");
}

export async function pushPreferences(deps: ServiceDeps, actor: Actor | null): Promise<PushPreferences> {
  const a = requireActor(actor);
  return preferencesFromMuted(await mutedPushTypes(deps.db, a.userId));
}

/** Replaces which types the person hears of (every type named, each on or off). */
export async function setPushPreferences(
  deps: ServiceDeps,
  actor: Actor | null,
  input: unknown,
  meta: RequestMeta,
): Promise<PushPreferences> {
  const a = requireActor(actor);
  const preferences = parseInput(PreferencesInput, input) as PushPreferences;
  const muted = mutedOf(preferences);
  await deps.db.transaction().execute(async (trx) => {
    await setMutedPushTypes(trx, a.userId, muted, deps.now());
    await recordAudit(trx, {
      ...meta,
      actorId: a.userId,
      action: "push.preferences_changed",
      entityType: "user",
      entityId: a.userId,
      diff: { muted },
    });
  });
  return preferences;
}

export async function pushSettings(deps: ServiceDeps, actor: Actor | null): Promise<PushSettings> {
  const a = requireActor(actor);
  const [devices, muted] = await Promise.all([
    pushSubscriptionsOf(deps.db, a.userId),
    mutedPushTypes(deps.db, a.userId),
  ]);
  return {
    publicKey: deps.push?.publicKey ?? null,
    devices: devices.map(deviceView),
    preferences: preferencesFromMuted(muted),
  };
}

function deviceView(row: {
  id: string;
  label: string;
  created_at: Date;
  last_success_at: Date | null;
  failure_count: number;
}): PushDeviceView {
  return {
    id: row.id,
    label: row.label,
    createdAt: new Date(row.created_at).toISOString(),
    lastSuccessAt: row.last_success_at ? new Date(row.last_success_at).toISOString() : null,
    failureCount: row.failure_count,
  };
}

/**
 * The browser's key must be a point on P-256, or nothing encrypted to it could ever be read. Importing
 * a raw key does not check that here; agreeing on a secret with it does.
 */
async function isP256Point(raw: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const curve = { name: "ECDH", namedCurve: "P-256" };
  try {
    const theirs = await crypto.subtle.importKey("raw", raw, curve, false, []);
    const ours = await crypto.subtle.generateKey(curve, false, ["deriveBits"]) as CryptoKeyPair;
    await crypto.subtle.deriveBits({ name: "ECDH", public: theirs }, ours.privateKey, 256);
    return true;
  } catch {
    return false;
  }
}
