/**
 * Rate limits: the counting service against a real engine (time is moved by
 * the `now` parameter, never by sleeping), exact counting under concurrency
 * on PostgreSQL, and the Hono middleware through `app.request()`.
 */
import { signUp } from "./support/accounts.ts";
import { openTestApp } from "./support/app.ts";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { sql } from "kysely";
import { RateLimited } from "../domain/errors.ts";
import { ok } from "../api/envelope.ts";
import { onApiError } from "../api/errors.ts";
import { clientIp, rateLimit } from "../api/middleware/rate_limit.ts";
import {
  API_PER_USER,
  consume,
  enforce,
  InstanceCounters,
  ipSubject,
  type Limit,
  LOGIN_CODE_MAIL,
  LOGIN_PER_ACCOUNT,
  LOGIN_PER_ACCOUNT_IP,
  LOGIN_PER_IP,
  MESSAGES_PER_USER,
  peek,
  prune,
  PUBLIC_PER_IP,
  release,
  reset,
} from "../services/rate_limit.ts";
import { hasPostgres, openTestDatabase, testOnEachDriver } from "./support/db.ts";

const THREE_PER_MINUTE: Limit = { name: "test_three", max: 3, windowSeconds: 60 };
const T0 = new Date("2026-03-01T10:00:00.000Z");

function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

testOnEachDriver("consume allows max requests per window, then refuses until it ends", async ({ db }) => {
  const seen = [];
  for (const s of [0, 10, 20, 30, 59.5]) seen.push(await consume(db, THREE_PER_MINUTE, "ip-1", at(s)));
  assert.deepEqual(seen, [
    { allowed: true, remaining: 2, retryAfterSeconds: 0, resetSeconds: 60 },
    { allowed: true, remaining: 1, retryAfterSeconds: 0, resetSeconds: 50 },
    { allowed: true, remaining: 0, retryAfterSeconds: 0, resetSeconds: 40 },
    { allowed: false, remaining: 0, retryAfterSeconds: 30, resetSeconds: 30 },
    // Rounded up: retrying after 0 s would be refused again.
    { allowed: false, remaining: 0, retryAfterSeconds: 1, resetSeconds: 1 },
  ]);

  // The window ends 60 s after its first hit, and the next hit opens a new one there.
  assert.deepEqual(await consume(db, THREE_PER_MINUTE, "ip-1", at(60)), {
    allowed: true,
    remaining: 2,
    retryAfterSeconds: 0,
    resetSeconds: 60,
  });
  assert.equal((await consume(db, THREE_PER_MINUTE, "ip-1", at(119))).remaining, 1);
  assert.deepEqual(await consume(db, THREE_PER_MINUTE, "ip-1", at(500)), {
    allowed: true,
    remaining: 2,
    retryAfterSeconds: 0,
    resetSeconds: 60,
  });
});

testOnEachDriver("subjects and limits are counted apart", async ({ db }) => {
  const other: Limit = { ...THREE_PER_MINUTE, name: "test_other" };
  for (let i = 0; i < 3; i++) await consume(db, THREE_PER_MINUTE, "ip-1", T0);
  assert.equal((await consume(db, THREE_PER_MINUTE, "ip-1", T0)).allowed, false);
  assert.equal((await consume(db, THREE_PER_MINUTE, "ip-2", T0)).allowed, true);
  assert.equal((await consume(db, other, "ip-1", T0)).allowed, true);
});

testOnEachDriver("peek says whether the next consume would pass, without counting", async ({ db }) => {
  assert.deepEqual(await peek(db, THREE_PER_MINUTE, "ip-1", T0), {
    allowed: true,
    remaining: 3,
    retryAfterSeconds: 0,
    resetSeconds: 60,
  });
  for (let i = 0; i < 5; i++) await peek(db, THREE_PER_MINUTE, "ip-1", T0);
  await consume(db, THREE_PER_MINUTE, "ip-1", T0);
  await consume(db, THREE_PER_MINUTE, "ip-1", at(1));
  assert.deepEqual(await peek(db, THREE_PER_MINUTE, "ip-1", at(2)), {
    allowed: true,
    remaining: 1,
    retryAfterSeconds: 0,
    resetSeconds: 58,
  });
  assert.equal((await consume(db, THREE_PER_MINUTE, "ip-1", at(3))).allowed, true);
  assert.deepEqual(await peek(db, THREE_PER_MINUTE, "ip-1", at(45)), {
    allowed: false,
    remaining: 0,
    retryAfterSeconds: 15,
    resetSeconds: 15,
  });
  assert.equal((await peek(db, THREE_PER_MINUTE, "ip-1", at(60))).allowed, true, "the window has ended");
});

