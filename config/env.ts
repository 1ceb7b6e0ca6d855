/**
 * Configuration, read once from the environment and validated with zod.
 *
 * Development and test generate their secrets and keep them under `./.data/`
 * so a newcomer needs no set-up; production refuses to start without them,
 * because a generated secret there would silently log everyone out on the
 * next deploy (or, worse, differ between instances).
 */
import { z } from "zod";
import { type PushConfig, pushConfig, PushConfigError } from "./push.ts";

export const APP_ENVS = ["development", "test", "production"] as const;
export type AppEnv = (typeof APP_ENVS)[number];

/** Secrets every instance needs; at least 32 characters each. */
export const SECRET_NAMES = ["APP_SECRET", "JWT_SECRET"] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

const LiveKitUrl = z.string().regex(/^(wss?|https?):\/\/\S+$/, "must be a ws(s):// or http(s):// URL");

/** Where Neon's driver opens its WebSocket; the defaults are Neon's own. */
export interface NeonOptions {
  /** Proxy host[:port][/path]; the driver appends `?address=host:port` to a string. */
  wsProxy?: string | ((host: string, port: number | string) => string);
  /** `wss:` (default) or `ws:` to the proxy. */
  secure?: boolean;
  /**
   * Send the password before the server asks for it (Neon's default, saves a
   * round trip). Only servers that ask for a cleartext password cope with it,
   * so set `false` for anything else (e.g. a local server with trust auth).
   */
  pipelineConnect?: "password" | false;
}

/** How an instance uses PostgreSQL's connections; PGlite is one connection and ignores it. */
export interface DatabasePool {
  size: number;
  /** 0 turns the limit off. */
  statementTimeoutMs: number;
  /** 0 turns the limit off. */
  idleInTransactionTimeoutMs: number;
  /** Statements are prepared once per connection (db/prepared_statements.ts); off for poolers that cannot. */
  preparedStatements: boolean;
}

/**
 * Ten connections an instance: PostgreSQL's default max_connections (100) then serves several instances with
 * room for migrations and psql. No request's statement needs seconds (the bench's slowest is tens of
 * milliseconds), so one running 10 s is stuck, and a transaction idle for 30 s has lost its caller.
 */
export const DEFAULT_POOL: DatabasePool = {
  size: 10,
  statementTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 30_000,
  preparedStatements: true,
};

