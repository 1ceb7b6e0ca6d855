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
import { p95 } from "./login.ts";

export interface LoadOptions {
  connections: number;
  durationMs: number;
  /** Run first and discarded: opens the connections and warms the JIT on both sides. */
  warmupMs: number;
  /**
   * Extra request headers for each connection, e.g. to make it a distinct client; `client` counts up to
   * `clientsPerConnection`, and a connection's requests go round its clients in turn.
   */
  headers?: (connection: number, client: number) => Record<string, string>;
  /** 1 by default: every request on a connection from the same client. */
  clientsPerConnection?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  ok: number;
  failed: number;
  /** 95th percentile of the time from sending a request to reading its whole response. */
  p95Ms: number;
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
  const latencies: number[] = [];
  const started = performance.now();
  const stopAt = started + durationMs;
  await Promise.all(Array.from({ length: opts.connections }, async (_, connection) => {
    const requests = Array.from({ length: opts.clientsPerConnection ?? 1 }, (_, client) => {
      const extra = opts.headers?.(connection, client) ?? {};
      const head = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        `Accept-Encoding: ${ACCEPT_ENCODING}`,
        ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
        "",
        "",
      ].join("\r\n");
      return new TextEncoder().encode(head);
    });
    let sentCount = 0;
    while (performance.now() < stopAt) {
      let conn: Deno.TcpConn | undefined;
      try {
        conn = await Deno.connect({ hostname: target.hostname, port: Number(target.port) });
        const reader = new ResponseReader(conn);
        while (performance.now() < stopAt) {
          const sent = performance.now();
          await conn.write(requests[sentCount++ % requests.length]);
          const status = await reader.next();
          latencies.push(performance.now() - sent);
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
  return { requestsPerSecond: ok / seconds, ok, failed, p95Ms: latencies.length ? p95(latencies) : NaN };
}

/**
 * Reads one response at a time off a keep-alive connection: status line,
 * headers, Content-Length body. The client shares the machine's cores with
 * the server it measures, so its cost must not grow with the response: it
 * reads into one reused buffer, finds the header end with a native byte
 * search, and skips body bytes without copying or keeping them.
 */
class ResponseReader {
  #buffer = new Uint8Array(64 * 1024);
  /** The unread bytes are #buffer[#start, #end). */
  #start = 0;
  #end = 0;
  #decoder = new TextDecoder();
  constructor(private conn: Deno.TcpConn) {}

  async next(): Promise<number> {
    let scanned = 0;
    let end: number;
    while ((end = this.#headerEnd(scanned)) < 0) {
      // A header end may straddle two reads: rescan the last three bytes.
      scanned = Math.max(0, this.#end - this.#start - 3);
      await this.#fill();
    }
    const head = this.#decoder.decode(this.#buffer.subarray(this.#start, end));
    const status = Number(head.slice(9, 12));
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1]);
    if (!Number.isFinite(length)) throw new Error("the load generator needs Content-Length responses");
    this.#start = end + 4;
    await this.#skip(length);
    return status;
  }

  /** Index of the CRLFCRLF ending the head, searching from #start + `from`; -1 if not read yet. */
  #headerEnd(from: number): number {
    const unread = this.#buffer.subarray(this.#start, this.#end);
    for (let i = unread.indexOf(13, from); i >= 0 && i + 3 < unread.length; i = unread.indexOf(13, i + 1)) {
      if (unread[i + 1] === 10 && unread[i + 2] === 13 && unread[i + 3] === 10) return this.#start + i;
    }
    return -1;
  }

  async #skip(bytes: number): Promise<void> {
    const buffered = this.#end - this.#start;
    if (buffered >= bytes) {
      this.#start += bytes;
      return;
    }
    let left = bytes - buffered;
    this.#start = this.#end = 0;
    while (left > 0) {
      const n = await this.#read(this.#buffer);
      if (n > left) {
        this.#start = left;
        this.#end = n;
      }
      left -= Math.min(n, left);
    }
  }

  async #fill(): Promise<void> {
    if (this.#start > 0) {
      this.#buffer.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    if (this.#end === this.#buffer.length) {
      const grown = new Uint8Array(this.#buffer.length * 2);
      grown.set(this.#buffer);
      this.#buffer = grown;
    }
    this.#end += await this.#read(this.#buffer.subarray(this.#end));
  }

  async #read(into: Uint8Array): Promise<number> {
    const n = await this.conn.read(into);
    if (n === null) throw new Error("connection closed");
    return n;
  }
}
