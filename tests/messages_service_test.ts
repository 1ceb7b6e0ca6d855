/**
 * End-to-end encrypted messages through the services, with the real protocol
 * on both ends: who may talk (a booking's people; strangers get 404), what
 * the server refuses (a forged signature, another's device, a message not
 * sealed to every current key), resends, receipts and notifications, a key
 * change notice, disclosure in a dispute, and the proof that no table holds a
 * plaintext. On PostgreSQL too: sends racing into one conversation are
 * numbered without gaps, and a resend racing itself is stored once.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { b64 } from "../lib/e2ee/bytes.ts";
import { listConversations, openConversation } from "../services/messages/conversations.ts";
import { frankingKeyFrom, type MessageDeps } from "../services/messages/deps.ts";
import { discloseMessages, disclosuresOfBooking } from "../services/messages/disclosures.ts";
import { keyBackupOf, publicKeysOfUser } from "../services/messages/keys.ts";
import { conversationPage, markMessageRead } from "../services/messages/read.ts";
import { sendMessage } from "../services/messages/send.ts";
import { hasPostgres, openTestDatabase, testOnEachDriver } from "./support/db.ts";
import { band, booking, person } from "./support/fixtures.ts";
import { addDevice, meta, readWith, resetKeys, sealFor, send, withKeys } from "./support/messages.ts";

function messageDeps(db: MessageDeps["db"]): MessageDeps {
  return {
    db,
    now: () => new Date(),
    frankingKey: frankingKeyFrom("a test app secret of at least 32 chars"),
  };
}

/** A booking of a band: its manager, one accepted member, the organizer, all with keys; and a stranger. */
async function bandBooking(deps: MessageDeps) {
  const [organizer, manager, member, stranger] = await Promise.all([
    person(deps.db, "organizer"),
    person(deps.db, "artist"),
    person(deps.db, "artist"),
    person(deps.db, "organizer"),
  ]);
  const theBand = await band(deps.db, manager.userId);
  await deps.db.insertInto("band_members").values({
    act_id: theBand.id,
    user_id: member.userId,
    status: "accepted",
    responded_at: new Date(),
  }).execute();
  const row = await booking(deps.db, theBand.id, organizer.userId, { status: "confirmed" });
  const { conversation } = await openConversation(deps.db, organizer, { bookingId: row.id });
  return {
    bookingId: row.id,
    conversationId: conversation.id,
    organizer: await withKeys(deps, organizer),
    manager: await withKeys(deps, manager),
    member: await withKeys(deps, member),
    stranger: await withKeys(deps, stranger),
  };
}

testOnEachDriver(
  "a booking's people read each other's messages on every key; strangers get 404",
  async (t) => {
    const deps = messageDeps(t.db);
    const b = await bandBooking(deps);
    const sent = await send(deps, b.organizer, b.conversationId, "Load-in at 4, soundcheck at 5?");
    assert.equal(sent.seq, 1);
    for (const reader of [b.manager, b.member]) {
      const page = await conversationPage(deps, reader.actor, b.conversationId, {});
      assert.equal(
        readWith(reader.devices[0], page.messages[0]).content.text,
        "Load-in at 4, soundcheck at 5?",
      );
      // The identity reads it too: that is what a restored backup reads history with.
      assert.equal(
        readWith(reader.identity, page.messages[0]).content.text,
        "Load-in at 4, soundcheck at 5?",
      );
    }
    // The sender's own device reads what it sent (history on every device).
    assert.equal(readWith(b.organizer.devices[0], sent).content.text, "Load-in at 4, soundcheck at 5?");

    const reply = await send(deps, b.manager, b.conversationId, "Yes. We need two DI boxes.");
    const organizerView = await conversationPage(deps, b.organizer.actor, b.conversationId, { after: 1 });
    assert.deepEqual(organizerView.messages.map((m) => m.id), [reply.id]);

    for (
      const refused of [
        () => conversationPage(deps, b.stranger.actor, b.conversationId, {}),
        () => openConversation(deps.db, b.stranger.actor, { bookingId: b.bookingId }),
        () => markMessageRead(deps, b.stranger.actor, sent.id),
        () =>
          discloseMessages(deps, b.stranger.actor, b.conversationId, {
            messages: [{ messageId: sent.id, content: "{}", frankingKey: b64(new Uint8Array(32)) }],
          }, meta),
        async () =>
          sendMessage(deps, b.stranger.actor, await sealFor(deps, b.organizer, b.conversationId, "x"), meta),
        () => openConversation(deps.db, b.stranger.actor, { userId: b.organizer.actor.userId }),
      ]
    ) {
      await assert.rejects(refused, { name: "NotFound" });
    }
    // People who share the booking may also talk one to one.
    const direct = await openConversation(deps.db, b.member.actor, { userId: b.organizer.actor.userId });
    assert.equal(direct.conversation.kind, "direct");
    const listed = await listConversations(deps.db, b.stranger.actor);
    assert.deepEqual(listed.conversations, []);
  },
);