testOnEachDriver("enforce throws RateLimited with the seconds to wait", async ({ db }) => {
  for (let i = 0; i < 3; i++) assert.equal((await enforce(db, THREE_PER_MINUTE, "ip-1", T0)).allowed, true);
  const err = await enforce(db, THREE_PER_MINUTE, "ip-1", at(20)).catch((e: unknown) => e);
  assert.ok(err instanceof RateLimited);
  assert.equal(err.code, "RATE_LIMIT_EXCEEDED");
  assert.equal(err.retryAfterSeconds, 40);
});

testOnEachDriver("reset forgets one subject of one limit", async ({ db }) => {
  for (let i = 0; i < 4; i++) {
    await consume(db, THREE_PER_MINUTE, "ip-1", T0);
    await consume(db, THREE_PER_MINUTE, "ip-2", T0);
  }
  await reset(db, THREE_PER_MINUTE, "ip-1");
  assert.equal((await consume(db, THREE_PER_MINUTE, "ip-1", T0)).remaining, 2);
  assert.equal((await consume(db, THREE_PER_MINUTE, "ip-2", T0)).allowed, false);
});

testOnEachDriver(
  "release takes back one hit of the window that counted it, never below 0",
  async ({ db }) => {
    for (let i = 0; i < 4; i++) await consume(db, THREE_PER_MINUTE, "ip-1", T0);
    await release(db, THREE_PER_MINUTE, "ip-1", T0);
    await release(db, THREE_PER_MINUTE, "ip-1", T0);
    assert.equal((await peek(db, THREE_PER_MINUTE, "ip-1", at(1))).remaining, 1);
    for (let i = 0; i < 3; i++) await release(db, THREE_PER_MINUTE, "ip-1", at(1));
    assert.deepEqual(await db.selectFrom("rate_limits").select("hits").execute(), [{ hits: 0 }]);
    assert.deepEqual(await consume(db, THREE_PER_MINUTE, "ip-1", at(2)), {
      allowed: true,
      remaining: 2,
      retryAfterSeconds: 0,
      resetSeconds: 58,
    }, "counting goes on in the same window");

    // A hit counted in a window that has ended is not taken from the next one.
    await consume(db, THREE_PER_MINUTE, "ip-1", at(60));
    await release(db, THREE_PER_MINUTE, "ip-1", at(30));
    assert.equal((await peek(db, THREE_PER_MINUTE, "ip-1", at(61))).remaining, 2);
    await release(db, THREE_PER_MINUTE, "ip-1", at(60));
    assert.equal((await peek(db, THREE_PER_MINUTE, "ip-1", at(61))).remaining, 3);

    await release(db, THREE_PER_MINUTE, "never-counted", T0);
    assert.equal(await db.selectFrom("rate_limits").select("key").execute().then((r) => r.length), 1);
  },
);

testOnEachDriver("prune deletes the counters whose window started before the cut-off", async ({ db }) => {
  await consume(db, THREE_PER_MINUTE, "old", T0);
  await consume(db, THREE_PER_MINUTE, "edge", at(60));
  await consume(db, THREE_PER_MINUTE, "new", at(90));
  assert.equal(await prune(db, at(60)), 1);
  assert.equal(await prune(db, at(60)), 0);
  const { n } = await db.selectFrom("rate_limits").select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  assert.equal(n, 2);
});

testOnEachDriver("the stored key is the limit name and a SHA-256 of the subject", async ({ db }) => {
  const email = "asha.artist@example.in|203.0.113.7";
  await consume(db, LOGIN_PER_ACCOUNT_IP, email, T0);
  const rows = await db.selectFrom("rate_limits").selectAll().execute();
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(email));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  assert.deepEqual(rows, [{ key: `login_account_ip:${hex}`, window_start: T0, hits: 1 }]);
  assert.ok(!JSON.stringify(rows).includes("asha"));
  assert.ok(!JSON.stringify(rows).includes("203.0.113"));
});

testOnEachDriver("prune can use the window_start index", async ({ db }) => {
  await db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ "QUERY PLAN": string }>`explain delete from rate_limits
      where window_start < now()`.execute(trx);
    assert.match(rows.map((r) => r["QUERY PLAN"]).join("\n"), /rate_limits_window_start_idx/);
  });
});

