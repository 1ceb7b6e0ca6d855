import assert from "node:assert/strict";
import { sealMessage } from "../../lib/e2ee/envelope.ts";
import { newKeySet, publicOf } from "../../lib/e2ee/keys.ts";
import type { MessageView } from "./api.ts";
import { showMessage } from "./shown.ts";

const conversationId = crypto.randomUUID();
const asha = { userId: crypto.randomUUID(), device: newKeySet(crypto.randomUUID()) };
const dev = {
  userId: crypto.randomUUID(),
  identity: newKeySet(crypto.randomUUID()),
  device: newKeySet(crypto.randomUUID()),
};

function view(
  recipients = [publicOf(dev.device), publicOf(dev.identity), publicOf(asha.device)],
): MessageView {
  const e = sealMessage(asha, { conversationId, clientId: crypto.randomUUID(), recipients }, {
    text: "Soundcheck at 5?",
    attachments: [],
  });
  return {
    id: crypto.randomUUID(),
    seq: 1,
    kind: "message",
    senderId: e.senderId,
    clientId: e.clientId,
    sentAt: "2026-12-04T10:00:00.000Z",
    senderDevice: publicOf(asha.device),
    nonce: e.nonce,
    body: e.body,
    keys: e.keys,
    frankingTag: e.frankingTag,
    signature: e.signature,
    attachmentIds: [],
  };
}

Deno.test("a message opens with this device's key, and with the identity's where the device was not there", () => {
  const v = view();
  assert.equal(showMessage(v, conversationId, dev).text, "Soundcheck at 5?");
  const newPhone = newKeySet(crypto.randomUUID());
  const restored = showMessage(v, conversationId, {
    userId: dev.userId,
    identity: dev.identity,
    device: newPhone,
  });
  assert.equal(restored.text, "Soundcheck at 5?");
  assert.ok(restored.opened?.frankingKey);
});

Deno.test("nothing is shown of a message whose signature, conversation or keys do not hold", () => {
  const keys = dev;
  const v = view();
  const other = showMessage(v, crypto.randomUUID(), keys);
  assert.match(other.problem ?? "", /signature/);
  assert.equal(other.text, "");
  const impostor = showMessage(
    { ...v, senderDevice: publicOf(newKeySet(v.senderDevice!.id)) },
    conversationId,
    keys,
  );
  assert.match(impostor.problem ?? "", /signature/);
  const notMine = showMessage(view([publicOf(asha.device)]), conversationId, keys);
  assert.match(notMine.problem ?? "", /not locked for your current keys/);
});

Deno.test("a key change notice carries no content", () => {
  const shown = showMessage(
    {
      ...view(),
      kind: "key_changed",
      clientId: null,
      senderDevice: null,
      nonce: null,
      body: null,
      keys: null,
    },
    conversationId,
    dev,
  );
  assert.equal(shown.kind, "key_changed");
  assert.equal(shown.problem, undefined);
});