testOnEachDriver(
  "the server refuses what it can check without reading: signature, device, sender, keys",
  async (t) => {
    const deps = messageDeps(t.db);
    const b = await bandBooking(deps);
    const envelope = await sealFor(deps, b.organizer, b.conversationId, "Advance of 25% by Friday");
    const forged = {
      ...envelope,
      body: envelope.body.slice(0, -2) + (envelope.body.endsWith("AA") ? "BB" : "AA"),
    };
    await assert.rejects(
      sendMessage(deps, b.organizer.actor, forged, meta),
      (err: Error & { details?: unknown }) => {
        assert.equal(err.name, "ValidationError");
        assert.deepEqual((err as { details: { field: string }[] }).details.map((d) => d.field), [
          "signature",
        ]);
        return true;
      },
    );
    // Someone else's device id, or a message in someone else's name.
    await assert.rejects(
      sendMessage(deps, b.organizer.actor, { ...envelope, senderDeviceId: b.manager.devices[0].id }, meta),
      { name: "ValidationError" },
    );
    await assert.rejects(
      sendMessage(deps, b.manager.actor, envelope, meta),
      { name: "ValidationError" },
    );
    // The member adds a phone after the message was sealed: it must be sealed to that phone too.
    await addDevice(deps, b.member);
    await assert.rejects(sendMessage(deps, b.organizer.actor, envelope, meta), { name: "Conflict" });
    const resealed = await sealFor(deps, b.organizer, b.conversationId, "Advance of 25% by Friday", {
      clientId: envelope.clientId,
    });
    const first = await sendMessage(deps, b.organizer.actor, resealed, meta);
    assert.equal(first.created, true);
    const page = await conversationPage(deps, b.member.actor, b.conversationId, {});
    assert.equal(readWith(b.member.devices[1], page.messages[0]).content.text, "Advance of 25% by Friday");
    // A resend (a retry after a lost answer) is the same message, not a second one.
    const again = await sendMessage(deps, b.organizer.actor, resealed, meta);
    assert.equal(again.created, false);
    assert.equal(again.message.id, first.message.id);
  },
);