Deno.test({
  name: "50 concurrent consumes of a limit of 10 allow exactly 10 [pg]",
  ignore: !hasPostgres,
  async fn() {
    const { db, close } = await openTestDatabase({ driver: "pg" });
    try {
      const tenPerHour: Limit = { name: "test_ten", max: 10, windowSeconds: 3600 };
      const results = await Promise.all(
        Array.from({ length: 50 }, () => consume(db, tenPerHour, "203.0.113.7")),
      );
      const allowed = results.filter((r) => r.allowed);
      assert.equal(allowed.length, 10);
      assert.deepEqual(allowed.map((r) => r.remaining).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const { hits } = await db.selectFrom("rate_limits").select("hits").executeTakeFirstOrThrow();
      assert.equal(hits, 50);
    } finally {
      await close();
    }
  },
});

Deno.test({
  name: "40 concurrent consume-then-release pairs leave nothing counted [pg]",
  ignore: !hasPostgres,
  async fn() {
    const { db, close } = await openTestDatabase({ driver: "pg" });
    try {
      const tenPerHour: Limit = { name: "test_ten", max: 10, windowSeconds: 3600 };
      const now = new Date();
      await Promise.all(Array.from({ length: 40 }, async () => {
        await consume(db, tenPerHour, "203.0.113.7", now);
        await release(db, tenPerHour, "203.0.113.7", now);
      }));
      assert.deepEqual(await db.selectFrom("rate_limits").select("hits").execute(), [{ hits: 0 }]);
    } finally {
      await close();
    }
  },
});

// ---- HTTP ----

const PEER = { remoteAddr: { transport: "tcp", hostname: "203.0.113.7", port: 50000 } };

function echoIpApp(trustProxy: boolean): Hono {
  const app = new Hono();
  app.get("/ip", (c) => c.text(clientIp(c, { trustProxy }) ?? "unknown"));
  return app;
}

Deno.test("clientIp is the connection's peer and ignores X-Forwarded-For unless trustProxy", async () => {
  const headers = { "X-Forwarded-For": "198.51.100.1, 192.0.2.9" };
  const untrusted = echoIpApp(false);
  assert.equal(await (await untrusted.request("/ip", { headers }, PEER)).text(), "203.0.113.7");
  assert.equal(await (await untrusted.request("/ip", { headers })).text(), "unknown");

  const trusted = echoIpApp(true);
  // Right-most: what our proxy appended. The left-most is whatever the client sent.
  assert.equal(await (await trusted.request("/ip", { headers }, PEER)).text(), "192.0.2.9");
  assert.equal(await (await trusted.request("/ip", {}, PEER)).text(), "203.0.113.7");
  const withPorts = async (xff: string) =>
    await (await trusted.request("/ip", { headers: { "X-Forwarded-For": xff } }, PEER)).text();
  assert.equal(await withPorts("192.0.2.9:41234"), "192.0.2.9");
  assert.equal(await withPorts("[2001:db8::1]:41234"), "2001:db8::1");
  assert.equal(await withPorts("2001:db8::1"), "2001:db8::1");
});

Deno.test("ipSubject limits IPv6 per /64 and maps IPv4-mapped addresses to IPv4", () => {
  assert.equal(ipSubject("203.0.113.7"), "203.0.113.7");
  assert.equal(ipSubject("::ffff:203.0.113.7"), "203.0.113.7");
  assert.equal(ipSubject("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  assert.equal(ipSubject("2001:0DB8:0001:0002:bbbb:cccc:dddd:eeee"), "2001:db8:1:2::/64");
  assert.equal(ipSubject("2001:db8::"), "2001:db8:0:0::/64");
  assert.equal(ipSubject("fe80::1%eth0"), "fe80:0:0:0::/64");
  assert.equal(ipSubject("64:ff9b::192.0.2.33"), "64:ff9b:0:0::/64");
  assert.equal(ipSubject("::1"), "0:0:0:0::/64");
  assert.equal(ipSubject("not an ip"), "not an ip");
});

Deno.test("rateLimit sets RateLimit-* headers, then answers 429 with Retry-After in the envelope", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const twoPerMinute: Limit = { name: "test_http", max: 2, windowSeconds: 60 };
    const app = new Hono();
    app.onError(onApiError);
    app.use(rateLimit({
      db,
      limitFor(c) {
        if (c.req.path === "/free") return null;
        return { limit: twoPerMinute, subject: ipSubject(clientIp(c, { trustProxy: false }) ?? "unknown") };
      },
    }));
    app.get("/hello", (c) => c.json(ok("hi")));
    // A handler that builds its own Response still gets the headers.
    app.get("/raw", () => new Response("raw"));
    app.get("/free", (c) => c.text("free"));

    const first = await app.request("/hello", {}, PEER);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("RateLimit-Limit"), "2");
    assert.equal(first.headers.get("RateLimit-Remaining"), "1");
    assert.equal(first.headers.get("RateLimit-Reset"), "60");
    assert.equal((await first.json()).data, "hi");

    const second = await app.request("/raw", {}, PEER);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get("RateLimit-Remaining"), "0");
    assert.equal(await second.text(), "raw");

    const refused = await app.request("/hello", {}, PEER);
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get("Content-Type") ?? "", /^application\/json/);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(refused.headers.get("RateLimit-Remaining"), null);
    const body = await refused.json();
    assert.equal(body.success, false);
    assert.equal(body.error.code, "RATE_LIMIT_EXCEEDED");

    const elsewhere = { remoteAddr: { ...PEER.remoteAddr, hostname: "198.51.100.1" } };
    assert.equal((await app.request("/hello", {}, elsewhere)).status, 200, "another IP has its own count");

    const free = await app.request("/free", {}, PEER);
    assert.equal(free.status, 200);
    assert.equal(free.headers.get("RateLimit-Limit"), null);
  } finally {
    await close();
  }
});

