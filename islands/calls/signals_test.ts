import assert from "node:assert/strict";
import { signDeviceList } from "../../lib/e2ee/device_list.ts";
import { newKeySet, publicOf } from "../../lib/e2ee/keys.ts";
import type { Recipient } from "../messages/api.ts";
import type { Keys } from "../messages/keystore.ts";
import type { SignalView } from "./api.ts";
import { openSignal, sealSignal, type SignalContent } from "./signals.ts";

const conversationId = crypto.randomUUID();
const callId = crypto.randomUUID();

function person(name: string): Keys & { recipient: Recipient } {
  const userId = crypto.randomUUID();
  const identity = newKeySet(crypto.randomUUID());
  const device = newKeySet(crypto.randomUUID());
  return {
    userId,
    identity,
    device,
    recipient: {
      userId,
      name,
      identity: publicOf(identity),
      deviceList: signDeviceList(identity, { userId, version: 1, devices: [publicOf(device)] }),
    },
  };
}

const dev = person("Dev");
const asha = person("Asha");
const recipients = [dev.recipient, asha.recipient];
const offer: SignalContent = { callId, type: "offer", sdp: "v=0\r\n" };

function signal(from: Keys & { recipient: Recipient }, content: SignalContent, to = asha): SignalView {
  return {
    id: 1,
    callId,
    senderId: from.userId,
    envelope: sealSignal(from, conversationId, publicOf(to.device), content),
    sentAt: "2026-12-04T10:00:00.000Z",
  };
}

const at = { conversationId, callId, keys: asha as Keys, recipients };

Deno.test("a signal is sealed to the peer's device alone and opens there, as its sender wrote it", () => {
  const s = signal(dev, offer);
  assert.deepEqual(Object.keys(s.envelope.keys), [asha.device.id]);
  assert.deepEqual(openSignal(s, at, new Set()), { ok: true, content: offer });
  // Not even the sender's own identity can read it back.
  assert.equal(openSignal(s, { ...at, keys: dev }, new Set()).ok, false);
});

Deno.test("a signal is refused unless it is this call's, from a listed device of a trusted sender, intact", () => {
  const reason = (s: SignalView, distrusted = new Set<string>(), where = at) => {
    const opened = openSignal(s, where, distrusted);
    return opened.ok ? "opened" : opened.reason;
  };
  assert.equal(reason(signal(dev, { ...offer, callId: crypto.randomUUID() })), "it belongs to another call");
  assert.equal(reason(signal(dev, offer), new Set([dev.userId])), "its sender's security code changed");
  assert.equal(
    reason(signal(dev, offer), new Set(), { ...at, conversationId: crypto.randomUUID() }),
    "it belongs to another conversation",
  );
  // A device the server made up for Dev, not on his signed list.
  const forged = { ...dev, device: newKeySet(crypto.randomUUID()) };
  assert.equal(reason(signal(forged, offer)), "its device is not on its sender's signed device list");
  // Dev's listed device id, with a body changed after signing.
  const tampered = signal(dev, offer);
  tampered.envelope = { ...tampered.envelope, body: signal(dev, offer).envelope.body };
  assert.equal(reason(tampered), "its signature does not match its device");
  // Claiming to come from someone else than the envelope's signer.
  assert.equal(
    reason({ ...signal(dev, offer), senderId: asha.userId }),
    "its sender is not the one it names",
  );
  // Sealed to another device of the reader's than this one.
  assert.equal(reason(signal(dev, offer, dev)), "it was not sealed to this device");
});
