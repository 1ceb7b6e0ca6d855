import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { DevMailbox } from "../integrations/mail/dev_mailbox.ts";
import type { MailTransport, OutgoingMail } from "../integrations/mail/transport.ts";
import { sealer as makeSealer } from "../lib/sealed.ts";
import { createDispatcher, enqueue, MAX_ATTEMPTS, outboxSealer } from "../services/outbox.ts";
import { hasPostgres, openTestDatabase, testOnEachDriver } from "./support/db.ts";
import { person } from "./support/fixtures.ts";
import { waitFor } from "./support/wait.ts";

const SECRET = "outbox-test-secret-0123456789abcdef0123456789";
const sealer = outboxSealer(SECRET);
const TOKEN = "dGhpcy1pcy1hLXNlY3JldC10b2tlbg";
const CODE = "731946";
const LINK = `https://artistspace.in/verify-email?token=${TOKEN}`;

function enqueueVerify(db: Kysely<Database>, to = "asha@example.in"): Promise<string> {
  return db.transaction().execute((trx) =>
    enqueue(trx, {
      channel: "email",
      to,
      template: "verify_email",
      data: { displayName: "Asha", link: LINK, code: CODE },
    }, sealer)
  );
}

function outboxRows(db: Kysely<Database>) {
  return db.selectFrom("outbox").selectAll().orderBy("created_at").execute();
}

/** A clock the test moves; starts a second ahead so rows the database just stamped are due. */
function testClock() {
  let t = Date.now() + 1000;
  return {
    now: () => new Date(t),
    set: (d: Date) => void (t = d.getTime()),
  };
}

testOnEachDriver("enqueue inside a transaction that rolls back leaves no message", async ({ db }) => {
  const rollback = new Error("rollback");
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await person(trx);
      await enqueue(trx, {
        channel: "email",
        to: "asha@example.in",
        template: "welcome",
        data: { displayName: "Asha", loginUrl: "https://artistspace.in/login" },
      }, sealer);
      throw rollback;
    }),
    rollback,
  );
  assert.deepEqual(await outboxRows(db), []);
  assert.deepEqual(await db.selectFrom("users").select("id").execute(), []);
});

testOnEachDriver("enqueue refuses to run outside a transaction", async ({ db }) => {
  await assert.rejects(
    enqueue(db, {
      channel: "email",
      to: "asha@example.in",
      template: "password_changed",
      data: { displayName: "Asha" },
    }, sealer),
    /enqueue needs a transaction/,
  );
  assert.deepEqual(await outboxRows(db), []);
});

testOnEachDriver(
  "the stored payload is sealed: its bytes hold neither the token nor the code",
  async ({ db }) => {
    const id = await enqueueVerify(db);
    const row = await db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    assert.equal(row.channel, "email");
    assert.equal(row.recipient, "asha@example.in");
    assert.equal(row.template, "verify_email");
    assert.equal(row.status, "pending");
    assert.equal(row.attempts, 0);

    const bytes = row.payload!;
    assert.ok(bytes instanceof Uint8Array && bytes.byteLength > 28);
    const asText = new TextDecoder("latin1").decode(bytes);
    for (const secret of [TOKEN, CODE, LINK, "verify-email", "Asha"]) {
      assert.ok(!asText.includes(secret), `payload contains ${secret} in clear`);
    }
    // Also not as base64 or hex, in case a driver re-encoded it somewhere.
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    assert.ok(!hex.includes(Array.from(new TextEncoder().encode(CODE), (b) => b.toString(16)).join("")));
    assert.deepEqual(await sealer.open(bytes), { displayName: "Asha", link: LINK, code: CODE });
    await assert.rejects(makeSealer(SECRET, "another-purpose").open(bytes));
  },
);

testOnEachDriver(
  "runOnce delivers to the dev mailbox, marks the message sent and wipes its payload",
  async ({ db }) => {
    const mailbox = new DevMailbox();
    const clock = testClock();
    const id = await enqueueVerify(db);
    const dispatcher = createDispatcher({ db, transport: mailbox, sealer, now: clock.now });

    assert.deepEqual(await dispatcher.runOnce(), { sent: 1, failed: 0 });
    const [mail] = mailbox.list();
    assert.equal(mail.to, "asha@example.in");
    assert.equal(mail.subject, "Verify your e-mail address for Artist Space");
    assert.ok(mail.text.includes(LINK) && mail.text.includes(CODE));

    const row = await db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    assert.equal(row.status, "sent");
    assert.equal(row.payload, null);
    assert.equal(row.attempts, 1);
    assert.equal(row.sent_at!.getTime(), clock.now().getTime());

    assert.deepEqual(
      await dispatcher.runOnce(),
      { sent: 0, failed: 0 },
      "a sent message is never sent again",
    );
    assert.equal(mailbox.list().length, 1);
  },
);

