/**
 * `deno task bench`: page weight and throughput budgets, printed as figures.
 *
 * Runs the real app in production mode (minified islands, production
 * headers) on a scratch database, and a bare `Deno.serve` hello-world, both as
 * subprocesses on 127.0.0.1, and loads them with the same generator in the
 * same run. Throughput is reported only as a ratio to the bare server, so the
 * figures mean the same on a laptop and on a CI runner. Over budget is
 * printed, never fatal: only a failure to measure exits non-zero.
 */
import { startServer } from "../tests/support/server.ts";
import { startBareServer } from "./bare_server.ts";
import { measureThroughput } from "./load.ts";
import { measurePage, type Transfer } from "./page_weight.ts";
import { measureChat, scriptsOf } from "./chat_weight.ts";
import { measureLogins, median, p95 } from "./login.ts";
import { reportSearch } from "./search.ts";
import { reportContractPdf } from "./contract_pdf.ts";
import { reportInvoicePdf } from "./invoice_pdf.ts";
import { reportPaymentWebhooks } from "./payment_webhooks.ts";
import { reportLiveMessages } from "./messages.ts";
import { organizerBookingPage, seededPgliteDir, seededPostgres, throwawaySeal } from "./workflow.ts";
import { hasPostgres } from "../tests/support/db.ts";
import { haproxyInstalled, startBalancer } from "../tests/support/haproxy.ts";
import { type DatabaseTarget, statementsPerRequest } from "./statements.ts";

const KB = 1024;
const BUDGET = {
  htmlGzip: 14 * KB,
  jsGzip: 15 * KB,
  /** The Chat island's own module, on top of the boot and preact every island page loads. */
  chatFirstViewGzip: 1.5 * KB,
  /** What opening a conversation loads: the conversation, its keys, tweetnacl and @noble/hashes. */
  chatLazyGzip: 40 * KB,
  /** The module signed-in pages load (deferred; it registers the service worker after `load`). */
  registrationGzip: 512,
  /** Share of the bare server's requests per second. */
  throughputRatio: 0.25,
  /** Each database-bound target on PostgreSQL: its share of the bare server's rate, and its p95 at 32 connections. */
  postgresRatio: 0.03,
  postgresP95Ms: 50,
};
const LOAD = {
  connections: 32,
  durationMs: 5_000,
  warmupMs: 1_000,
  // Each request comes from one of 32 x 64 clients behind a trusted proxy, as
  // a public list's traffic comes from many phones: the API's per-address
  // limit (1000 an hour) counts every request, as it does in production,
  // and a list answered from memory at thousands a second stays within it.
  clientsPerConnection: 64,
  headers: (connection: number, client: number) => ({
    "x-forwarded-for": `10.${connection + 1}.0.${client + 1}`,
  }),
};
const GEO_PATH = "/api/v1/geo/cities?q=Pu";
/**
 * Pages that have never shipped JavaScript (search, a profile among them); the header's message count
 * must not change that, nor, for anyone not signed in, the service worker.
 */
const SCRIPTLESS_PUBLIC = [
  "/artists",
  "/artists?q=tabla",
  "/bands/the-monsoon-collective",
  "/venues",
  "/opportunities",
];
const SCRIPTLESS_SIGNED_IN = ["/dashboard", "/messages", "/notifications", "/calendar"];
const OPPORTUNITIES_PATH = "/api/v1/opportunities";
const ARTISTS_FILTERED_PATH = "/artists?genre=ghazal&sort=trust";
/**
 * The pages and lists that answer from the database on every request, as the demo organizer and a visitor;
 * `path` null is the demo organizer's confirmed booking.
 */
const DATABASE_TARGETS: DatabaseTarget[] = [
  { label: `GET ${GEO_PATH}`, path: GEO_PATH, signedIn: false },
  { label: "GET /bookings/:id, signed in", path: null, signedIn: true },
  { label: "GET /dashboard, signed in", path: "/dashboard", signedIn: true },
  { label: `GET ${ARTISTS_FILTERED_PATH}`, path: ARTISTS_FILTERED_PATH, signedIn: false },
  { label: `GET ${OPPORTUNITIES_PATH}`, path: OPPORTUNITIES_PATH, signedIn: false },
  // What any signed-in page costs at least: the session's one statement, the middleware and a page with
  // nothing on it (the offline page, which has no header). The pages above cannot be faster than this.
  { label: "GET /offline, signed in (floor)", path: "/offline", signedIn: true, figuresOnly: true },
];

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

