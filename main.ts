/**
 * Production entry, and what `deno task start` runs: configure, migrate
 * (or, with DATABASE_MIGRATE_ON_START=false, refuse to serve while any are pending),
 * seed demo data into an empty development database, build the islands if
 * the build is missing or stale, then serve until SIGTERM.
 */
import { ConfigError, loadConfig } from "./config/env.ts";
import { frankingKeyFrom } from "./services/messages/deps.ts";
import { openDatabase } from "./db/client.ts";
import { migrateToLatest, pendingMigrations } from "./db/migrate.ts";
import { seedDemo } from "./server/demo_seed.ts";
import { buildIslands, isBuildStale, readBuildManifest } from "./lib/fresh/build.ts";
import { logError, logInfo } from "./lib/log.ts";
import manifest from "./fresh.gen.ts";
import { createApp } from "./server/app.ts";
import { createServices, moneySettings } from "./server/services.ts";
import { createSweeper } from "./server/jobs.ts";

const ROOT = new URL(".", import.meta.url).pathname;
const BUILD_DIR = `${ROOT}_fresh`;
/** How often the outbox is polled for messages whose prompt delivery failed or was missed. */
const OUTBOX_POLL_MS = 5_000;

export async function start(options: { dev?: boolean } = {}): Promise<void> {
  const config = await loadConfig().catch((err) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      Deno.exit(1);
    }
    throw err;
  });
  const database = await openDatabase(config.database);
  if (config.database.migrateOnStart ?? true) {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logInfo("migrated", { migrations: applied });
  } else {
    // Many isolates start at once on an edge platform: migrating is the deploy's step, not theirs.
    const pending = await pendingMigrations(database.db);
    if (pending.length > 0) {
      console.error(
        `Migrations are pending (${pending.join(", ")}): run \`deno task db:migrate\` before starting ` +
          "with DATABASE_MIGRATE_ON_START=false",
      );
      Deno.exit(1);
    }
  }
  if (config.env === "development") {
    const seed = await seedDemo(database.db, {
      money: moneySettings(config),
      frankingKey: frankingKeyFrom(config.secrets.APP_SECRET),
    });
    if (seed.seeded) logInfo("seeded demo data", { users: seed.users });
  }

  const dev = options.dev ?? false;
  if (await isBuildStale(ROOT, BUILD_DIR, dev)) {
    const built = await buildIslands({ root: ROOT, outDir: BUILD_DIR, dev });
    logInfo("built islands", { buildId: built.buildId, islands: Object.keys(built.islands) });
  }
  const build = await readBuildManifest(BUILD_DIR);

  const services = await createServices(config, database);
  services.dispatcher.start(OUTBOX_POLL_MS);
  // Listening before the first connection, so it does not wait for the database session.
  await services.live.hub.ready();
  const payments = services.payments.all().map((g) => g.name);
  logInfo("payments", {
    gateways: payments.length > 0 ? payments : "none: payments are not configured",
    ...(services.payments.sandbox ? { sandbox: "test payments only, no real money moves" } : {}),
  });
  logInfo("calls", {
    p2p: config.ice.urls.length > 0
      ? { iceServers: config.ice.urls, relayOnly: config.ice.relayOnly }
      : "on, without STUN/TURN: calls connect on one machine or network only (set ICE_SERVERS)",
    livekit: config.livekit
      ? { urls: config.livekit.urls }
      : "off: not configured (set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET)",
  });
  logInfo("push", {
    webPush: config.push
      ? config.push.source === "development"
        ? `on, with development VAPID keys (${config.dataDir}/vapid.json)`
        : "on, with VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY"
      : "off: not configured (set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY; " +
        "`deno run -A npm:web-push generate-vapid-keys` makes a pair)",
    ...(config.push ? { subject: config.push.subject } : {}),
  });
  const sweeper = createSweeper({ ...services.deps, gateways: services.payments }, services.calls);
  sweeper.start(config.sweepSeconds * 1000);
  const app = createApp({
    config,
    database,
    services,
    manifest,
    build,
    buildDir: BUILD_DIR,
    staticDir: `${ROOT}static`,
    devReload: dev,
  });
  const server = Deno.serve({
    port: config.port,
    hostname: config.hostname,
    onListen: ({ hostname, port }) =>
      logInfo("listening", {
        url: `http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`,
        env: config.env,
        database: database.driver,
      }),
  }, app.fetch);

  // Finish requests in flight, then release the database, so a deploy or
  // Ctrl-C never cuts a transaction in half.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logInfo("shutting down");
    try {
      // Live sockets and event streams never finish by themselves: the server stops taking new
      // connections, then the hub closes the open ones (going away) so the shutdown can complete.
      const drained = server.shutdown();
      await services.live.hub.stop();
      await drained;
      await sweeper.stop();
      await services.dispatcher.stop();
      await database.close();
    } catch (err) {
      logError(err, { msg: "shutdown failed" });
    }
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
  await server.finished;
}

if (import.meta.main) await start();