Deno.test("instance counters give the database's verdicts for the same hits", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const counters = new InstanceCounters();
    for (const s of [0, 10, 20, 30, 59.5, 60, 119, 500]) {
      assert.deepEqual(
        counters.consume(THREE_PER_MINUTE, "ip-1", at(s)),
        await consume(db, THREE_PER_MINUTE, "ip-1", at(s)),
        `at ${s} s`,
      );
    }
    assert.equal(counters.consume(THREE_PER_MINUTE, "ip-2", at(500)).remaining, 2, "subjects apart");
    const err = (() => {
      for (let i = 0; i < 3; i++) counters.enforce(THREE_PER_MINUTE, "ip-3", T0);
      try {
        counters.enforce(THREE_PER_MINUTE, "ip-3", at(20));
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof RateLimited);
    assert.equal(err.retryAfterSeconds, 40);
  } finally {
    await close();
  }
});

Deno.test("instance counters keep at most maxSubjects windows, dropping the oldest", () => {
  const counters = new InstanceCounters(2);
  for (const subject of ["a", "a", "b", "c"]) counters.consume(THREE_PER_MINUTE, subject, T0);
  assert.equal(counters.consume(THREE_PER_MINUTE, "c", T0).remaining, 1, "c is still counted");
  assert.equal(counters.consume(THREE_PER_MINUTE, "a", T0).remaining, 2, "a was dropped and starts afresh");
});

Deno.test("only the anonymous per-address API limit is counted per instance; credentials stay exact", () => {
  assert.equal(PUBLIC_PER_IP.counted, "instance");
  for (
    const limit of [LOGIN_PER_IP, LOGIN_PER_ACCOUNT_IP, LOGIN_PER_ACCOUNT, LOGIN_CODE_MAIL, API_PER_USER]
  ) {
    assert.notEqual(limit.counted, "instance", limit.name);
  }
});

Deno.test("rateLimit counts an instance limit in memory, without a database row", async () => {
  const { db, close } = await openTestDatabase();
  try {
    const twoPerMinute: Limit = { name: "test_instance", max: 2, windowSeconds: 60, counted: "instance" };
    const app = new Hono();
    app.onError(onApiError);
    app.use(
      rateLimit({
        db,
        limitFor: (c) => ({ limit: twoPerMinute, subject: clientIp(c, { trustProxy: false })! }),
      }),
    );
    app.get("/hello", (c) => c.json(ok("hi")));
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.request("/hello", {}, PEER);
      statuses.push([res.status, res.headers.get("RateLimit-Remaining")]);
      await res.body?.cancel();
    }
    assert.deepEqual(statuses, [[200, "1"], [200, "0"], [429, null]]);
    const rows = await db.selectFrom("rate_limits").select("key").execute();
    assert.deepEqual(rows, []);
  } finally {
    await close();
  }
});

Deno.test("messages count against their own allowance, everything else against the API's", async () => {
  const app = await openTestApp();
  try {
    const who = await signUp(app, "organizer");
    const limitOf = async (path: string) => {
      const res = await app.request(`/api/v1${path}`, { headers: who.headers });
      await res.body?.cancel();
      return [res.status, res.headers.get("RateLimit-Limit")];
    };
    assert.deepEqual(await limitOf("/messages"), [200, String(MESSAGES_PER_USER.max)]);
    assert.deepEqual(await limitOf(`/users/${who.id}/key-backup`), [404, String(MESSAGES_PER_USER.max)]);
    assert.deepEqual(await limitOf("/auth/me"), [200, String(API_PER_USER.max)]);
  } finally {
    await app.close();
  }
});
