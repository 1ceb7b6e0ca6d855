/**
 * coturn (Debian's /usr/bin/turnserver) on loopback for a test: TURN over
 * UDP with the shared-secret credentials the app mints (`use-auth-secret`),
 * relaying between loopback addresses (which production must never allow),
 * no TLS, no CLI, its files in a scratch directory. It lives as long as the
 * test that started it, and at most `lifetimeMs` whatever happens.
 */
import { freePort } from "./server.ts";

const TURNSERVER = "/usr/bin/turnserver";
const RELAY_PORTS = 200;

export interface TurnServer {
  /** `turn:127.0.0.1:<port>?transport=udp` */
  url: string;
  secret: string;
  /** The ports it relays from, first and last. */
  relayPorts: [number, number];
  /** The environment that makes the app hand out this server, relay only. */
  env: Record<string, string>;
  /** What coturn logged, for a failure's message. */
  log(): string;
  close(): Promise<void>;
}

export async function startTurnServer(lifetimeMs = 5 * 60_000): Promise<TurnServer> {
  try {
    await Deno.stat(TURNSERVER);
  } catch {
    throw new Error(`${TURNSERVER} is missing: install it with \`apt-get install -y coturn\``);
  }
  const port = freePort();
  // Relay ports of its own, near the listening port, so two tests running at once do not share them.
  const minPort = 40_000 + (port % 20_000);
  const secret = Array.from(
    crypto.getRandomValues(new Uint8Array(24)),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
  const scratch = await Deno.makeTempDir({ prefix: "artist-space-turn-" });
  const child = new Deno.Command(TURNSERVER, {
    args: [
      "-n",
      "--listening-ip=127.0.0.1",
      "--relay-ip=127.0.0.1",
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + RELAY_PORTS}`,
      "--use-auth-secret",
      `--static-auth-secret=${secret}`,
      "--realm=artistspace.test",
      "--no-tls",
      "--no-dtls",
      "--allow-loopback-peers",
      "--no-cli",
      "--log-file=stdout",
      "--simple-log",
      `--pidfile=${scratch}/turnserver.pid`,
      `--userdb=${scratch}/turndb`,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const decoder = new TextDecoder();
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) output = (output + decoder.decode(chunk)).slice(-64 * 1024);
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  let exited = false;
  const status = child.status.finally(() => exited = true);
  const deadline = setTimeout(() => !exited && child.kill("SIGKILL"), lifetimeMs);
  const close = async () => {
    clearTimeout(deadline);
    if (!exited) child.kill("SIGTERM");
    const hard = setTimeout(() => !exited && child.kill("SIGKILL"), 5_000);
    await status;
    clearTimeout(hard);
    await drained;
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  };

  const ready = Date.now() + 15_000;
  while (!await listening(port)) {
    if (exited || Date.now() > ready) {
      await close();
      throw new Error(`coturn did not listen on 127.0.0.1:${port}\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const url = `turn:127.0.0.1:${port}?transport=udp`;
  return {
    url,
    secret,
    relayPorts: [minPort, minPort + RELAY_PORTS],
    env: { ICE_SERVERS: url, TURN_SECRET: secret, CALLS_RELAY_ONLY: "true" },
    log: () => output,
    close,
  };
}

/** coturn opens its TCP listener on the same port beside the UDP one: connecting says it is up. */
async function listening(port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    return true;
  } catch {
    return false;
  }
}