const EnvSchema = z.object({
  APP_ENV: z.enum(APP_ENVS).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOSTNAME: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().optional(),
  DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
  PGLITE_DIR: z.string().default("./.data/pglite"),
  /**
   * host:port of a local WebSocket-to-TCP proxy for the neon driver (Neon's wsproxy, or the tests' relay):
   * plain ws:// and no pipelined password, as a local PostgreSQL needs. Unset: Neon's own endpoints.
   */
  NEON_LOCAL_PROXY: z.string().regex(/^[\w.-]+:\d+$/, "must be host:port").optional(),
  /**
   * "false" where every start is an isolate of many (Deno Deploy): run `deno task db:migrate` before the
   * deploy instead; a start that finds migrations pending refuses to serve.
   */
  DATABASE_MIGRATE_ON_START: z.enum(["true", "false"]).default("true"),
  /** Connections each app instance keeps open to PostgreSQL (the pg and neon drivers). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(DEFAULT_POOL.size),
  /** PostgreSQL cancels a statement running longer; the request answers 503 and the connection goes back. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(DEFAULT_POOL.statementTimeoutMs),
  /** PostgreSQL ends a session left idle inside a transaction this long, releasing its locks. */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(
    DEFAULT_POOL.idleInTransactionTimeoutMs,
  ),
  /** "false" behind a connection pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode). */
  DATABASE_PREPARED_STATEMENTS: z.enum(["true", "false"]).default("true"),
  DATA_DIR: z.string().default("./.data"),
  /** Public origin (scheme://host[:port]) when behind a proxy; used by the CSRF check. */
  APP_ORIGIN: z.string().url().optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  LOG_REQUESTS: z.enum(["true", "false"]).default("true"),
  /** Seconds between the clock's passes (lapsed offers and holds, refunds, payouts, digests, calls). */
  SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Seconds an anonymous visitor's page is served from memory; 0 turns the cache off. */
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).optional(),
  /**
   * "true" only when every request arrives through one reverse proxy that
   * appends the client's address to X-Forwarded-For; otherwise clients could
   * name any address they like.
   */
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  APP_SECRET: z.string().min(32).optional(),
  JWT_SECRET: z.string().min(32).optional(),
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465; without it e-mail stays in the outbox. */
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL").optional(),
  MAIL_FROM: z.string().min(3).default("Artist Space <no-reply@artistspace.in>"),
  /** Local uploads folder; defaults to `<DATA_DIR>/uploads`. Ignored when S3_BUCKET is set. */
  UPLOADS_DIR: z.string().optional(),
  /** Setting S3_BUCKET switches uploads to S3-compatible storage. */
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().default("us-east-1"),
  /** Defaults to AWS (https://s3.<region>.amazonaws.com); R2, MinIO and others give theirs. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** CDN or public bucket origin serving `public/*` keys, e.g. https://media.artistspace.in */
  S3_PUBLIC_BASE_URL: z.string().url().optional(),
  /** Defaults to "path" for IP or localhost endpoints (MinIO), "virtual" otherwise. */
  S3_URL_STYLE: z.enum(["path", "virtual"]).optional(),
  /**
   * The PKCS#12 (base64) whose key seals contract PDFs, and its password. Production needs it;
   * development and test make a self-signed one under DATA_DIR.
   */
  CONTRACT_SEAL_P12: z.string().min(1).optional(),
  CONTRACT_SEAL_PASSWORD: z.string().optional(),
  /** Razorpay takes INR payments when all three are set (Dashboard → API keys, Webhooks). */
  RAZORPAY_KEY_ID: z.string().min(1).optional(),
  RAZORPAY_KEY_SECRET: z.string().min(1).optional(),
  RAZORPAY_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Only to point the SDK elsewhere (tests); defaults to Razorpay's API. */
  RAZORPAY_API_URL: z.string().url().optional(),
  /** Stripe takes payments in other currencies when both are set. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Only to point the SDK elsewhere (tests), e.g. http://127.0.0.1:12111; defaults to Stripe's API. */
  STRIPE_API_URL: z.string().url().optional(),
  /**
   * The sandbox gateway built into the app (test cards and UPI ids, no real money) takes the payments
   * no configured gateway takes. On by default outside production; production refuses it.
   */
  PAYMENTS_SANDBOX: z.enum(["true", "false"]).optional(),
  /**
   * The supplier on GST tax invoices: the platform's registered legal name, address and GSTIN.
   * Production needs them once Razorpay takes INR; elsewhere a labelled demo supplier stands in.
   */
  INVOICE_SUPPLIER_NAME: z.string().min(3).optional(),
  INVOICE_SUPPLIER_ADDRESS: z.string().min(10).optional(),
  INVOICE_SUPPLIER_GSTIN: z.string().regex(/^[0-9]{2}[0-9A-Z]{13}$/, "must be a 15-character GSTIN")
    .optional(),
  /** The platform's fee on what is released to acts, in basis points (1000 = 10%). */
  PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(10_000).optional(),
  /**
   * Calls through a LiveKit server (or LiveKit Cloud) when all three are set; without them calls go
   * peer to peer only. The URL is what browsers connect to (wss://…); the API is reached there too.
   */
  LIVEKIT_URL: LiveKitUrl.optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(1).optional(),
  /** Other LiveKit instances (same key and secret) for group meetings and one-to-one calls. */
  LIVEKIT_MEET_URL: LiveKitUrl.optional(),
  LIVEKIT_CHAT_URL: LiveKitUrl.optional(),
  /**
   * STUN and TURN servers for peer-to-peer calls, comma-separated
   * (`stun:turn.example.in:3478,turn:turn.example.in:3478?transport=udp,turns:turn.example.in:5349`).
   * Unset: none, so calls connect on one machine or one network only.
   */
  ICE_SERVERS: z.string().optional(),
  /** coturn's `static-auth-secret`: each person gets TURN credentials of their own that expire. */
  TURN_SECRET: z.string().min(16).optional(),
  /** "true": calls go through TURN only, so neither side learns the other's IP address. */
  CALLS_RELAY_ONLY: z.enum(["true", "false"]).default("false"),
  /**
   * Web Push's VAPID key pair (base64url, as `npx web-push generate-vapid-keys` prints it), both or
   * neither; production without them has push off. The subject defaults to MAIL_FROM's address.
   */
  VAPID_PUBLIC_KEY: z.string().min(1).optional(),
  VAPID_PRIVATE_KEY: z.string().min(1).optional(),
  VAPID_SUBJECT: z.string().min(1).optional(),
});