function verdict(pass: boolean): string {
  return pass ? "PASS" : "OVER";
}

function row(label: string, figure: string, budget: string, pass: boolean): void {
  console.log(`${label.padEnd(34)} ${figure.padEnd(52)} ${budget.padEnd(18)} ${verdict(pass)}`);
}

function sum(transfers: Transfer[], key: "wireBytes" | "rawBytes"): number {
  return transfers.reduce((n, t) => n + t[key], 0);
}

/** The sections named on the command line (`deno task bench search throughput`); none named: all. */
const ONLY = new Set(Deno.args);

/** Runs one group of measurements; a failure to measure is reported and fails the run, but the rest still runs. */
async function section(name: string, measure: () => Promise<void>): Promise<void> {
  if (ONLY.size > 0 && !ONLY.has(name)) return;
  try {
    await measure();
  } catch (err) {
    console.log(`ERROR measuring ${name}: ${err instanceof Error ? err.message : err}`);
    Deno.exitCode = 1;
  }
}

// The demo data, so the workflow pages and lists have real rows behind them.
const pgliteDir = await seededPgliteDir();
const productionEnv = {
  APP_ENV: "production",
  APP_SECRET: randomSecret(),
  JWT_SECRET: randomSecret(),
  TRUST_PROXY: "true",
  ...await throwawaySeal(),
};
const app = await startServer({ env: { ...productionEnv, PGLITE_DIR: pgliteDir } });
const bare = await startBareServer().catch(async (err) => {
  await app.close();
  throw err;
});
try {
  console.log(
    `Artist Space bench: app in production mode; load = ${LOAD.connections} keep-alive connections x ` +
      `${LOAD.durationMs / 1000} s per target (after ${LOAD.warmupMs / 1000} s warm-up) from a raw ` +
      `HTTP/1.1 client that asks for gzip or brotli like a browser and never decodes, so only the ` +
      `servers' work is compared; each connection goes round ${LOAD.clientsPerConnection} client addresses.`,
  );
  console.log(
    "Sizes are response bodies as the server sends them to `Accept-Encoding: gzip`; 1 KB = 1024 B.\n",
  );

  await section("page weight", async () => {
    const home = await measurePage(`${app.url}/`);
    row(
      "home HTML + inline CSS",
      `${kb(home.html.wireBytes)} gzip (${home.html.wireBytes} B; ${kb(home.html.rawBytes)} raw)`,
      `<= ${kb(BUDGET.htmlGzip)}`,
      home.html.wireBytes <= BUDGET.htmlGzip,
    );
    const jsWire = sum(home.scripts, "wireBytes");
    row(
      `home JS (${home.scripts.length} files)`,
      `${kb(jsWire)} gzip (${jsWire} B; ${kb(sum(home.scripts, "rawBytes"))} raw)`,
      `<= ${kb(BUDGET.jsGzip)}`,
      jsWire <= BUDGET.jsGzip,
    );
    for (const script of home.scripts) {
      console.log(`  ${new URL(script.url).pathname.padEnd(70)} ${String(script.wireBytes).padStart(6)} B`);
    }
  });
  console.log();

  await section("chat weight", async () => {
    const booking = await organizerBookingPage(app.url);
    const chat = await measureChat(`${app.url}${booking.path}`, booking.headers);
    const firstWire = sum(chat.firstView, "wireBytes");
    row(
      `Chat island, first view (${chat.firstView.length} files)`,
      `${kb(firstWire)} gzip (${firstWire} B; ${kb(sum(chat.firstView, "rawBytes"))} raw)`,
      `<= ${kb(BUDGET.chatFirstViewGzip)}`,
      firstWire <= BUDGET.chatFirstViewGzip,
    );
    const lazyWire = sum(chat.lazy, "wireBytes");
    row(
      `Chat on opening (${chat.lazy.length} files)`,
      `${kb(lazyWire)} gzip (${lazyWire} B; ${kb(sum(chat.lazy, "rawBytes"))} raw)`,
      `<= ${kb(BUDGET.chatLazyGzip)}`,
      lazyWire <= BUDGET.chatLazyGzip,
    );
    for (const script of chat.lazy) {
      console.log(`  ${new URL(script.url).pathname.padEnd(70)} ${String(script.wireBytes).padStart(6)} B`);
    }
    const anonymous = await scriptsOf(SCRIPTLESS_PUBLIC.map((p) => `${app.url}${p}`), {});
    const signedIn = await scriptsOf(SCRIPTLESS_SIGNED_IN.map((p) => `${app.url}${p}`), booking.headers);
    const counts = new Map([...anonymous.counts, ...signedIn.counts]);
    const withScripts = [...counts].filter(([, n]) => n > 0).map(([path, n]) => `${path} (${n})`);
    row(
      "pages without JavaScript",
      withScripts.length ? `scripts on ${withScripts.join(", ")}` : `none on ${counts.size} pages`,
      "0 scripts",
      withScripts.length === 0,
    );
    // Anonymous first views never load it; every signed-in page loads the same immutable module.
    const registrations = new Set(signedIn.registration.map((s) => s.url));
    const [registration] = signedIn.registration;
    const registered = anonymous.registration.length === 0 && registrations.size === 1 &&
      signedIn.registration.length === SCRIPTLESS_SIGNED_IN.length;
    row(
      "service worker registration",
      registration
        ? `${registration.wireBytes} B gzip on ${signedIn.registration.length} signed-in pages, ` +
          `${anonymous.registration.length} anonymous`
        : "missing on signed-in pages",
      `<= ${BUDGET.registrationGzip} B`,
      registered && registration.wireBytes <= BUDGET.registrationGzip,
    );
  });
  console.log();

  await section("throughput", async () => {
    const baseline = await measureThroughput(`${bare.url}/`, LOAD);
    console.log(
      `${"bare Deno.serve hello".padEnd(34)} ${baseline.requestsPerSecond.toFixed(0)} req/s` +
        (baseline.failed ? ` (${baseline.failed} failed requests)` : ""),
    );
    const ratioOf = async (origin: string, label: string, path: string, load = LOAD) => {
      const result = await measureThroughput(`${origin}${path}`, load);
      const ratio = result.requestsPerSecond / baseline.requestsPerSecond;
      const figure = `${result.requestsPerSecond.toFixed(0)} req/s = ${(ratio * 100).toFixed(1)}% of bare, ` +
        `p95 ${result.p95Ms.toFixed(0)} ms` + (result.failed ? ` (${result.failed} failed)` : "");
      return { label, figure, ratio, result };
    };
    const home = await ratioOf(app.url, "GET /", "/");
    row(
      home.label,
      home.figure,
      `>= ${BUDGET.throughputRatio * 100}% of bare`,
      home.ratio >= BUDGET.throughputRatio && home.result.failed === 0,
    );
    // Every other target answers from the database on each request: on PGlite (one embedded connection)
    // figures to compare between runs; on PostgreSQL, through the pool, against the scale budget.
    console.log(`database-bound, PGlite (${LOAD.connections} connections), figures only:`);
    for (const { label, figure } of await databaseTargets(app.url, ratioOf)) {
      console.log(`  ${label.padEnd(40)} ${figure}`);
    }
    if (!hasPostgres) {
      console.log("database-bound, PostgreSQL: skipped (set TEST_DATABASE_URL to a server to include it)");
      return;
    }
    const scratch = await seededPostgres();
    const onPostgres = await startServer({ env: { ...productionEnv, DATABASE_URL: scratch.url } });
    try {
      const statements = await statementsPerRequest(scratch.url, DATABASE_TARGETS);
      console.log(`database-bound, PostgreSQL through the pg pool (${LOAD.connections} connections):`);
      for (const { label, figure, ratio, result } of await databaseTargets(onPostgres.url, ratioOf)) {
        if (DATABASE_TARGETS.find((t) => t.label === label)?.figuresOnly) {
          console.log(`  ${label.padEnd(32)} ${figure}, ${statements.get(label)} statement(s), figures only`);
          continue;
        }
        row(
          `  ${label}`,
          `${figure}, ${statements.get(label)} statements`,
          `>= ${BUDGET.postgresRatio * 100}% of bare, p95 < ${BUDGET.postgresP95Ms} ms`,
          ratio >= BUDGET.postgresRatio && result.p95Ms < BUDGET.postgresP95Ms && result.failed === 0,
        );
      }
      await twoInstances(onPostgres.url, scratch.url, ratioOf);
    } finally {
      await onPostgres.close();
      await scratch.drop();
    }
  });
} finally {
  await bare.close();
  await app.close();
  await Deno.remove(pgliteDir, { recursive: true });
}

