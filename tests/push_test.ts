/**
 * Web Push, proved against a local push service that checks what real ones
 * check (tests/support/push_service.ts): the VAPID token (RFC 8292) verified
 * with WebCrypto and the body decrypted per RFC 8291 with the key only the
 * "browser" holds. Through the app: subscribing over the API; a request, an
 * offer, a message (who wrote it, never what) and a ringing call each
 * reaching the right browser; a muted type sending nothing; a 410 removing
 * the subscription. Through the dispatcher with a clock the test moves: a 503
 * retried after Retry-After, a crash between sending and recording resending
 * once with the same Topic, a signed-out session silencing its browser.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { ConfigError, loadConfig } from "../config/env.ts";
import { type PushConfig, pushConfig } from "../config/push.ts";
import type { Database } from "../db/schema.ts";
import type { Kysely } from "kysely";
import { PUSHED_SUBJECTS, pushTypeOfSubject } from "../domain/push_types.ts";
import { DevMailbox } from "../integrations/mail/dev_mailbox.ts";
import { createPushSender } from "../integrations/push/web_push.ts";
import { accessTokenSigner } from "../services/auth/access_token.ts";
import { startP2PCall } from "../services/calls/p2p.ts";
import type { ServiceDeps } from "../services/deps.ts";
import { ACTIVITY_SUBJECTS } from "../services/mail_templates.ts";
import { notify } from "../services/notifications.ts";
import { createDispatcher, enqueue, outboxSealer } from "../services/outbox.ts";
import { pushChannel } from "../services/push/delivery.ts";
import { endpointProblem } from "../services/push/endpoint.ts";
import { enqueuePush } from "../services/push/queue.ts";
import { setPushPreferences, subscribeToPush } from "../services/push/subscriptions.ts";
import { apiCaller } from "./support/accounts.ts";
import { openTestApp } from "./support/app.ts";
import { bookingCast } from "./support/booking_cast.ts";
import { testOnEachDriver } from "./support/db.ts";
import { person } from "./support/fixtures.ts";
import { meta, send, withKeys } from "./support/messages.ts";
import { type BrowserSubscription, type DeliveredPush, startPushService } from "./support/push_service.ts";

const DAY = 24 * 60 * 60 * 1000;
const PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36";

function payloadOf(push: DeliveredPush) {
  return JSON.parse(push.text) as { type: string; title: string; body: string; link: string; tag: string };
}

Deno.test("push through the app: subscribe, then each kind of notice reaches the right browser", async (t) => {
  const pushService = startPushService();
  const app = await openTestApp();
  const call = apiCaller(app);
  try {
    const db = app.database.db;
    const cast = await bookingCast(app);
    const { people } = cast;
    const publicKey = app.services.deps.push!.publicKey;
    const organizerBrowser = await pushService.subscribe(publicKey);
    const actBrowser = await pushService.subscribe(publicKey);
    const to = (browser: BrowserSubscription) =>
      pushService.delivered.filter((p) => p.endpoint === browser.endpoint);
    const deliver = async () => void await app.services.dispatcher.runOnce();

    await t.step("the key browsers subscribe with is the server's", async () => {
      const res = await call(people.organizer, "GET", "/push/preferences");
      assert.equal(res.status, 200);
      assert.equal(res.body.data.publicKey, publicKey);
      assert.equal(res.body.data.preferences.offers, true);
    });

    await t.step(
      "subscribing: 201, then 200 for the same browser again; checked endpoints and keys",
      async () => {
        const subscribe = (who: typeof people.organizer, body: unknown) =>
          app.request("/api/v1/push/subscriptions", {
            method: "POST",
            headers: { ...who.headers, "Content-Type": "application/json", "User-Agent": PHONE },
            body: JSON.stringify(body),
          });
        const first = await subscribe(people.organizer, organizerBrowser);
        assert.equal(first.status, 201, await first.clone().text());
        const { data } = await first.json();
        assert.equal(data.device.label, "Chrome on Android");
        const again = await subscribe(people.organizer, organizerBrowser);
        assert.equal(again.status, 200);
        assert.equal((await again.json()).data.device.id, data.device.id);
        assert.equal((await subscribe(people.act, actBrowser)).status, 201);

        const refused = async (body: unknown, field: string) => {
          const res = await subscribe(people.stranger, body);
          const text = await res.text();
          assert.equal(res.status, 422, text);
          assert.ok(JSON.parse(text).error.details.some((d: { field: string }) => d.field === field), text);
        };
        const keys = organizerBrowser.keys;
        await refused({ endpoint: "http://push.example.com/x", keys }, "endpoint");
        await refused({ endpoint: "https://user:pw@push.example.com/x", keys }, "endpoint");
        await refused({ endpoint: "https://10.0.0.7/x", keys }, "endpoint");
        await refused(
          { endpoint: `${pushService.origin}/x`, keys: { ...keys, auth: "c2hvcnQ" } },
          "keys.auth",
        );
        // 65 bytes starting 0x04 that are not a point on P-256.
        await refused({
          endpoint: `${pushService.origin}/y`,
          keys: { ...keys, p256dh: `BA${"A".repeat(85)}` },
        }, "keys.p256dh");
        const rows = await db.selectFrom("push_subscriptions").select(["user_id", "label"]).execute();
        assert.deepEqual(rows.map((r) => r.user_id).sort(), [people.organizer.id, people.act.id].sort());
        // Creation is audited without the endpoint (a capability) or the keys.
        const audit = await db.selectFrom("audit_logs").select(["actor_id", "diff"])
          .where("entity_type", "=", "push_subscriptions").where("action", "=", "insert").execute();
        assert.equal(audit.length, 2);
        const logged = JSON.stringify(audit);
        assert.ok(
          !logged.includes(organizerBrowser.endpoint) && !logged.includes(organizerBrowser.keys.auth),
        );
      },
    );

    const { act_id: actId } = await db.selectFrom("bookings").select("act_id").where(
      "id",
      "=",
      cast.bookingId,
    )
      .executeTakeFirstOrThrow();
    const { city_id: cityId } = await db.selectFrom("cities").select("city_id").where(
      "name",
      "=",
      "Bengaluru",
    )
      .orderBy("city_id").executeTakeFirstOrThrow();
    let bookingId = "";

    await t.step("a booking request reaches the act's browser, encrypted and VAPID-signed", async () => {
      const res = await call(people.organizer, "POST", "/bookings", {
        actId,
        title: "Sufi night",
        startsAt: new Date(Date.now() + 60 * DAY).toISOString(),
        durationMinutes: 120,
        cityId,
        address: "Chowdiah Memorial Hall",
        message: "A two-hour set",
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      bookingId = res.body.data.booking.id;
      await deliver();
      const [push] = to(actBrowser);
      assert.ok(push, "the act's browser got a push");
      const payload = payloadOf(push);
      assert.equal(payload.type, "requests");
      assert.equal(payload.title, "New booking request");
      assert.equal(payload.link, `/bookings/${bookingId}`);
      assert.match(payload.body, /Sufi night/);
      assert.equal(push.topic, payload.tag);
      assert.equal(push.urgency, "normal");
      // Two days from when it was queued.
      assert.ok(push.ttl <= 2 * DAY / 1000 && push.ttl > 2 * DAY / 1000 - 60, String(push.ttl));
      assert.equal(push.claims.aud, pushService.origin);
      assert.equal(push.claims.sub, "mailto:no-reply@artistspace.in");
      assert.deepEqual(to(organizerBrowser), []);
      // Sent, so its sealed payload is gone from the outbox.
      const row = await db.selectFrom("outbox").select(["status", "payload"]).where("channel", "=", "push")
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: "sent", payload: null });
    });

    await t.step("the act's offer reaches the organizer's browser", async () => {
      const quote = await call(people.act, "POST", `/negotiations/${bookingId}/offer`, { fee: 9_000_000 });
      assert.equal(quote.status, 200, JSON.stringify(quote.body));
      await deliver();
      const pushes = to(organizerBrowser).map(payloadOf);
      assert.deepEqual(pushes.map((p) => [p.type, p.title, p.link]), [
        ["offers", "New offer on your booking", `/bookings/${bookingId}`],
      ]);
      const { last_success_at } = await db.selectFrom("push_subscriptions").select("last_success_at")
        .where("user_id", "=", people.organizer.id).executeTakeFirstOrThrow();
      assert.ok(last_success_at);
    });

    const keyed = {
      organizer: await withKeys(app.services.messages, cast.actor("organizer")),
      act: await withKeys(app.services.messages, cast.actor("act")),
      member: await withKeys(app.services.messages, cast.actor("member")),
    };

    await t.step("a message: who wrote it and where, never what", async () => {
      const secret = "Fee is four lakh, keep it between us";
      await send(app.services.messages, keyed.organizer, cast.conversationId, secret);
      await deliver();
      const push = to(actBrowser).at(-1)!;
      const payload = payloadOf(push);
      assert.equal(payload.type, "messages");
      const { display_name } = await db.selectFrom("users").select("display_name")
        .where("id", "=", people.organizer.id).executeTakeFirstOrThrow();
      assert.equal(payload.title, `New message from ${display_name}`);
      assert.equal(payload.link, `/messages/${cast.conversationId}`);
      for (const word of ["four lakh", "between us", "Fee"]) assert.ok(!push.text.includes(word), push.text);
    });

    await t.step("a ringing call: urgent, and no longer than it rings", async () => {
      const before = to(actBrowser).length;
      await startP2PCall(app.services.calls, keyed.organizer.actor, {
        conversationId: cast.conversationId,
        deviceId: keyed.organizer.devices[0].id,
      }, meta);
      await deliver();
      const pushes = to(actBrowser).slice(before);
      assert.equal(pushes.length, 1);
      assert.equal(payloadOf(pushes[0]).type, "calls");
      assert.match(payloadOf(pushes[0]).title, / is calling$/);
      assert.equal(pushes[0].urgency, "high");
      assert.ok(pushes[0].ttl <= 45 && pushes[0].ttl > 30, String(pushes[0].ttl));
    });

    await t.step("a type turned off sends nothing to that person", async () => {
      const off = await call(people.organizer, "PUT", "/push/preferences", {
        offers: false,
        requests: true,
        accepted: true,
        waiting: true,
        messages: true,
        calls: true,
      });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      const counter = await call(people.organizer, "POST", `/negotiations/${bookingId}/offer`, {
        fee: 8_000_000,
      });
      assert.equal(counter.status, 200);
      const before = to(organizerBrowser).length;
      const requote = await call(people.act, "POST", `/negotiations/${bookingId}/offer`, { fee: 8_500_000 });
      assert.equal(requote.status, 200, JSON.stringify(requote.body));
      await deliver();
      assert.equal(to(organizerBrowser).length, before);
      const organizerSub = await db.selectFrom("push_subscriptions").select("id")
        .where("user_id", "=", people.organizer.id).executeTakeFirstOrThrow();
      const queued = await db.selectFrom("outbox").select("template")
        .where("recipient", "=", organizerSub.id).execute();
      assert.deepEqual(queued.map((r) => r.template), ["offers"]);
      // Still a notice in the app, as ever.
      const inbox = await call(people.organizer, "GET", "/me/notifications");
      assert.ok(
        inbox.body.data.notifications.some((n: { subject: string }) =>
          n.subject === "New offer on your booking"
        ),
      );
    });

    await t.step("a 410 from the push service removes the subscription", async () => {
      pushService.answer(actBrowser.endpoint, 410);
      const counter = await call(people.organizer, "POST", `/negotiations/${bookingId}/offer`, {
        fee: 8_200_000,
      });
      assert.equal(counter.status, 200);
      await deliver();
      assert.equal(pushService.attempts.at(-1)?.status, 410);
      const left = await db.selectFrom("push_subscriptions").select("user_id").execute();
      assert.deepEqual(left.map((r) => r.user_id), [people.organizer.id]);
      const row = await db.selectFrom("outbox").select(["status", "last_error"]).where("channel", "=", "push")
        .orderBy("created_at", "desc").executeTakeFirstOrThrow();
      assert.equal(row.status, "failed");
      assert.match(row.last_error ?? "", /410/);
      assert.ok(!(row.last_error ?? "").includes(actBrowser.endpoint));
    });

    await t.step("turning it off by endpoint: only one's own", async () => {
      const strangers = await call(people.stranger, "DELETE", "/push/subscriptions", {
        endpoint: organizerBrowser.endpoint,
      });
      assert.equal(strangers.status, 404);
      const own = await call(people.organizer, "DELETE", "/push/subscriptions", {
        endpoint: organizerBrowser.endpoint,
      });
      assert.equal(own.status, 200);
      assert.deepEqual(await db.selectFrom("push_subscriptions").select("id").execute(), []);
    });

    await t.step("deleting an account forgets its browsers and choices", async () => {
      const browser = await pushService.subscribe(publicKey);
      assert.equal((await call(people.stranger, "POST", "/push/subscriptions", browser)).status, 201);
      const choices = {
        offers: false,
        requests: true,
        accepted: true,
        waiting: true,
        messages: true,
        calls: true,
      };
      assert.equal((await call(people.stranger, "PUT", "/push/preferences", choices)).status, 200);
      assert.equal((await call(people.stranger, "DELETE", `/users/${people.stranger.id}`)).status, 200);
      for (const table of ["push_subscriptions", "push_preferences"] as const) {
        const left = await db.selectFrom(table).select("user_id").where("user_id", "=", people.stranger.id)
          .execute();
        assert.deepEqual(left, [], table);
      }
    });
  } finally {
    await app.close();
    await pushService.close();
  }
});

/** A clock the test moves; starts a minute ahead, so rows the database stamps during the test are due. */
function testClock() {
  let t = Date.now() + 60_000;
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

const SECRET = "push-test-secret-0123456789abcdef0123456789";

async function dispatcherSetUp(db: Kysely<Database>) {
  const dir = await Deno.makeTempDir();
  const vapid: PushConfig =
    (await pushConfig("test", dir, { MAIL_FROM: "Artist Space <no-reply@artistspace.in>" }))!;
  const sealer = outboxSealer(SECRET);
  const clock = testClock();
  const pushService = startPushService();
  const deps: ServiceDeps = {
    db,
    signer: await accessTokenSigner(SECRET),
    async sendEmail(trx, to, message) {
      await enqueue(trx, { channel: "email", to, ...message }, sealer);
    },
    origin: "https://artistspace.in",
    now: clock.now,
    push: { publicKey: vapid.publicKey, allowLoopback: true, sealer, kick() {} },
  };
  const dispatcher = createDispatcher({
    db,
    transport: new DevMailbox(),
    sealer,
    now: clock.now,
    push: pushChannel({ db, sender: createPushSender(vapid), sealer, allowLoopback: true, now: clock.now }),
  });
  const user = await person(db, "organizer");
  const session = await db.insertInto("sessions")
    .values({ user_id: user.userId, kind: "browser", expires_at: new Date(Date.now() + DAY) })
    .returning("id").executeTakeFirstOrThrow();
  const actor = { userId: user.userId, roles: user.roles, sessionId: session.id };
  const browser = await pushService.subscribe(vapid.publicKey);
  const { device } = await subscribeToPush(deps, actor, browser, { ip: null, userAgent: PHONE });
  const tell = (subject: "New offer on your booking" | "New booking request" | "Booking cancelled") =>
    db.transaction().execute((trx) =>
      notify(trx, deps, { userId: user.userId, subject, text: "About “Sufi night”.", link: "/bookings/b" })
    );
  const pushRows = () =>
    db.selectFrom("outbox").select(["id", "status", "attempts", "next_attempt_at", "last_error"])
      .where("channel", "=", "push").orderBy("created_at").execute();
  const subscription = () =>
    db.selectFrom("push_subscriptions").select(["failure_count", "last_success_at"])
      .where("id", "=", device.id).executeTakeFirstOrThrow();
  return {
    deps,
    actor,
    clock,
    pushService,
    dispatcher,
    browser,
    tell,
    pushRows,
    subscription,
    async close() {
      await dispatcher.stop();
      await pushService.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

testOnEachDriver("push dispatch: a 503 is retried after its Retry-After, then delivered", async ({ db }) => {
  const s = await dispatcherSetUp(db);
  try {
    s.pushService.answer(s.browser.endpoint, 503, 1, { "Retry-After": "120" });
    await s.tell("New offer on your booking");
    await s.dispatcher.runOnce();
    assert.deepEqual(s.pushService.attempts.map((a) => a.status), [503]);
    let [row] = await s.pushRows();
    assert.equal(row.status, "pending");
    assert.equal(row.attempts, 1);
    // The backoff would say 60 s; the push service asked for 120.
    assert.equal(row.next_attempt_at.getTime(), s.clock.now().getTime() + 120_000);
    assert.match(row.last_error ?? "", /503/);
    assert.equal((await s.subscription()).failure_count, 1);

    await s.dispatcher.runOnce();
    assert.equal(s.pushService.attempts.length, 1, "not before it is due");
    s.clock.advance(121_000);
    await s.dispatcher.runOnce();
    assert.deepEqual(s.pushService.attempts.map((a) => a.status), [503, 201]);
    [row] = await s.pushRows();
    assert.equal(row.status, "sent");
    assert.equal((await s.subscription()).failure_count, 0);
    assert.equal((await s.subscription()).last_success_at?.getTime(), s.clock.now().getTime());

    // A ringing call's push lives only as long as it rings, counted from when it was queued.
    const ring = async (queuedSecondsAgo: number) => {
      await db.transaction().execute((trx) =>
        enqueuePush(trx, s.deps.push, {
          userId: s.actor.userId,
          type: "calls",
          title: "Dev is calling",
          body: "About “Sufi night”",
          link: "/messages/m",
        })
      );
      await db.updateTable("outbox").set({
        created_at: new Date(s.clock.now().getTime() - queuedSecondsAgo * 1000),
      })
        .where("channel", "=", "push").where("status", "=", "pending").execute();
      await s.dispatcher.runOnce();
      return (await s.pushRows()).at(-1)!;
    };
    const late = await ring(50);
    assert.equal(late.status, "failed");
    assert.match(late.last_error ?? "", /not delivered within its 45 s/);
    assert.equal(s.pushService.delivered.length, 1, "the late ring was not sent");
    assert.equal((await ring(10)).status, "sent");
    assert.equal(s.pushService.delivered.at(-1)!.ttl, 35);
    assert.equal(s.pushService.delivered.at(-1)!.urgency, "high");
  } finally {
    await s.close();
  }
});

testOnEachDriver(
  "push dispatch: a crash between sending and recording resends once, with the same Topic and tag",
  async ({ db }) => {
    const s = await dispatcherSetUp(db);
    try {
      // The first "mark sent" of a push row fails, as if the process died right after the push service
      // took the message. A sequence, because nextval survives the rollback of the failing statement.
      await sql`create sequence push_record_failures`.execute(db);
      await sql`create function fail_first_push_record() returns trigger language plpgsql as $$
        begin
          if new.channel = 'push' and new.status = 'sent' and nextval('push_record_failures') = 1 then
            raise exception 'the process died before recording the send';
          end if;
          return new;
        end $$`.execute(db);
      await sql`create trigger fail_first_push_record before update on outbox
        for each row execute function fail_first_push_record()`.execute(db);

      await s.tell("New booking request");
      await s.dispatcher.runOnce();
      assert.equal(s.pushService.delivered.length, 1);
      let [row] = await s.pushRows();
      assert.equal(row.status, "pending", "the send was not recorded");
      await s.dispatcher.runOnce();
      assert.equal(s.pushService.delivered.length, 1, "nothing goes again while the lease holds");

      s.clock.advance(15 * 60_000 + 1000);
      await s.dispatcher.runOnce();
      [row] = await s.pushRows();
      assert.equal(row.status, "sent");
      assert.equal(row.attempts, 2);
      const [first, second] = s.pushService.delivered;
      assert.equal(s.pushService.delivered.length, 2, "resent once");
      assert.equal(second.topic, first.topic);
      assert.equal(payloadOf(second).tag, payloadOf(first).tag);
      assert.equal(second.text, first.text);
      await s.dispatcher.runOnce();
      assert.equal(s.pushService.delivered.length, 2, "and only once");
    } finally {
      await s.close();
    }
  },
);

testOnEachDriver(
  "push dispatch: muted types, unpushed subjects and signed-out sessions send nothing",
  async ({ db }) => {
    const s = await dispatcherSetUp(db);
    try {
      await setPushPreferences(s.deps, s.actor, {
        offers: false,
        requests: true,
        accepted: true,
        waiting: true,
        messages: true,
        calls: true,
      }, meta);
      await s.tell("New offer on your booking");
      await s.tell("Booking cancelled");
      assert.deepEqual(
        await s.pushRows(),
        [],
        "a muted type and a subject push does not carry queue nothing",
      );
      const audit = await db.selectFrom("audit_logs").select("diff").where(
        "action",
        "=",
        "push.preferences_changed",
      )
        .executeTakeFirstOrThrow();
      assert.deepEqual(audit.diff, { muted: ["offers"] });

      // Queued while signed in, then the session is signed out before the dispatcher gets to it.
      await s.tell("New booking request");
      await db.updateTable("sessions").set({ revoked_at: s.clock.now(), revoked_reason: "logout" })
        .where("id", "=", s.actor.sessionId).execute();
      await s.dispatcher.runOnce();
      const [row] = await s.pushRows();
      assert.equal(row.status, "failed");
      assert.match(row.last_error ?? "", /signed out/);
      await s.tell("New booking request");
      assert.equal((await s.pushRows()).length, 1, "nothing more is queued for a signed-out browser");
      assert.deepEqual(s.pushService.attempts, []);
    } finally {
      await s.close();
    }
  },
);

Deno.test("push endpoints: production sends only to named https hosts on their own port", () => {
  const production = (url: string) => endpointProblem(url, false);
  assert.equal(production("https://fcm.googleapis.com/fcm/send/abc:def"), null);
  assert.equal(production("https://updates.push.services.mozilla.com/wpush/v2/gAAA"), null);
  assert.equal(production("https://web.push.apple.com/QGvx"), null);
  for (
    const refused of [
      "http://fcm.googleapis.com/fcm/send/x",
      "https://user:pass@fcm.googleapis.com/x",
      "https://127.0.0.1/x",
      "https://[::1]/x",
      "https://10.1.2.3/x",
      "https://169.254.169.254/latest/meta-data",
      "https://[fe80::1]/x",
      "https://localhost/x",
      "https://push.internal/x",
      "https://printer.local/x",
      "https://intranet/x",
      "https://fcm.googleapis.com:8443/x",
      "https://fcm.googleapis.com/x#frag",
      "ftp://fcm.googleapis.com/x",
      "not a url",
      `https://fcm.googleapis.com/${"a".repeat(2100)}`,
    ]
  ) {
    assert.ok(production(refused), `refused in production: ${refused}`);
  }
  // Development and test: a loopback push service too, over http.
  assert.equal(endpointProblem("http://127.0.0.1:4000/push/x", true), null);
  assert.equal(endpointProblem("http://localhost:4000/push/x", true), null);
  assert.ok(endpointProblem("http://10.0.0.2:4000/push/x", true));
  assert.ok(endpointProblem("http://user:pw@127.0.0.1:4000/push/x", true));
});

Deno.test("push configuration: keys from the environment, development keys kept, production off without", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const base = { APP_SECRET: SECRET, JWT_SECRET: SECRET, DATA_DIR: dir };
    const dev = await loadConfig({ ...base, APP_ENV: "development" });
    assert.equal(dev.push?.source, "development");
    assert.equal(dev.push?.subject, "mailto:no-reply@artistspace.in");
    const again = await loadConfig({ ...base, APP_ENV: "test" });
    assert.equal(again.push?.publicKey, dev.push?.publicKey, "kept under the data folder");
    assert.equal((await Deno.stat(`${dir}/vapid.json`)).mode! & 0o077, 0);

    const production = {
      ...base,
      APP_ENV: "production",
      APP_ORIGIN: "https://artistspace.in",
      DATABASE_URL: "postgres://db/app",
      CONTRACT_SEAL_P12: "x",
    };
    assert.equal((await loadConfig(production)).push, null);
    const given = await loadConfig({
      ...production,
      VAPID_PUBLIC_KEY: dev.push!.publicKey,
      VAPID_PRIVATE_KEY: dev.push!.privateKey,
      VAPID_SUBJECT: "https://artistspace.in/contact",
    });
    assert.deepEqual(given.push, {
      ...dev.push,
      subject: "https://artistspace.in/contact",
      source: "environment",
    });

    const other = (await pushConfig("test", `${dir}/other`, { MAIL_FROM: "a@b.in" }))!;
    for (
      const [env, message] of [
        [{ VAPID_PUBLIC_KEY: dev.push!.publicKey }, /both|neither/],
        [
          { VAPID_PUBLIC_KEY: dev.push!.publicKey, VAPID_PRIVATE_KEY: other.privateKey },
          /not the private key/,
        ],
        [{ VAPID_PUBLIC_KEY: "short", VAPID_PRIVATE_KEY: other.privateKey }, /uncompressed P-256/],
        [{ VAPID_SUBJECT: "someone" }, /mailto: address or an https/],
      ] as const
    ) {
      await assert.rejects(loadConfig({ ...production, ...env }), (err) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, message);
        // A refused private key is never echoed.
        assert.ok(!err.message.includes(other.privateKey));
        return true;
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every pushed subject is a real notification subject, and the rest are not pushed", () => {
  for (const subject of PUSHED_SUBJECTS) {
    assert.ok((ACTIVITY_SUBJECTS as readonly string[]).includes(subject), subject);
  }
  assert.equal(pushTypeOfSubject("New offer on your booking"), "offers");
  assert.equal(pushTypeOfSubject("Contract ready to sign"), "waiting");
  assert.equal(pushTypeOfSubject("Booking cancelled"), null);
  assert.equal(pushTypeOfSubject("toString"), null);
});