testOnEachDriver("runOnce drains more messages than one batch, oldest first", async ({ db }) => {
  const mailbox = new DevMailbox();
  for (let i = 0; i < 23; i++) await enqueueVerify(db, `fan${String(i).padStart(2, "0")}@example.in`);
  const dispatcher = createDispatcher({ db, transport: mailbox, sealer, now: testClock().now });
  assert.deepEqual(await dispatcher.runOnce(), { sent: 23, failed: 0 });
  const sent = mailbox.list().map((m) => m.to).reverse();
  assert.deepEqual(sent, [...sent].sort());
});

testOnEachDriver(
  "a failing transport backs off exponentially, then marks the message failed",
  async ({ db }) => {
    const clock = testClock();
    const calls: OutgoingMail[] = [];
    const failing: MailTransport = {
      send(mail) {
        calls.push(mail);
        // Servers sometimes quote what they were sent; that must not reach the database.
        return Promise.reject(new Error(`451 try again later (rejected: ${CODE} ${TOKEN})`));
      },
    };
    const id = await enqueueVerify(db);
    const dispatcher = createDispatcher({ db, transport: failing, sealer, now: clock.now });
    const row = () => db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

    const delays: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      assert.deepEqual(await dispatcher.runOnce(), { sent: 0, failed: 1 });
      const r = await row();
      assert.equal(r.status, "pending");
      assert.equal(r.attempts, attempt);
      assert.equal(r.last_error, "451 try again later (rejected: [redacted] [redacted])");
      delays.push((r.next_attempt_at.getTime() - clock.now().getTime()) / 1000);

      assert.deepEqual(await dispatcher.runOnce(), { sent: 0, failed: 0 }, "not due again before its time");
      clock.set(r.next_attempt_at);
    }
    assert.deepEqual(delays, [60, 120, 240, 480, 960, 1920, 3600]);

    assert.deepEqual(await dispatcher.runOnce(), { sent: 0, failed: 1 });
    const failed = await row();
    assert.equal(failed.status, "failed");
    assert.equal(failed.attempts, MAX_ATTEMPTS);
    assert.equal(failed.sent_at, null);
    assert.equal(calls.length, MAX_ATTEMPTS);

    clock.set(new Date(clock.now().getTime() + 24 * 3600_000));
    assert.deepEqual(await dispatcher.runOnce(), { sent: 0, failed: 0 }, "a failed message is left alone");
  },
);

testOnEachDriver(
  "a payload sealed under another secret fails delivery with a clear error",
  async ({ db }) => {
    await enqueueVerify(db);
    const rotated = outboxSealer(`${SECRET}-rotated`);
    const mailbox = new DevMailbox();
    const dispatcher = createDispatcher({ db, transport: mailbox, sealer: rotated, now: testClock().now });
    assert.deepEqual(await dispatcher.runOnce(), { sent: 0, failed: 1 });
    const [row] = await outboxRows(db);
    assert.match(row.last_error!, /Cannot open sealed box: wrong key or purpose/);
    assert.deepEqual(mailbox.list(), []);
  },
);

testOnEachDriver("the e-mail dispatcher leaves SMS messages to another dispatcher", async ({ db }) => {
  await db.insertInto("outbox").values({ channel: "sms", recipient: "+919800000000", template: "otp" })
    .execute();
  const dispatcher = createDispatcher({ db, transport: new DevMailbox(), sealer, now: testClock().now });
  assert.deepEqual(await dispatcher.runOnce(), { sent: 0, failed: 0 });
  const [row] = await outboxRows(db);
  assert.equal(row.attempts, 0);
});

testOnEachDriver("the database refuses a sent message that still holds its payload", async ({ db }) => {
  const id = await enqueueVerify(db);
  await assert.rejects(
    db.updateTable("outbox").set({ status: "sent", sent_at: new Date() }).where("id", "=", id).execute(),
    /outbox_sent_payload_wiped/,
  );
});

