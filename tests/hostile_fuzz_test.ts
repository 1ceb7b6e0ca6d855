/**
 * The whole attack surface against hostile values, anonymous and signed in:
 * every page route of the manifest (path segments, query values, the fields
 * of every form the page renders) and every operation of the OpenAPI
 * document (path and query parameters, JSON fields, empty and extra fields).
 * Nothing may answer 5xx, and everything under /api/v1 answers the envelope.
 * In-process, so the test can keep the rate limits out of the way; an
 * unwritable header shows here as a 500 (server/middleware/writable_headers.ts),
 * and tests/server_survives_test.ts sends the control characters over a socket.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { seedDemo } from "../server/demo_seed.ts";
import { openTestApp } from "./support/app.ts";
import { startLiveKitStandIn } from "./support/livekit_server.ts";
import {
  findExamples,
  operationTargets,
  pageTargets,
  pooled,
  type Probe,
  requestInit,
  type Send,
  signInAs,
} from "./support/attack_surface.ts";
import { HOSTILE_TEXT, type LabelledProbe, operationProbes, pageProbes } from "./support/hostile_probes.ts";
import { NON_LATIN1 } from "./support/hostile_values.ts";

/**
 * The kinds of hostile text, with a sample of the control characters
 * (tests/server_survives_test.ts sends every one of them over a socket).
 */
const TEXT = [
  ...HOSTILE_TEXT,
  "\u0000",
  "a\u0000b",
  "a\fb",
  "x\u007f",
  NON_LATIN1[0],
  NON_LATIN1[2],
];
/** Requests in flight at once. */
const CONCURRENCY = 8;

Deno.test("hostile values on every route and operation: no 5xx, the envelope on the API", async (t) => {
  // LiveKit's stand-in, so the call routes run their code rather than answer 503 for want of it.
  const livekit = startLiveKitStandIn();
  const app = await openTestApp(livekit.env);
  try {
    await seedDemo(app.database.db);
    let sent = 0;
    const send: Send = async (probe: Probe) => {
      // A new address for each request and a clean slate of counters now and then: the limits
      // have their own tests, and here they would answer 429 before the code under test runs.
      if (++sent % 50 === 0) await sql`delete from rate_limits`.execute(app.database.db);
      const ip = `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
      return await app.request(probe.url, requestInit(probe, { Origin: "http://localhost" }), ip);
    };
    const organizer = await signInAs(send, "dev.organizer");
    const admin = await signInAs(send, "farhan.admin");
    const examples = await findExamples(send, organizer);
    const operations = await operationTargets(send, examples);
    let failures: string[] = [];
    const check = async (probe: LabelledProbe) => {
      const res = await send(probe);
      const text = await res.text();
      const where = `${probe.label} (${probe.method} ${probe.url.slice(0, 120)}) -> ${res.status}`;
      if (res.status >= 500) failures.push(`${where} ${text.slice(0, 200)}`);
      if (probe.url.startsWith("/api/v1/")) {
        const envelope = (() => {
          try {
            return JSON.parse(text);
          } catch {
            return null;
          }
        })();
        const ok = envelope && typeof envelope.success === "boolean" &&
          (envelope.success ? "data" in envelope : typeof envelope.error?.code === "string");
        // The one answer that is not JSON: a contract's PDF, which must then really be one.
        const pdf = res.status === 200 && res.headers.get("content-type") === "application/pdf" &&
          text.startsWith("%PDF-");
        if (!ok && !pdf) failures.push(`${where} not the envelope: ${text.slice(0, 200)}`);
      }
    };

    for (
      const [who, token] of [["anonymous", undefined], ["organizer", organizer], ["admin", admin]] as const
    ) {
      await t.step(`as ${who}`, async () => {
        failures = [];
        const pages = await pageTargets(send, examples, token);
        const probes = [
          ...pages.flatMap((page) => [...pageProbes(page, TEXT, token)]),
          ...operations.flatMap((op) => [...operationProbes(op, TEXT, token)]),
        ];
        const started = performance.now();
        await pooled(probes, CONCURRENCY, check);
        console.log(`${who}: ${probes.length} requests in ${Math.round(performance.now() - started)} ms`);
        assert.deepEqual(failures.slice(0, 40), [], `${failures.length} failures`);
      });
    }
  } finally {
    await app.close();
    await livekit.close();
  }
});