testOnEachDriver("receipts, coalesced notifications, and the unread count", async (t) => {
  const deps = messageDeps(t.db);
  const b = await bandBooking(deps);
  for (const text of ["One", "Two", "Three"]) await send(deps, b.organizer, b.conversationId, text);
  const notices = () =>
    deps.db.selectFrom("notifications").select(["body", "link"]).where("user_id", "=", b.manager.actor.userId)
      .where("kind", "=", "New message").execute();
  // Three messages, one notification; it never quotes a message.
  assert.equal((await notices()).length, 1);
  assert.doesNotMatch((await notices())[0].body ?? "", /One|Two|Three/);
  assert.equal((await listConversations(deps.db, b.manager.actor)).unreadTotal, 3);

  const page = await conversationPage(deps, b.manager.actor, b.conversationId, {});
  const read = await markMessageRead(deps, b.manager.actor, page.messages[2].id);
  assert.equal(read.readSeq, 3);
  assert.equal((await listConversations(deps.db, b.manager.actor)).unreadTotal, 0);
  const seenByOrganizer = await conversationPage(deps, b.organizer.actor, b.conversationId, { after: 3 });
  const managerReceipt = seenByOrganizer.receipts.find((r) => r.userId === b.manager.actor.userId)!;
  assert.deepEqual([managerReceipt.deliveredSeq, managerReceipt.readSeq], [3, 3]);
  const memberReceipt = seenByOrganizer.receipts.find((r) => r.userId === b.member.actor.userId)!;
  assert.deepEqual([memberReceipt.deliveredSeq, memberReceipt.readSeq], [0, 0]);
  // Read, so the next message is news again.
  await send(deps, b.organizer, b.conversationId, "Four");
  assert.equal((await notices()).length, 2);
});

testOnEachDriver(
  "a person who starts over with new keys leaves a notice in their conversations",
  async (t) => {
    const deps = messageDeps(t.db);
    const b = await bandBooking(deps);
    await send(deps, b.organizer, b.conversationId, "Before");
    await conversationPage(deps, b.manager.actor, b.conversationId, {});
    const before = await publicKeysOfUser(deps.db, b.organizer.actor, b.manager.actor.userId);
    await resetKeys(deps, b.manager);
    const after = await publicKeysOfUser(deps.db, b.organizer.actor, b.manager.actor.userId);
    assert.notEqual(after.identity.signKey, before.identity.signKey);
    const page = await conversationPage(deps, b.organizer.actor, b.conversationId, {});
    const notice = page.messages.at(-1)!;
    assert.deepEqual([notice.kind, notice.senderId, notice.body], [
      "key_changed",
      b.manager.actor.userId,
      null,
    ]);
    // The backup is the person's own; nobody else gets it.
    assert.equal(
      (await keyBackupOf(deps.db, b.manager.actor, b.manager.actor.userId)).identity.id,
      b.manager.identity.id,
    );
    await assert.rejects(keyBackupOf(deps.db, b.organizer.actor, b.manager.actor.userId), {
      name: "NotFound",
    });
    // New messages go to the new keys; the old device gets none.
    const next = await send(deps, b.organizer, b.conversationId, "After");
    assert.ok(next.keys![b.manager.devices[0].id]);
    assert.equal(next.keys![before.identity.id], undefined);
  },
);

testOnEachDriver("a disclosure verifies only for the genuine content, key and conversation", async (t) => {
  const deps = messageDeps(t.db);
  const b = await bandBooking(deps);
  const other = await bandBooking(deps);
  const promise = await send(deps, b.manager, b.conversationId, "We will play two sets of 60 minutes");
  const elsewhere = await send(deps, other.manager, other.conversationId, "Unrelated");
  const opened = readWith(b.organizer.devices[0], promise);
  const genuine = { messageId: promise.id, content: opened.contentText, frankingKey: opened.frankingKey };
  const result = await discloseMessages(deps, b.organizer.actor, b.conversationId, {
    messages: [
      genuine,
      { ...genuine, messageId: elsewhere.id },
    ],
  }, meta);
  assert.deepEqual(result.disclosures.map((d) => d.verified), [true, false]);
  // The same message disclosed again with an edit, or with another franking key, does not verify.
  const edited = await discloseMessages(deps, b.member.actor, b.conversationId, {
    messages: [{ ...genuine, content: genuine.content.replace("two sets", "one set") }],
  }, meta);
  assert.equal(edited.disclosures[0].verified, false);
  const swapped = await discloseMessages(deps, b.manager.actor, b.conversationId, {
    messages: [{ ...genuine, frankingKey: b64(crypto.getRandomValues(new Uint8Array(32))) }],
  }, meta);
  assert.equal(swapped.disclosures[0].verified, false);

  const admin = await person(deps.db, "admin");
  const { disclosures: shown } = await disclosuresOfBooking(deps, admin, b.bookingId);
  assert.deepEqual(shown.map((d) => [d.text, d.verified]), [
    ["We will play two sets of 60 minutes", true],
    ["We will play one set of 60 minutes", false],
    ["We will play two sets of 60 minutes", false],
  ]);
  await assert.rejects(disclosuresOfBooking(deps, b.organizer.actor, b.bookingId), { name: "Forbidden" });
  // A verdict is not trusted from the table: an edited stored tag is caught when an admin looks.
  await deps.db.updateTable("messages").set({ server_tag: b64(new Uint8Array(32)) }).where(
    "id",
    "=",
    promise.id,
  )
    .execute();
  assert.equal((await disclosuresOfBooking(deps, admin, b.bookingId)).disclosures[0].verified, false);
});