Deno.test("runOnce never overlaps itself: calls during a run share the one queued after it", async () => {
  const { db, close } = await openTestDatabase();
  try {
    let active = 0;
    let maxActive = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => release = resolve);
    const sent: string[] = [];
    const gated: MailTransport = {
      async send(mail) {
        maxActive = Math.max(maxActive, ++active);
        await gate;
        sent.push(mail.to);
        active--;
      },
    };
    for (let i = 0; i < 3; i++) await enqueueVerify(db, `fan${i}@example.in`);
    const dispatcher = createDispatcher({ db, transport: gated, sealer, now: testClock().now });

    const first = dispatcher.runOnce();
    await waitFor(() => active === 1, { what: "the first send" });
    await enqueueVerify(db, "late@example.in");
    const second = dispatcher.runOnce();
    assert.equal(dispatcher.runOnce(), second);
    release();

    assert.deepEqual(await first, { sent: 3, failed: 0 });
    assert.deepEqual(await second, { sent: 1, failed: 0 });
    assert.equal(maxActive, 1);
    assert.deepEqual(sent, ["fan0@example.in", "fan1@example.in", "fan2@example.in", "late@example.in"]);
  } finally {
    await close();
  }
});

Deno.test("kick delivers promptly after a commit; a burst of kicks makes one run", async () => {
  const { db, close } = await openTestDatabase();
  let sends = 0;
  const mailbox = new DevMailbox();
  const counting: MailTransport = {
    send: (mail) => {
      sends++;
      return mailbox.send(mail);
    },
  };
  const dispatcher = createDispatcher({ db, transport: counting, sealer, now: testClock().now });
  try {
    await enqueueVerify(db);
    for (let i = 0; i < 5; i++) dispatcher.kick();
    await waitFor(async () => (await outboxRows(db))[0].status === "sent", { what: "the kicked run" });
    assert.equal(sends, 1);
  } finally {
    await dispatcher.stop();
    await close();
  }
});

Deno.test("start polls for due messages; stop waits for the run in progress and ignores later kicks", async () => {
  const { db, close } = await openTestDatabase();
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  let started = false;
  const events: string[] = [];
  const blocking: MailTransport = {
    async send() {
      started = true;
      await released;
      events.push("send finished");
    },
  };
  const dispatcher = createDispatcher({ db, transport: blocking, sealer, now: testClock().now });
  try {
    await enqueueVerify(db);
    dispatcher.start(10);
    assert.throws(() => dispatcher.start(10), /already started/);
    await waitFor(() => started, { what: "the first send" });

    // The send is released only after stop() is called, so a stop() that did
    // not wait for it would be recorded first.
    const stopping = dispatcher.stop().then(() => events.push("stopped"));
    release();
    await stopping;
    assert.deepEqual(events, ["send finished", "stopped"], "stop() must wait for the send in progress");
    assert.equal((await outboxRows(db))[0].status, "sent");

    dispatcher.kick(); // after stop: no timer may be left behind (the sanitizer would fail the test)
  } finally {
    release();
    await dispatcher.stop();
    await close();
  }
});

Deno.test({
  name: "two dispatchers running at once on PostgreSQL deliver each message exactly once",
  ignore: !hasPostgres,
  async fn() {
    const { db, close } = await openTestDatabase({ driver: "pg" });
    try {
      const N = 60;
      for (let i = 0; i < N; i++) await enqueueVerify(db, `fan${i}@example.in`);
      const deliveries: string[] = [];
      const sending = new Set<MailTransport>();
      const transport = (): MailTransport => {
        const self: MailTransport = {
          async send(mail) {
            // Each dispatcher's first send waits for the other's, so both are
            // mid-batch at the same time, with their claims made.
            sending.add(self);
            await waitFor(() => sending.size === 2, { what: "both dispatchers to be sending" });
            deliveries.push(mail.to);
          },
        };
        return self;
      };
      const a = createDispatcher({ db, transport: transport(), sealer });
      const b = createDispatcher({ db, transport: transport(), sealer });
      const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);

      assert.equal(ra.sent + rb.sent, N);
      assert.ok(ra.sent > 0 && rb.sent > 0, `both took part: ${ra.sent} + ${rb.sent}`);
      assert.equal(deliveries.length, N);
      assert.equal(new Set(deliveries).size, N, "no message was delivered twice");
      const rows = await outboxRows(db);
      assert.ok(rows.every((r) => r.status === "sent" && r.attempts === 1 && r.payload === null));
    } finally {
      await close();
    }
  },
});
