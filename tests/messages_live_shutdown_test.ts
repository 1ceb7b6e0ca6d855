/**
 * `deno task start` on SIGTERM with live connections open: sockets are
 * closed as going away and event streams end, so the server finishes its
 * shutdown at once instead of waiting on connections that never end by
 * themselves (or for the SIGKILL that follows 15 s later).
 */
import assert from "node:assert/strict";
import { CLOSE } from "../api/live.ts";
import { DEMO_PASSWORD } from "../server/demo_seed.ts";
import { openLiveSocket, readEventStream } from "./support/live_clients.ts";
import { startServer } from "./support/server.ts";
import { waitFor } from "./support/wait.ts";

Deno.test({
  name: "SIGTERM closes live sockets as going away and ends event streams; the server exits promptly",
  // fetch keeps idle keep-alive connections to the server in its pool.
  sanitizeResources: false,
  async fn() {
    const server = await startServer();
    let stopped = false;
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ identifier: "dev.organizer@demo.artistspace.in", password: DEMO_PASSWORD }),
      });
      assert.equal(login.status, 200);
      const headers = { Authorization: `Bearer ${(await login.json()).data.accessToken}` };
      const socket = openLiveSocket(server.url, headers);
      await socket.opened;
      const res = await fetch(`${server.url}/api/v1/messages/events?device=${crypto.randomUUID()}`, {
        headers,
      });
      const stream = readEventStream(res.body!);
      await waitFor(() => stream.text().startsWith("retry:"), { what: "the event stream to start" });

      const started = performance.now();
      await server.close();
      stopped = true;
      const elapsed = performance.now() - started;
      assert.equal((await socket.closed).code, CLOSE.goingAway);
      await stream.done;
      assert.ok(elapsed < 5_000, `the server took ${elapsed.toFixed(0)} ms to exit`);
    } finally {
      if (!stopped) await server.close();
    }
  },
});
