/**
 * HAProxy (Debian's /usr/sbin/haproxy) on loopback in front of app
 * instances, as production runs them: HTTP mode, round robin per request,
 * health checks on /healthz, X-Forwarded-For appended (the app trusts it with
 * TRUST_PROXY), and a request that could not reach an instance (refused, or
 * the instance gone) tried once more on another. Each response names the
 * instance that served it in `X-Served-By` (app1, app2, ...), so a test can
 * see the balancing. It runs in the foreground of a child process and lives
 * as long as the test that started it.
 */
import { freePort } from "./server.ts";

const HAPROXY = "/usr/sbin/haproxy";

export interface Balancer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export async function haproxyInstalled(): Promise<boolean> {
  return await Deno.stat(HAPROXY).then(() => true, () => false);
}

/** Balances over `backends` (origins such as http://127.0.0.1:8001), waiting until every one is up. */
export async function startBalancer(backends: string[]): Promise<Balancer> {
  if (!await haproxyInstalled()) {
    throw new Error(`${HAPROXY} is missing: install it with \`apt-get install -y haproxy\``);
  }
  const port = freePort();
  const scratch = await Deno.makeTempDir({ prefix: "artist-space-haproxy-" });
  const config = [
    "global",
    "  maxconn 2000",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 30s",
    "  timeout server 30s",
    "  retries 2",
    "  option redispatch",
    "  option forwardfor",
    "frontend app",
    `  bind 127.0.0.1:${port}`,
    "  default_backend instances",
    "backend instances",
    "  balance roundrobin",
    "  option httpchk GET /healthz",
    "  retry-on conn-failure empty-response response-timeout",
    "  http-response set-header X-Served-By %s",
    ...backends.map((origin, i) =>
      `  server app${i + 1} ${new URL(origin).host} check inter 200ms fall 1 rise 1`
    ),
    "",
  ].join("\n");
  await Deno.writeTextFile(`${scratch}/haproxy.cfg`, config);
  const child = new Deno.Command(HAPROXY, {
    args: ["-db", "-f", `${scratch}/haproxy.cfg`],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output: string[] = [];
  const drained = Promise.all([child.stdout, child.stderr].map(async (stream) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) output.push(chunk);
  }));
  let exited = false;
  const status = child.status.finally(() => exited = true);
  const close = async () => {
    if (!exited) child.kill("SIGTERM");
    await status;
    await drained;
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilEveryInstanceServes(url, backends.length, () => exited);
  } catch (err) {
    await close();
    throw new Error(`${(err as Error).message}\n--- haproxy ---\n${output.join("")}`);
  }
  return { url, close };
}

/** Until `/healthz` through the balancer has come back from each of the `count` instances. */
async function untilEveryInstanceServes(url: string, count: number, exited: () => boolean): Promise<void> {
  const seen = new Set<string>();
  const deadline = Date.now() + 15_000;
  while (seen.size < count) {
    if (exited()) throw new Error("haproxy exited");
    if (Date.now() > deadline) throw new Error(`haproxy reached ${seen.size} of ${count} instances in 15 s`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      const by = res.headers.get("x-served-by");
      if (res.status === 200 && by) seen.add(by);
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
