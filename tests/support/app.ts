/**
 * The whole app as main.ts composes it, for `app.request()` tests: a fresh
 * test database, the real services (outbox, dev mailbox, token signing) and
 * a real island build, without a socket.
 */
import type { Hono } from "hono";
import { type Config, loadConfig } from "../../config/env.ts";
import { buildIslands, type BuildManifest } from "../../lib/fresh/build.ts";
import manifest from "../../fresh.gen.ts";
import { createApp } from "../../server/app.ts";
import { createServices, type Services } from "../../server/services.ts";
import type { DatabaseHandle } from "../../db/client.ts";
import { openTestDatabase, type TestDatabase } from "./db.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

export interface TestApp {
  app: Hono;
  config: Config;
  database: TestDatabase;
  services: Services;
  /** Every webhook the sandbox gateway delivered to the app, in order: a test can deliver one again. */
  sandboxWebhooks: { body: string; headers: Headers }[];
  /** The island build the app serves. */
  build: BuildManifest;
  /** Builds another app on the same database and services, e.g. with other config or another build. */
  rebuild(config: Config, build?: BuildManifest): Hono;
  /** A request as a browser or client at `ip` would send it (the remote address Deno.serve passes). */
  request(path: string, init?: RequestInit, ip?: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `options.database`: a database to use (and close) instead of a fresh one, e.g. a second handle on
 * another instance's PostgreSQL database, for two app instances on one database.
 */
export async function openTestApp(
  env: Record<string, string> = {},
  options: { database?: DatabaseHandle } = {},
): Promise<TestApp> {
  const tmp = await Deno.makeTempDir({ prefix: "artistspace-app-" });
  const database = options.database ?? await openTestDatabase();
  try {
    const build = await buildIslands({ root: ROOT, outDir: `${tmp}/build` });
    const config = await loadConfig({ APP_ENV: "test", DATA_DIR: tmp, LOG_REQUESTS: "false", ...env });
    // The sandbox gateway's webhooks reach this app in-process, as they would reach a server over HTTP.
    const late: { app?: Hono } = {};
    const sandboxWebhooks: TestApp["sandboxWebhooks"] = [];
    const services = await createServices(config, database, {
      sandboxWebhooks: async (body, headers) => {
        sandboxWebhooks.push({ body, headers: new Headers(headers) });
        const res = await late.app!.request("http://localhost/api/v1/payments/webhooks/sandbox", {
          method: "POST",
          body,
          headers,
        });
        await res.body?.cancel();
        return res.status;
      },
    });
    const rebuild = (cfg: Config, other = build) =>
      createApp({
        config: cfg,
        database,
        services,
        manifest,
        build: other,
        buildDir: `${tmp}/build`,
        staticDir: `${ROOT}static`,
      });
    const app = rebuild(config);
    late.app = app;
    return {
      app,
      config,
      database,
      services,
      sandboxWebhooks,
      build,
      rebuild,
      request: (path, init, ip = "203.0.113.7") =>
        Promise.resolve(app.request(`http://localhost${path}`, init, {
          remoteAddr: { transport: "tcp", hostname: ip, port: 40000 },
        })),
      async close() {
        await services.live.hub.stop();
        await services.payments.sandbox?.settled();
        await services.dispatcher.stop();
        await database.close();
        await Deno.remove(tmp, { recursive: true });
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
