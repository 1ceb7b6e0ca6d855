import assert from "node:assert/strict";
import { signDeviceList } from "../../lib/e2ee/device_list.ts";
import { newKeySet, publicOf } from "../../lib/e2ee/keys.ts";
import type { Recipient } from "./api.ts";
import { listedDevices, sealingFor } from "./recipients.ts";

function person(name: string, devices = 2) {
  const userId = crypto.randomUUID();
  const identity = newKeySet(crypto.randomUUID());
  const phones = Array.from({ length: devices }, () => newKeySet(crypto.randomUUID()));
  const recipient: Recipient = {
    userId,
    name,
    identity: publicOf(identity),
    deviceList: signDeviceList(identity, { userId, version: 1, devices: phones.map(publicOf) }),
  };
  return { identity, phones, recipient };
}

Deno.test("a message is sealed to every listed device and each identity", () => {
  const asha = person("Asha", 1);
  const dev = person("Dev", 2);
  const sealing = sealingFor([asha.recipient, dev.recipient]);
  assert.deepEqual(sealing.problems, []);
  assert.deepEqual(
    sealing.keys.map((k) => k.id).sort(),
    [asha.identity, ...asha.phones, dev.identity, ...dev.phones].map((k) => k.id).sort(),
  );
});

Deno.test("a device the identity did not sign is refused, and so is a list of other keys", () => {
  const asha = person("Asha");
  const intruder = newKeySet(crypto.randomUUID());
  const forged = asha.recipient.deviceList!.document.replace(
    publicOf(asha.phones[0]).boxKey,
    publicOf(intruder).boxKey,
  );
  const tampered = { ...asha.recipient, deviceList: { ...asha.recipient.deviceList!, document: forged } };
  assert.equal(sealingFor([tampered]).problems.length, 1);
  assert.deepEqual(sealingFor([tampered]).keys, []);

  const dev = person("Dev");
  const swapped = { ...asha.recipient, deviceList: dev.recipient.deviceList };
  assert.deepEqual(sealingFor([swapped]).problems, [
    "Asha: the device list was not signed by their identity",
  ]);
});

Deno.test("someone without keys yet is named, not sealed to", () => {
  const asha = person("Asha");
  const sealing = sealingFor([asha.recipient, {
    userId: crypto.randomUUID(),
    name: "Bharat",
    identity: null,
    deviceList: null,
  }]);
  assert.deepEqual(sealing.withoutKeys, ["Bharat"]);
  assert.deepEqual(sealing.problems, []);
  assert.equal(sealing.keys.length, 3);
});

Deno.test("the devices a sender's own signed list names vouch for their messages, and no others", () => {
  const asha = person("Asha", 2);
  const listed = listedDevices([asha.recipient]).get(asha.recipient.userId)!;
  assert.ok(asha.phones.every((p) => listed.has(p.id)));
  assert.ok(!listed.has(crypto.randomUUID()));
  const dev = person("Dev");
  const swapped = { ...asha.recipient, deviceList: dev.recipient.deviceList };
  assert.equal(listedDevices([swapped]).get(asha.recipient.userId), undefined);
});
