/**
 * `deno task start`'s server, over a real socket, against every control
 * character (0x00-0x1F, 0x7F) and text outside Latin-1 in every path segment,
 * query value and form field of every page route (anonymous and signed in)
 * and in every path and query parameter of the API: it must answer each one
 * and still answer /healthz after each route. A value that reached a header
 * raw used to abort the whole process here.
 */
import assert from "node:assert/strict";
import { startServer } from "./support/server.ts";
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
import { type LabelledProbe, operationProbes, pageProbes } from "./support/hostile_probes.ts";
import { CONTROL_CHARACTERS, NON_LATIN1 } from "./support/hostile_values.ts";

/** Each character at both ends of a value, which also puts it inside any URL the value is built into. */
const VALUES = [...CONTROL_CHARACTERS.map((c) => `${c}x${c}`), ...NON_LATIN1];
const CONCURRENCY = 8;

Deno.test({
  name: "the server answers every control character in every place, and keeps answering",
  // fetch keeps idle keep-alive connections to the server in its pool.
  sanitizeResources: false,
  // The server runs on its embedded database, as `deno task start` does: the PGlite run covers it.
  ignore: Boolean(Deno.env.get("TEST_DATABASE_URL")),
  async fn(t) {
    // Behind a trusted proxy each request can come from its own address, so the
    // per-address limits let every probe reach the code under test.
    const server = await startServer({ env: { TRUST_PROXY: "true" } });
    try {
      let sent = 0;
      const send: Send = async (probe: Probe) => {
        const address = `10.${(++sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
        return await fetch(
          `${server.url}${probe.url}`,
          requestInit(probe, { Origin: server.url, "X-Forwarded-For": address }),
        );
      };
      const healthy = async (after: string) => {
        const res = await send({ method: "GET", url: "/healthz" }).catch((err) => {
          throw new Error(`The server stopped answering after ${after}: ${err.message}`);
        });
        assert.equal(res.status, 200, `/healthz after ${after}`);
        await res.body?.cancel();
      };
      const attack = async (label: string, probes: LabelledProbe[]) => {
        await pooled(probes, CONCURRENCY, async (probe) => {
          const res = await send(probe).catch((err) => {
            throw new Error(`${probe.label} (${probe.method} ${probe.url.slice(0, 120)}): ${err.message}`);
          });
          await res.body?.cancel();
        });
        await healthy(label);
        return probes.length;
      };

      const organizer = await signInAs(send, "dev.organizer");
      const examples = await findExamples(send, organizer);
      let total = 0;
      const started = performance.now();
      for (const [who, token] of [["anonymous", undefined], ["the demo organizer", organizer]] as const) {
        await t.step(`every page route, as ${who}`, async () => {
          for (const page of await pageTargets(send, examples, token)) {
            total += await attack(page.pattern, [...pageProbes(page, VALUES, token)]);
          }
        });
      }
      await t.step("every API operation's path and query parameters", async () => {
        for (const op of await operationTargets(send, examples)) {
          const probes = [...operationProbes({ ...op, body: undefined }, VALUES)];
          total += await attack(`${op.method} ${op.template}`, probes);
        }
      });
      console.log(`${total} requests in ${Math.round(performance.now() - started)} ms, all answered`);
    } finally {
      await server.close();
    }
  },
});
