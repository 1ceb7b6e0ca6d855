/**
 * The baseline for throughput ratios: the smallest possible Deno server, run
 * as its own process like the app so both pay the same socket and process
 * costs. `startBareServer()` spawns this file; run directly, it serves.
 */

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

export async function startBareServer(): Promise<BareServer> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  const url = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env=PORT", new URL(import.meta.url).pathname],
    env: { PORT: String(port) },
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const close = async () => {
    child.kill("SIGTERM");
    await child.status;
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.ok) return { url, close };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await close();
  throw new Error(`The bare server did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s`);
}

if (import.meta.main) {
  Deno.serve(
    { hostname: "127.0.0.1", port: Number(Deno.env.get("PORT")), onListen() {} },
    () => new Response("hello"),
  );
}