export type DatabaseDriver = "pglite" | "pg" | "neon";

export interface Config {
  env: AppEnv;
  port: number;
  hostname: string;
  database: {
    driver: DatabaseDriver;
    url?: string;
    pgliteDir: string;
    pool?: DatabasePool;
    /** The neon driver's WebSocket settings, when not Neon's own (NEON_LOCAL_PROXY). */
    neon?: NeonOptions;
    /** Whether a start applies pending migrations (else it refuses to serve with any pending). */
    migrateOnStart?: boolean;
  };
  dataDir: string;
  appOrigin?: string;
  bodyLimitBytes: number;
  logRequests: boolean;
  pageCacheSeconds: number;
  /** Seconds between the sweeper's passes (server/jobs.ts). */
  sweepSeconds: number;
  /** Take the client address from X-Forwarded-For (see TRUST_PROXY). */
  trustProxy: boolean;
  secrets: Record<SecretName, string>;
  mail: { smtpUrl?: string; from: string };
  storage: StorageConfig;
  /** The contract seal's PKCS#12 as given (integrations/contract_pdf/sealer.ts reads it). */
  contractSeal: { p12Base64?: string; password?: string };
  payments: PaymentsConfig;
  /** Null: no LiveKit, calls are peer to peer only. */
  livekit: LiveKitConfig | null;
  ice: IceConfig;
  /** Web Push's VAPID keys; null: push is off (production without VAPID_* keys). */
  push: PushConfig | null;
}

/** Where peer-to-peer calls find each other: STUN/TURN URLs and coturn's shared secret. */
export interface IceConfig {
  urls: string[];
  turnSecret: string | null;
  relayOnly: boolean;
}

/** One API key and secret; a URL per purpose, each falling back to the main one. */
export interface LiveKitConfig {
  apiKey: string;
  apiSecret: string;
  urls: { main: string; meet: string; chat: string };
}

export interface PaymentsConfig {
  razorpay: { keyId: string; keySecret: string; webhookSecret: string; apiUrl?: string } | null;
  stripe: { secretKey: string; webhookSecret: string; apiUrl?: string } | null;
  sandbox: boolean;
  /** Unset: the domain's default (DEFAULT_PLATFORM_FEE_BPS). */
  platformFeeBps?: number;
  /** Who issues the tax invoices; null: no invoices (a production without them takes no INR). */
  invoiceSupplier: { legalName: string; address: string; gstin: string } | null;
}

/** Outside production, invoices name this supplier, so the whole path can be seen; its GSTIN is well-formed, not real. */
const DEMO_INVOICE_SUPPLIER = {
  legalName: "Artist Space (demo supplier, not a real registration)",
  address: "100 Feet Road, Indiranagar, Bengaluru, Karnataka 560038",
  gstin: "29AAACA1234A1ZG",
};

export type StorageConfig =
  | { kind: "local"; dir: string }
  | {
    kind: "s3";
    endpoint: string;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    publicBaseUrl?: string;
    urlStyle: "path" | "virtual";
  };

export class ConfigError extends Error {}

/** Neon's serverless driver speaks WebSocket; its hosts are recognisable. */
export function driverFor(url: string | undefined, explicit?: DatabaseDriver): DatabaseDriver {
  if (explicit) return explicit;
  if (!url) return "pglite";
  const { hostname } = new URL(url);
  return hostname.endsWith(".neon.tech") || hostname.endsWith(".neon.build") ? "neon" : "pg";
}

/**
 * Builds the configuration from an environment map. Pure except for the
 * development secrets file, which `loadSecrets` reads and writes.
 */