testOnEachDriver("after a conversation no table holds its plaintext", async (t) => {
  const deps = messageDeps(t.db);
  const b = await bandBooking(deps);
  const secret = `Gate code 4471, fee ₹1,50,000 ${crypto.randomUUID()}`;
  await send(deps, b.organizer, b.conversationId, secret);
  await send(deps, b.manager, b.conversationId, `Re: ${secret}`);
  const page = await conversationPage(deps, b.member.actor, b.conversationId, {});
  await markMessageRead(deps, b.member.actor, page.messages[1].id);
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(deps.db);
  const needles = [secret, "Gate code 4471", b64(new TextEncoder().encode(secret)).slice(0, 24)];
  for (const { table_name } of tables.rows) {
    const dump = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(
      deps.db,
    );
    const text = dump.rows.map((r) => r.row).join("\n");
    for (const needle of needles) assert.ok(!text.includes(needle), `${table_name} holds the plaintext`);
  }
});

Deno.test({
  name: "sends racing into one conversation are numbered without gaps; a resend racing itself is stored once",
  ignore: !hasPostgres,
  async fn() {
    const t = await openTestDatabase({ driver: "pg" });
    try {
      const deps = messageDeps(t.db);
      const b = await bandBooking(deps);
      const senders = [b.organizer, b.manager, b.member];
      const envelopes = await Promise.all(
        Array.from({ length: 24 }, (_, i) => sealFor(deps, senders[i % 3], b.conversationId, `Message ${i}`)),
      );
      await Promise.all(envelopes.map((e, i) => sendMessage(deps, senders[i % 3].actor, e, meta)));
      const twice = await sealFor(deps, b.organizer, b.conversationId, "Once only");
      const results = await Promise.all(
        Array.from({ length: 6 }, () => sendMessage(deps, b.organizer.actor, twice, meta)),
      );
      assert.equal(new Set(results.map((r) => r.message.id)).size, 1);
      assert.equal(results.filter((r) => r.created).length, 1);
      const seqs =
        (await deps.db.selectFrom("messages").select("seq").where("conversation_id", "=", b.conversationId)
          .orderBy("seq").execute()).map((r) => r.seq);
      assert.deepEqual(seqs, Array.from({ length: 25 }, (_, i) => i + 1));
    } finally {
      await t.close();
    }
  },
});

testOnEachDriver(
  "a member who leaves the band leaves the conversation: no list entry, no history, no new keys",
  async (t) => {
    const deps = messageDeps(t.db);
    const b = await bandBooking(deps);
    await send(deps, b.organizer, b.conversationId, "Welcome, everyone");
    assert.equal((await listConversations(deps.db, b.member.actor)).conversations.length, 1);
    await deps.db.deleteFrom("band_members").where("user_id", "=", b.member.actor.userId).execute();
    const next = await send(deps, b.organizer, b.conversationId, "Just the two of us now");
    assert.equal(next.keys![b.member.devices[0].id], undefined);
    assert.deepEqual((await listConversations(deps.db, b.member.actor)).conversations, []);
    await assert.rejects(conversationPage(deps, b.member.actor, b.conversationId, {}), { name: "NotFound" });
  },
);