/**
 * The booking page through HAProxy with one instance behind it, then with a second one on the same
 * PostgreSQL database, and the two-instance throughput as a ratio of one's. Both instances, PostgreSQL, the
 * balancer and the load share this machine's cores, so the ratio says what a second process buys here, not
 * what a second machine would.
 */
async function twoInstances<
  T extends { result: { requestsPerSecond: number; p95Ms: number; failed: number } },
>(
  first: string,
  databaseUrl: string,
  ratioOf: (origin: string, label: string, path: string, load?: typeof LOAD) => Promise<T>,
): Promise<void> {
  if (!await haproxyInstalled()) {
    console.log("two instances behind HAProxy: skipped (apt-get install -y haproxy)");
    return;
  }
  const second = await startServer({ env: { ...productionEnv, DATABASE_URL: databaseUrl } });
  const one = await startBalancer([first]);
  const both = await startBalancer([first, second.url]);
  try {
    const booking = await organizerBookingPage(one.url);
    const signedIn = {
      ...LOAD,
      headers: (c: number, client: number) => ({ ...LOAD.headers(c, client), ...booking.headers }),
    };
    const alone = (await ratioOf(one.url, "", booking.path, signedIn)).result;
    const paired = (await ratioOf(both.url, "", booking.path, signedIn)).result;
    const figure = (r: typeof alone) =>
      `${r.requestsPerSecond.toFixed(0)} req/s, p95 ${r.p95Ms.toFixed(0)} ms` +
      (r.failed ? ` (${r.failed} failed)` : "");
    console.log(`GET /bookings/:id through HAProxy, PostgreSQL (${LOAD.connections} connections):`);
    console.log(`  ${"one instance".padEnd(40)} ${figure(alone)}`);
    console.log(`  ${"two instances".padEnd(40)} ${figure(paired)}`);
    console.log(
      `  ${"two instances / one".padEnd(40)} ${
        (paired.requestsPerSecond / alone.requestsPerSecond).toFixed(2)
      }` +
        ` (${navigator.hardwareConcurrency} cores shared by both, PostgreSQL and the load)`,
    );
  } finally {
    await both.close();
    await one.close();
    await second.close();
  }
}

