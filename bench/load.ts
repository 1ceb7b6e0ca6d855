/**
 * A small closed-loop load generator, like wrk: N keep-alive HTTP/1.1
 * connections, each sending a request as soon as the previous response has
 * arrived, for a fixed time. Only good for ratios measured in the same run
 * on the same machine, which is all the bench reports.
 *
 * It speaks HTTP/1.1 over a plain TCP socket rather than using fetch, because
 * fetch always decompresses: on a two-core machine the client's gunzip of
 * every page competed with the server for CPU and halved the figure for any
 * compressed response, while the bare server's 5-byte reply cost it nothing.
 * Bodies are counted, never decoded.
 */

export interface LoadOptions {
  connections: number;
  durationMs: number;
  /** Run first and discarded: opens the connections and warms the JIT on both sides. */
  warmupMs: number;
  /** Extra request headers for each connection, e.g. to make it a distinct client. */
  headers?: (connection: number) => Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  ok: number;
  failed: number;
}

/** What browsers send; the server answers compressed, as it would to them. */
const ACCEPT_ENCODING = "gzip, deflate, br";

export async function measureThroughput(url: string, opts: LoadOptions): Promise<LoadResult> {
  await run(url, opts, opts.warmupMs);
  return await run(url, opts, opts.durationMs);
}

async function run(url: string, opts: LoadOptions, durationMs: number): Promise<LoadResult> {
  const target = new URL(url);
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const stopAt = started + durationMs;
  await Promise.all(Array.from({ length: opts.connections }, async (_, connection) => {
    const extra = opts.headers?.(connection) ?? {};
    const head = [
      `GET ${target.pathname}${target.search} HTTP/1.1`,
      `Host: ${target.host}`,
      `Accept-Encoding: ${ACCEPT_ENCODING}`,
      ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
      "",
      "",
    ].join("\r\n");
    const request = new TextEncoder().encode(head);
    while (performance.now() < stopAt) {
      let conn: Deno.TcpConn | undefined;
      try {
        conn = await Deno.connect({ hostname: target.hostname, port: Number(target.port) });
        const reader = new ResponseReader(conn);
        while (performance.now() < stopAt) {
          await conn.write(request);
          const status = await reader.next();
          if (status === 200) ok++;
          else failed++;
        }
      } catch {
        failed++;
      } finally {
        try {
          conn?.close();
        } catch { /* already closed by the server */ }
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  return { requestsPerSecond: ok / seconds, ok, failed };
}

/** Reads one response at a time off a keep-alive connection: status line, headers, Content-Length body. */
class ResponseReader {
  #buffer = new Uint8Array(0);
  #chunk = new Uint8Array(64 * 1024);
  constructor(private conn: Deno.TcpConn) {}

  async next(): Promise<number> {
    let end: number;
    while ((end = headerEnd(this.#buffer)) < 0) await this.#fill();
    const head = new TextDecoder().decode(this.#buffer.subarray(0, end));
    const status = Number(head.slice(9, 12));
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1]);
    if (!Number.isFinite(length)) throw new Error("the load generator needs Content-Length responses");
    while (this.#buffer.length < end + 4 + length) await this.#fill();
    this.#buffer = this.#buffer.subarray(end + 4 + length);
    return status;
  }

  async #fill(): Promise<void> {
    const n = await this.conn.read(this.#chunk);
    if (n === null) throw new Error("connection closed");
    const joined = new Uint8Array(this.#buffer.length + n);
    joined.set(this.#buffer);
    joined.set(this.#chunk.subarray(0, n), this.#buffer.length);
    this.#buffer = joined;
  }
}

function headerEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i;
  }
  return -1;
}
