/**
 * A local stand-in for Neon's WebSocket proxy: accepts
 * `ws://127.0.0.1:<port>/?address=host:port` and pipes binary frames to and
 * from a TCP connection to one fixed Postgres server, so the Neon driver can be
 * tested against a plain local server. It relays only to `target` (it is not
 * an open proxy) and closes every socket it opened on `close()`.
 */

export interface NeonRelay {
  /** For `NeonOptions.wsProxy` (with `secure: false`). */
  wsProxy: string;
  /** WebSocket connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/** At most `maxOpen` tunnels at once; more are refused (503) so a runaway test cannot pile them up. */
export function startNeonRelay(
  target: { hostname: string; port: number },
  { maxOpen = 32 }: { maxOpen?: number } = {},
): Promise<NeonRelay> {
  const expected = `${target.hostname}:${target.port}`;
  const tunnels = new Set<Promise<void>>();
  const sockets = new Set<WebSocket>();
  let connections = 0;

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("WebSocket only\n", { status: 426 });
    }
    const address = new URL(req.url).searchParams.get("address");
    if (address !== expected) return new Response(`Relays only to ${expected}\n`, { status: 403 });
    if (sockets.size >= maxOpen) return new Response("Too many tunnels\n", { status: 503 });
    const { socket, response } = Deno.upgradeWebSocket(req);
    connections++;
    sockets.add(socket);
    const tunnel = relay(socket, target).finally(() => {
      sockets.delete(socket);
      tunnels.delete(tunnel);
    });
    tunnels.add(tunnel);
    return response;
  });

  return Promise.resolve({
    wsProxy: `127.0.0.1:${server.addr.port}`,
    get connections() {
      return connections;
    },
    async close() {
      for (const socket of sockets) socket.close();
      await Promise.all(tunnels);
      await server.shutdown();
    },
  });
}

/** Pipes one WebSocket to one TCP connection until either side ends. */
async function relay(socket: WebSocket, target: { hostname: string; port: number }): Promise<void> {
  socket.binaryType = "arraybuffer";
  const wsClosed = Promise.withResolvers<void>();
  socket.addEventListener("close", () => wsClosed.resolve());
  socket.addEventListener("error", () => socket.close());
  // Frames can arrive before the TCP connection is up: queue them in order.
  const inbound: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  socket.addEventListener("message", (e) => {
    inbound.push(typeof e.data === "string" ? new TextEncoder().encode(e.data) : new Uint8Array(e.data));
    wake?.();
  });
  await new Promise<void>((resolve) => {
    if (socket.readyState === WebSocket.OPEN) resolve();
    else socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("close", () => resolve(), { once: true });
  });
  if (socket.readyState !== WebSocket.OPEN) return;

  let tcp: Deno.TcpConn;
  try {
    tcp = await Deno.connect(target);
  } catch {
    socket.close(1011, "upstream unreachable");
    await wsClosed.promise;
    return;
  }

  const toServer = (async () => {
    const writer = tcp.writable.getWriter();
    try {
      while (socket.readyState === WebSocket.OPEN || inbound.length) {
        const chunk = inbound.shift();
        if (chunk) {
          await writer.write(chunk);
          continue;
        }
        const next = Promise.withResolvers<void>();
        wake = next.resolve;
        await Promise.race([next.promise, wsClosed.promise]);
        wake = undefined;
      }
    } catch {
      // The server went away; the other direction notices and closes up.
    } finally {
      await writer.close().catch(() => {});
    }
  })();

  const toClient = (async () => {
    try {
      for await (const chunk of tcp.readable) {
        if (socket.readyState !== WebSocket.OPEN) break;
        socket.send(chunk);
      }
    } catch {
      // Reset by the server: close the WebSocket below.
    }
    socket.close();
  })();

  await Promise.all([toServer, toClient, wsClosed.promise]);
  try {
    tcp.close();
  } catch {
    // Already closed along with its streams.
  }
}
