/**
 * A small closed-loop load generator: N concurrent keep-alive fetch loops
 * for a fixed time. Only good for ratios measured in the same run on the same
 * machine, which is all the bench reports.
 */

export interface LoadOptions {
  connections: number;
  durationMs: number;
  /** Run first and discarded: opens the connections and warms the JIT on both sides. */
  warmupMs: number;
  /** Extra request headers for each connection, e.g. to make it a distinct client. */
  headers?: (connection: number) => HeadersInit;
}

export interface LoadResult {
  requestsPerSecond: number;
  ok: number;
  failed: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

export async function measureThroughput(url: string, opts: LoadOptions): Promise<LoadResult> {
  await run(url, opts, opts.warmupMs);
  return await run(url, opts, opts.durationMs);
}

async function run(url: string, opts: LoadOptions, durationMs: number): Promise<LoadResult> {
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const stopAt = started + durationMs;
  await Promise.all(Array.from({ length: opts.connections }, async (_, connection) => {
    const headers = opts.headers?.(connection);
    while (performance.now() < stopAt) {
      try {
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        // Reading the body to its end is what returns the connection to the pool.
        await res.arrayBuffer();
        if (res.status === 200) ok++;
        else failed++;
      } catch {
        failed++;
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  return { requestsPerSecond: ok / seconds, ok, failed };
}
