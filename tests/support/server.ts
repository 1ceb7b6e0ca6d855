/**
 * The real app in a subprocess, exactly as `deno task start` runs it, on a
 * free loopback port with its own scratch database: for browser tests and
 * benchmarks, which must see what a user sees (build, migrations, sockets),
 * not an `app.request()` shortcut.
 */

export interface RunningServer {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The server's process, for tests that kill it without letting it shut down. */
  pid: number;
  close(): Promise<void>;
}

export interface StartServerOptions {
  /** Added to (and overriding) the defaults below. */
  env?: Record<string, string>;
  /**
   * The host the origin names; it still listens on 127.0.0.1. Passkey tests need "localhost":
   * WebAuthn refuses an IP address as the relying party's id.
   */
  host?: "localhost";
}

const ROOT = new URL("../../", import.meta.url).pathname;
// The first start in a clean tree migrates a new database and builds the islands.
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_LIMIT = 64 * 1024;
// A test must never touch the developer's own database, whatever their shell exports.
const INHERITED_ENV_DROPPED = ["DATABASE_URL", "DATABASE_DRIVER", "PORT", "HOSTNAME", "APP_ORIGIN"];

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const port = freePort();
  const url = `http://${opts.host ?? "127.0.0.1"}:${port}`;
  const scratch = await Deno.makeTempDir({ prefix: "artist-space-server-" });
  const env = Object.fromEntries(
    Object.entries(Deno.env.toObject()).filter(([name]) => !INHERITED_ENV_DROPPED.includes(name)),
  );
  Object.assign(env, {
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    // The origin tests reach it at: CSRF checks and e-mailed links need it (production requires it).
    APP_ORIGIN: url,
    APP_ENV: "development",
    PGLITE_DIR: `${scratch}/pglite`,
    DATA_DIR: `${scratch}/data`,
    LOG_REQUESTS: "false",
    NO_COLOR: "1",
  }, opts.env);

  if (!Object.keys(opts.env ?? {}).some((name) => SEED_INPUTS.test(name))) {
    const template = await seededTemplate(env);
    for (const dir of ["pglite", "data"]) await copyDir(`${template}/${dir}`, `${scratch}/${dir}`);
  }

  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = new OutputTail(OUTPUT_LIMIT);
  // Both streams must be drained or the child blocks once a pipe fills up.
  const drained = Promise.all([output.collect(child.stdout), output.collect(child.stderr)]);

  let exited = false;
  const status = child.status.finally(() => exited = true);
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => !exited && child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await status;
      clearTimeout(timer);
    }
    await drained;
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  };

  try {
    await waitForHealth(`http://127.0.0.1:${port}`, status);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output.text()}`);
  }
  return { url, pid: child.pid, close: stop };
}

/** Settings that change what the seeded database holds: a server given any of them migrates and seeds its own. */
const SEED_INPUTS =
  /^(DATABASE_|PGLITE_DIR$|DATA_DIR$|APP_ENV$|APP_SECRET$|JWT_SECRET$|PLATFORM_FEE|DEFAULT_PLATFORM_FEE|INVOICE_|DEMO_)/;

let template: Promise<string> | undefined;

/**
 * A database migrated and seeded once per test process, by the project's own
 * `cli/db.ts migrate` and `seed` with the servers' settings: each server
 * starts from a copy of it (and of its data directory, which keeps the
 * development secrets the demo's messages are sealed under), as `deno task
 * start` finds things on its second start, instead of seeding the demo's
 * two years of history again.
 */
function seededTemplate(env: Record<string, string>): Promise<string> {
  template ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "artist-space-seeded-" });
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    for (const command of ["migrate", "seed"]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "cli/db.ts", command],
        cwd: ROOT,
        env: { ...env, PGLITE_DIR: `${dir}/pglite`, DATA_DIR: `${dir}/data` },
        clearEnv: true,
        stdin: "null",
      }).output();
      if (!out.success) {
        throw new Error(`cli/db.ts ${command} failed:\n${new TextDecoder().decode(out.stderr)}`);
      }
    }
    return dir;
  })();
  return template;
}

async function copyDir(from: string, to: string): Promise<void> {
  const out = await new Deno.Command("cp", { args: ["-a", from, to], stdin: "null" }).output();
  if (!out.success) throw new Error(`cp ${from}: ${new TextDecoder().decode(out.stderr)}`);
}

/** A port nothing listens on right now; the tiny race with other processes is acceptable in tests. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function waitForHealth(url: string, status: Promise<Deno.CommandStatus>): Promise<void> {
  let exit: Deno.CommandStatus | undefined;
  status.then((s) => exit = s);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`The server exited with code ${exit.code} before answering /healthz`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer 200 on ${url}/healthz within ${START_TIMEOUT_MS / 1000} s`);
}

/** Keeps the last `limit` bytes of the child's output, for the error of a failed start. */
class OutputTail {
  #chunks: Uint8Array[] = [];
  #size = 0;
  constructor(private limit: number) {}

  async collect(stream: ReadableStream<Uint8Array>): Promise<void> {
    for await (const chunk of stream) {
      this.#chunks.push(chunk);
      this.#size += chunk.length;
      while (this.#size - this.#chunks[0].length >= this.limit) this.#size -= this.#chunks.shift()!.length;
    }
  }

  text(): string {
    const all = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      all.set(c, at);
      at += c.length;
    }
    return new TextDecoder().decode(all.subarray(Math.max(0, this.#size - this.limit)));
  }
}
