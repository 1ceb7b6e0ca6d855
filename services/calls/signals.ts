/**
 * A call's signals: offers, answers and network candidates (and a LiveKit
 * call's media key), sealed end to end by the sending device to the devices
 * they are for, exactly as messages are (lib/e2ee/envelope.ts). Sealed and
 * signed, the server can neither read where someone is calling from nor put
 * its own DTLS fingerprint in an offer: the receiving browser checks the
 * signature against the sender's identity-signed device list. The server
 * checks what it can without reading them, relays them to those devices'
 * live connections, keeps them for a device that reconnects, and deletes
 * them when the call ends.
 */
import { z } from "zod";
import { currentDevicesOf } from "../../db/queries/e2ee_keys.ts";
import {
  callSignalByClientId,
  callSignalsForDevice,
  countCallSignals,
  insertCallSignal,
  lockCall,
} from "../../db/queries/calls.ts";
import type { Actor } from "../../domain/access.ts";
import { CALL_LIMITS } from "../../domain/calls.ts";
import { Conflict, ValidationError } from "../../domain/errors.ts";
import { verifyEnvelopeAsync } from "../../lib/e2ee/envelope.ts";
import { envelopeFields } from "../messages/send.ts";
import { parseInput } from "../validation.ts";
import type { CallDeps } from "./deps.ts";
import { publishCallSignal, type SignalView, signalView } from "./live.ts";
import { loadCallFor, requireOwnDevice } from "./p2p.ts";

export const SendSignalInput = z.object(envelopeFields(CALL_LIMITS.signalBodyChars)).strict();

export const SignalsQuery = z.object({
  device: z.uuid({ error: "Not a device id" }),
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
});

/** Signals one catch-up returns; a call carries a few dozen. */
const SIGNALS_PER_PAGE = 200;

export async function sendCallSignal(
  deps: CallDeps,
  actor: Actor | null,
  callId: string,
  input: unknown,
): Promise<{ signal: SignalView; created: boolean }> {
  const { call, conversation } = await loadCallFor(deps.db, actor, callId);
  const envelope = parseInput(SendSignalInput, input);
  const userId = conversation.actor.userId;
  if (envelope.conversationId !== call.conversation_id) {
    throw new ValidationError("A call's signals are sealed for its conversation", [
      { field: "conversationId", message: "Not this call's conversation" },
    ]);
  }
  if (envelope.senderId !== userId) {
    throw new ValidationError("Signals are sent in your own name", [{
      field: "senderId",
      message: "Not you",
    }]);
  }
  const earlier = await callSignalByClientId(deps.db, call.id, userId, envelope.clientId);
  if (earlier) return { signal: signalView(earlier), created: false };
  if (call.status !== "live") throw new Conflict("The call has ended");

  await requireOwnDevice(deps.db, userId, envelope.senderDeviceId);
  const devices = await currentDevicesOf(deps.db, conversation.participantIds);
  const sender = devices.find((d) => d.id === envelope.senderDeviceId)!;
  if (!await verifyEnvelopeAsync(envelope, sender.sign_key)) {
    throw new ValidationError("The signal's signature does not verify", [
      { field: "signature", message: "Not signed by this device" },
    ]);
  }
  const deviceIds = Object.keys(envelope.keys);
  const current = new Set(devices.map((d) => d.id));
  if (deviceIds.length === 0 || deviceIds.some((id) => !current.has(id))) {
    throw new Conflict("A call's signal is sealed to current devices of its people only", [{
      field: "keys",
      message: deviceIds.length === 0
        ? "Seal it to the device it is for"
        : "Seal it again to current devices",
    }]);
  }

  return await deps.db.transaction().execute(async (trx) => {
    const locked = await lockCall(trx, call.id);
    if (!locked || locked.status !== "live") throw new Conflict("The call has ended");
    const resent = await callSignalByClientId(trx, call.id, userId, envelope.clientId);
    if (resent) return { signal: signalView(resent), created: false };
    if (await countCallSignals(trx, call.id) >= CALL_LIMITS.signalsPerCall) {
      throw new Conflict("This call has carried as many signals as a call may: start a new call");
    }
    const row = await insertCallSignal(trx, {
      callId: call.id,
      senderId: userId,
      clientId: envelope.clientId,
      envelope,
      deviceIds,
      at: deps.now(),
    });
    await publishCallSignal(trx, row, call.conversation_id);
    return { signal: signalView(row), created: true };
  });
}

/** The call's signals for one of the person's devices, after the last it has (a reconnect's catch-up). */
export async function callSignalsFor(
  deps: CallDeps,
  actor: Actor | null,
  callId: string,
  query: unknown,
): Promise<SignalView[]> {
  const { call, conversation } = await loadCallFor(deps.db, actor, callId);
  const { device, after } = parseInput(SignalsQuery, query);
  await requireOwnDevice(deps.db, conversation.actor.userId, device);
  const rows = await callSignalsForDevice(deps.db, call.id, device, after, SIGNALS_PER_PAGE);
  return rows.map(signalView);
}
