/**
 * The e-mail digest of unread messages: after a quiet spell, one e-mail per
 * person naming the conversations that wait and how many messages, never a
 * word of them; not again for the same messages, not for what was read, and
 * once even when two sweepers run at the same moment (PostgreSQL).
 */
import assert from "node:assert/strict";
import { openConversation } from "../services/messages/conversations.ts";
import { frankingKeyFrom, type MessageDeps } from "../services/messages/deps.ts";
import { DIGEST_QUIET_MS, sendMessageDigests } from "../services/messages/digest.ts";
import { conversationPage, markMessageRead } from "../services/messages/read.ts";
import type { AccountMessage } from "../services/deps.ts";
import { hasPostgres, openTestDatabase, type TestDatabase, testOnEachDriver } from "./support/db.ts";
import { act, booking, person } from "./support/fixtures.ts";
import { send, withKeys } from "./support/messages.ts";

async function setUp(t: TestDatabase) {
  let clock = new Date("2026-12-05T10:00:00Z");
  const mails: { to: string; message: AccountMessage }[] = [];
  const deps: MessageDeps = {
    db: t.db,
    now: () => clock,
    frankingKey: frankingKeyFrom("a test app secret of at least 32 chars"),
  };
  const sweep = {
    db: t.db,
    now: () => clock,
    origin: "https://artistspace.test",
    sendEmail: (_trx: unknown, to: string, message: AccountMessage) => {
      mails.push({ to, message });
      return Promise.resolve();
    },
  };
  const [organizer, artist] = await Promise.all([person(t.db, "organizer"), person(t.db, "artist")]);
  const theAct = await act(t.db, artist.userId);
  const row = await booking(t.db, theAct.id, organizer.userId, {
    status: "confirmed",
    title: "Sufi night, Pune",
  });
  const { conversation } = await openConversation(t.db, organizer, { bookingId: row.id });
  const o = await withKeys(deps, organizer);
  const a = await withKeys(deps, artist);
  return {
    deps,
    sweep,
    mails,
    conversation,
    o,
    a,
    artist,
    later: (ms: number) => clock = new Date(clock.getTime() + ms),
  };
}

testOnEachDriver("one digest per quiet spell, naming the conversation and never quoting it", async (t) => {
  const s = await setUp(t);
  await send(s.deps, s.o, s.conversation.id, "The secret set list");
  await send(s.deps, s.o, s.conversation.id, "And the gate code");
  assert.equal(await sendMessageDigests(s.sweep), 0, "not before the conversation has been quiet");
  s.later(DIGEST_QUIET_MS);
  assert.equal(await sendMessageDigests(s.sweep), 1);
  assert.equal(s.mails.length, 1);
  const { to, message } = s.mails[0];
  assert.equal(to, s.artist.email);
  assert.equal(message.template, "message_digest");
  const data = message.data as { conversations: { title: string; unread: number; link: string }[] };
  assert.deepEqual(data.conversations, [{
    title: "Sufi night, Pune",
    unread: 2,
    link: `https://artistspace.test/messages/${s.conversation.id}`,
  }]);
  assert.doesNotMatch(JSON.stringify(message), /secret|gate code/);
  assert.equal(await sendMessageDigests(s.sweep), 0, "not twice for the same messages");

  // Read, then a new message: news again, but only once it has gone quiet.
  const page = await conversationPage(s.deps, s.a.actor, s.conversation.id, {});
  await markMessageRead(s.deps, s.a.actor, page.messages[1].id);
  await send(s.deps, s.o, s.conversation.id, "Soundcheck moved to 5");
  s.later(DIGEST_QUIET_MS);
  await markMessageRead(
    s.deps,
    s.a.actor,
    (await conversationPage(s.deps, s.a.actor, s.conversation.id, {})).messages[2].id,
  );
  assert.equal(await sendMessageDigests(s.sweep), 0, "what was read in time is not mailed");
});

Deno.test({
  name: "two sweepers at once send each digest once",
  ignore: !hasPostgres,
  async fn() {
    const t = await openTestDatabase({ driver: "pg" });
    try {
      const s = await setUp(t);
      await send(s.deps, s.o, s.conversation.id, "Hello");
      await send(s.deps, s.a, s.conversation.id, "Hi");
      s.later(DIGEST_QUIET_MS);
      const counts = await Promise.all(Array.from({ length: 4 }, () => sendMessageDigests(s.sweep)));
      // The artist's reply marked everything before it read for them; the organizer has one unread.
      assert.equal(counts.reduce((x, y) => x + y, 0), 1);
      assert.deepEqual(s.mails.map((m) => m.to), [await personEmail(t, s.o.actor.userId)]);
    } finally {
      await t.close();
    }
  },
});

async function personEmail(t: TestDatabase, userId: string): Promise<string> {
  return (await t.db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow())
    .email;
}