export async function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const driver = driverFor(e.DATABASE_URL, e.DATABASE_DRIVER);
  if (e.APP_ENV === "production" && !e.APP_ORIGIN) {
    throw new ConfigError(
      "Production needs APP_ORIGIN (e.g. https://artistspace.in): e-mailed links point there",
    );
  }
  if (driver !== "pglite" && !e.DATABASE_URL) {
    throw new ConfigError(`DATABASE_DRIVER=${driver} needs DATABASE_URL`);
  }
  return {
    env: e.APP_ENV,
    port: e.PORT,
    hostname: e.HOSTNAME,
    database: {
      driver,
      url: e.DATABASE_URL,
      pgliteDir: e.PGLITE_DIR,
      neon: e.NEON_LOCAL_PROXY
        ? { wsProxy: e.NEON_LOCAL_PROXY, secure: false, pipelineConnect: false }
        : undefined,
      migrateOnStart: e.DATABASE_MIGRATE_ON_START === "true",
      pool: {
        size: e.DATABASE_POOL_SIZE,
        statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
        idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        preparedStatements: e.DATABASE_PREPARED_STATEMENTS === "true",
      },
    },
    dataDir: e.DATA_DIR,
    appOrigin: e.APP_ORIGIN,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    logRequests: e.LOG_REQUESTS === "true",
    // On in production; elsewhere an edit or a test's write must show at once.
    pageCacheSeconds: e.PAGE_CACHE_SECONDS ?? (e.APP_ENV === "production" ? 10 : 0),
    sweepSeconds: e.SWEEP_SECONDS,
    trustProxy: e.TRUST_PROXY === "true",
    secrets: await loadSecrets(e.APP_ENV, e.DATA_DIR, e),
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    storage: storageConfig(e),
    contractSeal: { p12Base64: e.CONTRACT_SEAL_P12, password: e.CONTRACT_SEAL_PASSWORD },
    payments: paymentsConfig(e),
    livekit: liveKitConfig(e),
    ice: iceConfig(e),
    push: await pushConfig(e.APP_ENV, e.DATA_DIR, e).catch((err) => {
      throw err instanceof PushConfigError ? new ConfigError(err.message) : err;
    }),
  };
}

const ICE_URL = /^(stun|stuns|turn|turns):[^\s,]+$/;

function iceConfig(e: z.infer<typeof EnvSchema>): IceConfig {
  const urls = (e.ICE_SERVERS ?? "").split(",").map((u) => u.trim()).filter(Boolean);
  const wrong = urls.filter((u) => !ICE_URL.test(u));
  if (wrong.length > 0) {
    throw new ConfigError(`ICE_SERVERS: not a stun:, stuns:, turn: or turns: URL: ${wrong.join(", ")}`);
  }
  const turn = urls.some((u) => u.startsWith("turn"));
  if (turn && !e.TURN_SECRET) {
    throw new ConfigError("ICE_SERVERS names a TURN server: set TURN_SECRET (its static-auth-secret) too");
  }
  const relayOnly = e.CALLS_RELAY_ONLY === "true";
  if (relayOnly && !turn) {
    throw new ConfigError("CALLS_RELAY_ONLY needs a turn: or turns: URL in ICE_SERVERS");
  }
  return { urls, turnSecret: e.TURN_SECRET ?? null, relayOnly };
}

function liveKitConfig(e: z.infer<typeof EnvSchema>): LiveKitConfig | null {
  const given = [e.LIVEKIT_URL, e.LIVEKIT_API_KEY, e.LIVEKIT_API_SECRET];
  if (!given.some(Boolean)) {
    if (e.LIVEKIT_MEET_URL || e.LIVEKIT_CHAT_URL) {
      throw new ConfigError(
        "LIVEKIT_MEET_URL and LIVEKIT_CHAT_URL need LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET",
      );
    }
    return null;
  }
  if (!given.every(Boolean)) {
    throw new ConfigError(
      "LiveKit needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET (or none of them)",
    );
  }
  const main = e.LIVEKIT_URL!;
  return {
    apiKey: e.LIVEKIT_API_KEY!,
    apiSecret: e.LIVEKIT_API_SECRET!,
    urls: { main, meet: e.LIVEKIT_MEET_URL ?? main, chat: e.LIVEKIT_CHAT_URL ?? main },
  };
}

