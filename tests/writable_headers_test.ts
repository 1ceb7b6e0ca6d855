/**
 * The header guard's rule is the HTTP writer's rule: every byte it lets
 * through is written by a real Deno server, and every byte it stops would
 * have aborted that server. The writer is probed in child processes, since
 * the failure being guarded against ends the process.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { unwritableHeader, writableHeaders } from "../server/middleware/writable_headers.ts";

const BYTES = Array.from({ length: 256 }, (_, b) => b);
const value = (b: number) => `a${String.fromCharCode(b)}b`;
/** Who stops a header value holding byte `b`: JavaScript's Headers (NUL, CR, LF), the guard, or nobody. */
function stoppedBy(b: number): "Headers" | "guard" | null {
  try {
    return unwritableHeader(new Headers({ "X-Probe": value(b) })) === null ? null : "guard";
  } catch {
    return "Headers";
  }
}

/** A server that answers `/<byte>` with that byte inside a header, printing its port first. */
const PROBE_SERVER = `
Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(port) }, (req) => {
  const b = Number(new URL(req.url).pathname.slice(1));
  return new Response("ok", { headers: { "X-Probe": "a" + String.fromCharCode(b) + "b" } });
});`;

async function withProbeServer<T>(fn: (origin: string, exited: () => boolean) => Promise<T>): Promise<T> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", PROBE_SERVER],
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  let exited = false;
  const status = child.status.then(() => exited = true);
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const port = Number((await reader.read()).value?.trim());
  try {
    return await fn(`http://127.0.0.1:${port}`, () => exited);
  } finally {
    reader.releaseLock();
    if (!exited) child.kill();
    await status;
    await child.stdout.cancel().catch(() => {});
  }
}

Deno.test("a real server writes every byte the guard lets through", async () => {
  const allowed = BYTES.filter((b) => stoppedBy(b) === null);
  // Of the C0 controls only tab, and not DEL, may stand in a header value.
  assert.deepEqual(BYTES.filter((b) => stoppedBy(b) !== null), [
    ...BYTES.slice(0, 9),
    ...BYTES.slice(10, 32),
    127,
  ]);
  await withProbeServer(async (origin) => {
    for (const b of allowed) {
      const res = await fetch(`${origin}/${b}`);
      await res.body?.cancel();
      assert.equal(res.status, 200, `byte ${b}`);
    }
  });
});

Deno.test("every byte the guard stops would have taken a real server down", async () => {
  const stopped = BYTES.filter((b) => stoppedBy(b) === "guard");
  assert.equal(stopped.length, 29);
  for (let i = 0; i < stopped.length; i += 8) {
    await Promise.all(
      stopped.slice(i, i + 8).map((b) =>
        withProbeServer(async (origin, exited) => {
          const answered = await fetch(`${origin}/${b}`).then(
            (r) => r.body?.cancel().then(() => true),
            () => false,
          );
          // The writer fails as the head is written: no answer, then the process ends.
          for (let wait = 0; wait < 100 && !exited(); wait++) await new Promise((r) => setTimeout(r, 50));
          assert.deepEqual({ b, answered, exited: exited() }, { b, answered: false, exited: true });
        })
      ),
    );
  }
});

Deno.test("the guard turns an unwritable header into the app's own error answer", async () => {
  const app = new Hono();
  app.use(writableHeaders());
  app.onError((_err, c) => c.text("mapped", 500));
  app.get("/echo", (c) => c.text("ok", 200, { "X-Echo": c.req.query("v") ?? "" }));
  for (const b of BYTES) {
    const res = await app.request(`/echo?v=${encodeURIComponent(value(b))}`);
    const refused = stoppedBy(b) !== null;
    assert.equal(res.status, refused ? 500 : 200, `byte ${b}`);
    assert.equal(await res.text(), refused ? "mapped" : "ok");
  }
});