async function databaseTargets<T>(
  origin: string,
  ratioOf: (origin: string, label: string, path: string, load?: typeof LOAD) => Promise<T>,
): Promise<T[]> {
  const booking = await organizerBookingPage(origin);
  const signedIn = {
    ...LOAD,
    headers: (connection: number, client: number) => ({
      ...LOAD.headers(connection, client),
      ...booking.headers,
    }),
  };
  const results: T[] = [];
  for (const target of DATABASE_TARGETS) {
    results.push(
      await ratioOf(origin, target.label, target.path ?? booking.path, target.signedIn ? signedIn : LOAD),
    );
  }
  return results;
}
console.log();

// Development mode: its demo users can sign in. Figures only, no budget.
await section("sign-in", async () => {
  const dev = await startServer({ env: { TRUST_PROXY: "true" } });
  try {
    const f = await measureLogins(dev.url);
    const ms = (values: number[]) =>
      `median ${median(values).toFixed(0)} ms, p95 ${p95(values).toFixed(0)} ms`;
    console.log(`${"login, bcrypt cost 12".padEnd(34)} ${ms(f.success)}`);
    console.log(`${"failed login, wrong password".padEnd(34)} ${ms(f.wrongPassword)}`);
    console.log(`${"failed login, unknown account".padEnd(34)} ${ms(f.unknownAccount)}`);
    console.log(`${"GET /artists, idle".padEnd(34)} ${ms(f.pageIdle)}`);
    console.log(
      `${"GET /artists, during login burst".padEnd(34)} ${ms(f.pageDuringBurst)} ` +
        `(${f.burstLogins} logins by 4 clients in 3 s)`,
    );
  } finally {
    await dev.close();
  }
});
console.log();

await section("search", reportSearch);
console.log();

await section("contract PDF", reportContractPdf);
console.log();

await section("tax invoice PDF", reportInvoicePdf);
console.log();

await section("payment webhooks", reportPaymentWebhooks);
console.log();

await section("live messages", reportLiveMessages);