function paymentsConfig(e: z.infer<typeof EnvSchema>): PaymentsConfig {
  const razorpayKeys = [e.RAZORPAY_KEY_ID, e.RAZORPAY_KEY_SECRET, e.RAZORPAY_WEBHOOK_SECRET];
  if (razorpayKeys.some(Boolean) && !razorpayKeys.every(Boolean)) {
    throw new ConfigError("Razorpay needs RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET and RAZORPAY_WEBHOOK_SECRET");
  }
  if (Boolean(e.STRIPE_SECRET_KEY) !== Boolean(e.STRIPE_WEBHOOK_SECRET)) {
    throw new ConfigError("Stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET");
  }
  const sandbox = (e.PAYMENTS_SANDBOX ?? (e.APP_ENV === "production" ? "false" : "true")) === "true";
  if (sandbox && e.APP_ENV === "production") {
    throw new ConfigError("PAYMENTS_SANDBOX cannot be on in production: it accepts test cards as payment");
  }
  return {
    razorpay: e.RAZORPAY_KEY_ID
      ? {
        keyId: e.RAZORPAY_KEY_ID,
        keySecret: e.RAZORPAY_KEY_SECRET!,
        webhookSecret: e.RAZORPAY_WEBHOOK_SECRET!,
        apiUrl: e.RAZORPAY_API_URL,
      }
      : null,
    stripe: e.STRIPE_SECRET_KEY
      ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET!, apiUrl: e.STRIPE_API_URL }
      : null,
    sandbox,
    platformFeeBps: e.PLATFORM_FEE_BPS,
    invoiceSupplier: invoiceSupplier(e),
  };
}

function invoiceSupplier(e: z.infer<typeof EnvSchema>): PaymentsConfig["invoiceSupplier"] {
  const given = [e.INVOICE_SUPPLIER_NAME, e.INVOICE_SUPPLIER_ADDRESS, e.INVOICE_SUPPLIER_GSTIN];
  if (given.every(Boolean)) {
    return {
      legalName: e.INVOICE_SUPPLIER_NAME!,
      address: e.INVOICE_SUPPLIER_ADDRESS!,
      gstin: e.INVOICE_SUPPLIER_GSTIN!,
    };
  }
  if (given.some(Boolean)) {
    throw new ConfigError(
      "Invoices need INVOICE_SUPPLIER_NAME, INVOICE_SUPPLIER_ADDRESS and INVOICE_SUPPLIER_GSTIN",
    );
  }
  if (e.APP_ENV !== "production") return DEMO_INVOICE_SUPPLIER;
  if (e.RAZORPAY_KEY_ID) {
    throw new ConfigError(
      "Taking INR through Razorpay needs the INVOICE_SUPPLIER_* settings for GST invoices",
    );
  }
  return null;
}

function storageConfig(e: z.infer<typeof EnvSchema>): StorageConfig {
  if (!e.S3_BUCKET) return { kind: "local", dir: e.UPLOADS_DIR ?? `${e.DATA_DIR}/uploads` };
  if (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY) {
    throw new ConfigError("S3_BUCKET needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY");
  }
  const endpoint = e.S3_ENDPOINT ?? `https://s3.${e.S3_REGION}.amazonaws.com`;
  const { hostname } = new URL(endpoint);
  // Virtual-hosted names need DNS for <bucket>.<host>, which IPs and localhost lack.
  const local = hostname === "localhost" || /^[\d.]+$|^\[/.test(hostname);
  return {
    kind: "s3",
    endpoint,
    region: e.S3_REGION,
    bucket: e.S3_BUCKET,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    publicBaseUrl: e.S3_PUBLIC_BASE_URL,
    urlStyle: e.S3_URL_STYLE ?? (local ? "path" : "virtual"),
  };
}

async function loadSecrets(
  appEnv: AppEnv,
  dataDir: string,
  given: Partial<Record<SecretName, string>>,
): Promise<Record<SecretName, string>> {
  const missing = SECRET_NAMES.filter((name) => !given[name]);
  if (missing.length === 0) return given as Record<SecretName, string>;
  if (appEnv === "production") {
    throw new ConfigError(
      `Production needs these secrets in the environment (32+ characters each): ${missing.join(", ")}`,
    );
  }
  const file = `${dataDir}/secrets.json`;
  let stored: Partial<Record<SecretName, string>> = {};
  try {
    stored = JSON.parse(await Deno.readTextFile(file));
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = randomSecret();
      changed = true;
    }
  }
  if (changed) {
    await Deno.mkdir(dataDir, { recursive: true });
    await Deno.writeTextFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return Object.fromEntries(
    SECRET_NAMES.map((name) => [name, given[name] ?? stored[name]!]),
  ) as Record<SecretName, string>;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
