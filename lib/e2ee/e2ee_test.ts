import assert from "node:assert/strict";
import { b64 } from "./bytes.ts";
import { openDeviceList, sealingKeys, signDeviceList } from "./device_list.ts";
import {
  openMessage,
  sealMessage,
  UnreadableMessage,
  verifyEnvelope,
  verifyEnvelopeAsync,
} from "./envelope.ts";
import { countersign, disclosureProblem } from "./franking.ts";
import { newKeySet, publicOf } from "./keys.ts";
import {
  formatRecoveryKey,
  newRecoveryKey,
  openIdentity,
  parseRecoveryKey,
  sealIdentity,
} from "./recovery.ts";
import { securityCode } from "./security_code.ts";

const ids = { conv: "7d3f4c1e-0000-4000-8000-000000000001", client: "7d3f4c1e-0000-4000-8000-000000000002" };
const asha = { userId: "a0000000-0000-4000-8000-00000000000a", device: newKeySet(crypto.randomUUID()) };
const chitraDevice = newKeySet(crypto.randomUUID());
const chitraIdentity = newKeySet(crypto.randomUUID());

function sealed(text = "Soundcheck at 5?") {
  return sealMessage(asha, {
    conversationId: ids.conv,
    clientId: ids.client,
    recipients: [publicOf(chitraDevice), publicOf(chitraIdentity), publicOf(asha.device)],
  }, { text, attachments: [] });
}

Deno.test("a sealed message opens on each recipient key and nowhere else", () => {
  const e = sealed();
  assert(verifyEnvelope(e, b64(asha.device.signPublic)));
  for (const reader of [chitraDevice, chitraIdentity, asha.device]) {
    const opened = openMessage(
      { ...e, sealedKey: e.keys[reader.id] },
      { boxKey: b64(asha.device.boxPublic) },
      reader,
    );
    assert.deepEqual(opened.content.text, "Soundcheck at 5?");
  }
  const stranger = newKeySet(crypto.randomUUID());
  assert.throws(
    () =>
      openMessage(
        { ...e, sealedKey: e.keys[chitraDevice.id] },
        { boxKey: b64(asha.device.boxPublic) },
        stranger,
      ),
    UnreadableMessage,
  );
});

Deno.test("changing any signed field breaks the signature, whichever Ed25519 checks it", async () => {
  const e = sealed();
  assert.equal(await verifyEnvelopeAsync(e, b64(asha.device.signPublic)), true);
  for (const field of ["conversationId", "clientId", "senderId", "nonce", "body", "frankingTag"] as const) {
    const changed = { ...e, [field]: e[field].replace(/^./, (c) => c === "A" ? "B" : "A") };
    assert.equal(await verifyEnvelopeAsync(changed, b64(asha.device.signPublic)), false);
    assert(!verifyEnvelope(changed, b64(asha.device.signPublic)));
  }
  const { [chitraIdentity.id]: _, ...fewerKeys } = e.keys;
  assert(!verifyEnvelope({ ...e, keys: fewerKeys }, b64(asha.device.signPublic)));
});

Deno.test("a disclosure verifies only with the committed content, its key and its own conversation", () => {
  const serverKey = crypto.getRandomValues(new Uint8Array(32));
  const e = sealed("Fee is ₹1,50,000 all in");
  const opened = openMessage({ ...e, sealedKey: e.keys[chitraDevice.id] }, {
    boxKey: b64(asha.device.boxPublic),
  }, chitraDevice);
  const stored = {
    messageId: crypto.randomUUID(),
    conversationId: e.conversationId,
    clientId: e.clientId,
    senderId: e.senderId,
    recipientIds: ["c0000000-0000-4000-8000-00000000000c"],
    frankingTag: e.frankingTag,
    sentAt: new Date("2026-12-04T10:00:00Z"),
    serverTag: "",
  };
  stored.serverTag = countersign(serverKey, stored);
  const genuine = { content: opened.contentText, frankingKey: opened.frankingKey };
  assert.deepEqual(disclosureProblem(serverKey, stored, genuine), null);
  const edited = { ...genuine, content: genuine.content.replace("1,50,000", "2,50,000") };
  assert(disclosureProblem(serverKey, stored, edited));
  assert(disclosureProblem(serverKey, stored, { ...genuine, frankingKey: b64(new Uint8Array(32)) }));
  assert(disclosureProblem(serverKey, { ...stored, conversationId: crypto.randomUUID() }, genuine));
});

Deno.test("a device list verifies under its identity and not once edited", () => {
  const identity = newKeySet(crypto.randomUUID());
  const signed = signDeviceList(identity, {
    userId: asha.userId,
    version: 1,
    devices: [publicOf(asha.device)],
  });
  const opened = openDeviceList(signed);
  assert(opened.ok);
  const swapped = signed.document.replace(publicOf(asha.device).boxKey, publicOf(chitraDevice).boxKey);
  assert.deepEqual(openDeviceList({ ...signed, document: swapped }).ok, false);
});

Deno.test("an identity restores from its backup with the written-down key only", () => {
  const identity = newKeySet(crypto.randomUUID());
  const key = newRecoveryKey();
  const written = formatRecoveryKey(key);
  assert.deepEqual(written.length, 39);
  const backup = sealIdentity(identity, key, { n: 2 ** 10, r: 8, p: 1 });
  const typed = written.toLowerCase().replaceAll("-", " ").replaceAll("0", "o");
  const restored = openIdentity(backup, parseRecoveryKey(typed)!);
  assert.deepEqual(restored?.signPublic, identity.signPublic);
  assert.deepEqual(restored?.boxPublic, identity.boxPublic);
  assert.deepEqual(openIdentity(backup, newRecoveryKey()), null);
  assert.deepEqual(parseRecoveryKey("too short"), null);
});

Deno.test("both people see the same security code, and a new key changes it", () => {
  const a = { userId: asha.userId, signKey: b64(asha.device.signPublic) };
  const c = { userId: "c0000000-0000-4000-8000-00000000000c", signKey: b64(chitraIdentity.signPublic) };
  const code = securityCode(a, c);
  assert.deepEqual(code.length, 12);
  assert.deepEqual(securityCode(c, a), code);
  assert(securityCode(a, { ...c, signKey: b64(newKeySet("x").signPublic) }).join() !== code.join());
});

Deno.test("a sender seals to every listed device and identity, and refuses a list the identity did not sign", () => {
  const identity = newKeySet(crypto.randomUUID());
  const deviceList = signDeviceList(identity, {
    userId: asha.userId,
    version: 1,
    devices: [publicOf(asha.device)],
  });
  const listed = { userId: asha.userId, identity: publicOf(identity), deviceList };
  assert.deepEqual(sealingKeys([listed]).map((k) => k.id), [identity.id, asha.device.id]);
  assert.deepEqual(sealingKeys([{ userId: "no keys yet", identity: null, deviceList: null }]), []);
  const impostor = newKeySet(crypto.randomUUID());
  assert.throws(
    () => sealingKeys([{ ...listed, identity: publicOf(impostor) }]),
    /not signed by their identity/,
  );
  assert.throws(() => sealingKeys([{ ...listed, userId: "someone else" }]), /not signed by their identity/);
});
