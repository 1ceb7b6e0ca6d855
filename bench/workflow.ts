/**
 * What the booking workflow's throughput is measured on: a database holding
 * the demo data (the demo organizer's bookings, 30 open opportunities),
 * embedded PGlite or a PostgreSQL scratch database, prepared before the
 * production server starts on it, and a signed-in organizer's booking page.
 */
import { openDatabase } from "../db/client.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { DEMO_PASSWORD, seedDemo } from "../server/demo_seed.ts";
import { DEV_SEAL_PASSWORD, loadContractSealer } from "../integrations/contract_pdf/sealer.ts";
import { type ScratchDatabase, scratchPostgres } from "../tests/support/db.ts";

const ORGANIZER = "dev.organizer@demo.artistspace.in";

/** A PGlite directory, migrated and seeded with the demo data; hand it to the server as PGLITE_DIR. */
export async function seededPgliteDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "artist-space-bench-" });
  const database = await openDatabase({ driver: "pglite", pgliteDir: dir });
  try {
    await migrateToLatest(database.db);
    await seedDemo(database.db);
  } finally {
    await database.close();
  }
  return dir;
}

/**
 * A scratch database on the TEST_DATABASE_URL server, migrated and seeded with the demo data; hand its
 * `url` to the server as DATABASE_URL, and `drop` it after.
 */
export async function seededPostgres(): Promise<ScratchDatabase> {
  const scratch = await scratchPostgres();
  const database = await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" });
  try {
    await seedDemo(database.db);
  } finally {
    await database.close();
  }
  return scratch;
}

/**
 * Production refuses to start without the contract seal: the bench's server gets a throwaway one, the
 * self-signed seal development makes for itself, as the environment production reads it from.
 */
export async function throwawaySeal(): Promise<Record<string, string>> {
  const dataDir = await Deno.makeTempDir({ prefix: "artist-space-bench-seal-" });
  try {
    await loadContractSealer({ dataDir, appEnv: "test" });
    const [file] = await Array.fromAsync(Deno.readDir(dataDir));
    const p12 = await Deno.readFile(`${dataDir}/${file.name}`);
    return {
      CONTRACT_SEAL_P12: btoa(String.fromCharCode(...p12)),
      CONTRACT_SEAL_PASSWORD: DEV_SEAL_PASSWORD,
    };
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}

export interface BookingPageTarget {
  path: string;
  headers: Record<string, string>;
}

/** Signs the demo organizer in and picks their confirmed booking's page. */
export async function organizerBookingPage(
  origin: string,
  fetch: (url: string, init?: RequestInit) => Promise<Response> = globalThis.fetch,
): Promise<BookingPageTarget> {
  const login = await fetch(`${origin}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.250" },
    body: JSON.stringify({ identifier: ORGANIZER, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`demo organizer login failed: ${login.status} ${await login.text()}`);
  const { data } = await login.json();
  const headers = { authorization: `Bearer ${data.accessToken}` };
  const list = await fetch(`${origin}/api/v1/bookings?status=confirmed`, { headers });
  if (!list.ok) throw new Error(`listing bookings failed: ${list.status} ${await list.text()}`);
  const [booking] = (await list.json()).data as { id: string }[];
  if (!booking) throw new Error("the demo organizer has no confirmed booking");
  return { path: `/bookings/${booking.id}`, headers };
}
