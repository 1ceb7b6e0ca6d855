/**
 * A stand-in for LiveKit's server API in tests: the slice `RoomServiceClient`
 * uses to create and list rooms, on a loopback port, speaking Twirp as LiveKit does
 * (POST /twirp/livekit.RoomService/<Method>, a protojson body, a
 * `Bearer` JWT signed with the API secret; errors as Twirp's
 * `{ code, msg }` JSON with the matching status). The JWT is checked with the
 * SDK's own `TokenVerifier` against the real key and secret; CreateRoom
 * needs the `roomCreate` grant and ListRooms `roomList`, as LiveKit requires. The answer is a `Room`
 * in protojson, made with the protocol's own message, so the real SDK parses
 * what LiveKit would send. Asking again for a name it has returns that room,
 * as LiveKit does.
 *
 * It carries no media: joining, publishing and subscribing need a real SFU.
 * `webhook` signs events the way livekit-server's notifier does
 * (protocol/webhook/url_notifier.go): the body is the event in protojson, and
 * Authorization is a JWT issued by the API key, valid five minutes, whose
 * `sha256` claim is the body's SHA-256 in standard base64.
 */
import { AccessToken, Room, TokenVerifier, WebhookEvent, type WebhookEventNames } from "livekit-server-sdk";

export const TEST_LIVEKIT = {
  apiKey: "APItestkey",
  apiSecret: "test-livekit-secret-that-is-long-enough-0123",
};

export interface CreatedRoom {
  name: string;
  emptyTimeout: number;
  maxParticipants: number;
  sid: string;
}

export interface LiveKitStandIn {
  url: string;
  /** The environment that points the app at this stand-in. */
  env: Record<string, string>;
  /** Every CreateRoom that passed authentication, in order (a repeated name included). */
  createRoomRequests: CreatedRoom[];
  /** Requests refused for their authorization, with the reason. */
  refused: string[];
  /** Requests for what the stand-in does not speak (a browser's /rtc signalling, say), as method and path. */
  unhandled: string[];
  /** The rooms it has; deleting one is LiveKit closing it (without a webhook, unless one is sent). */
  rooms: Map<string, CreatedRoom>;
  /** A webhook as LiveKit sends it: its body and headers. */
  webhook(
    event: { event: WebhookEventNames; room: string; identity?: string; id?: string; createdAt?: Date },
    options?: { secret?: string },
  ): Promise<{ body: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

/** A room as LiveKit's protocol message, so the SDK parses exactly what LiveKit would send. */
function roomMessage(room: CreatedRoom): Room {
  return new Room({
    sid: room.sid,
    name: room.name,
    emptyTimeout: room.emptyTimeout,
    maxParticipants: room.maxParticipants,
    creationTime: BigInt(Math.floor(Date.now() / 1000)),
  });
}

function twirpError(status: number, code: string, msg: string): Response {
  return Response.json({ code, msg }, { status });
}

export function startLiveKitStandIn(keys = TEST_LIVEKIT): LiveKitStandIn {
  const verifier = new TokenVerifier(keys.apiKey, keys.apiSecret);
  const rooms = new Map<string, CreatedRoom>();
  const createRoomRequests: CreatedRoom[] = [];
  const refused: string[] = [];
  const unhandled: string[] = [];

  async function handle(req: Request): Promise<Response> {
    const { pathname } = new URL(req.url);
    if (req.method !== "POST" || !pathname.startsWith("/twirp/livekit.")) {
      unhandled.push(`${req.method} ${pathname}`);
      return twirpError(404, "bad_route", `no handler for ${req.method} ${pathname}`);
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.get("Authorization") ?? "")?.[1];
    let claims: Awaited<ReturnType<TokenVerifier["verify"]>>;
    try {
      if (!bearer) throw new Error("no Bearer token");
      claims = await verifier.verify(bearer);
    } catch (err) {
      refused.push(`invalid token: ${err instanceof Error ? err.message : err}`);
      return twirpError(401, "unauthenticated", "invalid token");
    }
    const grant = (claims as { video?: { roomCreate?: boolean; roomList?: boolean } }).video;
    // The SDK speaks JSON; protobuf bodies would need the request message, which it does not send.
    if (!req.headers.get("Content-Type")?.startsWith("application/json")) {
      return twirpError(415, "malformed", "the stand-in reads protojson only");
    }
    if (pathname === "/twirp/livekit.RoomService/ListRooms") {
      if (grant?.roomList !== true) {
        refused.push("no roomList grant");
        return twirpError(403, "permission_denied", "permissions denied");
      }
      const { names } = await req.json() as { names?: string[] };
      const listed = [...rooms.values()].filter((r) => !names?.length || names.includes(r.name));
      return Response.json({ rooms: listed.map((r) => roomMessage(r).toJson()) });
    }
    if (pathname !== "/twirp/livekit.RoomService/CreateRoom") {
      return twirpError(404, "bad_route", `not implemented by the stand-in: ${pathname}`);
    }
    if (grant?.roomCreate !== true) {
      refused.push("no roomCreate grant");
      return twirpError(403, "permission_denied", "permissions denied");
    }
    const body = await req.json() as { name?: unknown; emptyTimeout?: unknown; maxParticipants?: unknown };
    if (typeof body.name !== "string" || body.name === "") {
      return twirpError(400, "invalid_argument", "name is required");
    }
    const asked: CreatedRoom = {
      name: body.name,
      emptyTimeout: Number(body.emptyTimeout ?? 0),
      maxParticipants: Number(body.maxParticipants ?? 0),
      sid: `RM_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`,
    };
    createRoomRequests.push(asked);
    const room = rooms.get(asked.name) ?? asked;
    rooms.set(room.name, room);
    return new Response(roomMessage(room).toJsonString(), {
      headers: { "Content-Type": "application/json" },
    });
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handle);
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    url,
    env: { LIVEKIT_URL: url, LIVEKIT_API_KEY: keys.apiKey, LIVEKIT_API_SECRET: keys.apiSecret },
    createRoomRequests,
    refused,
    unhandled,
    rooms,
    async webhook(e, options = {}) {
      const event = new WebhookEvent({
        event: e.event,
        id: e.id ?? `EV_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`,
        createdAt: BigInt(Math.floor((e.createdAt ?? new Date()).getTime() / 1000)),
        room: new Room({ name: e.room, sid: rooms.get(e.room)?.sid ?? "RM_unknown" }),
        ...(e.identity ? { participant: { identity: e.identity, sid: `PA_${e.identity.slice(0, 8)}` } } : {}),
      });
      // The SDK's WebhookEvent constructor resets `event` after its parent set it: set it afterwards.
      event.event = e.event;
      const body = event.toJsonString();
      const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
      const token = new AccessToken(keys.apiKey, options.secret ?? keys.apiSecret, { ttl: "5m" });
      token.sha256 = btoa(String.fromCharCode(...sum));
      return {
        body,
        headers: {
          Authorization: await token.toJwt(),
          "Content-Type": "application/webhook+json",
          "User-Agent": "LiveKit",
        },
      };
    },
    close: () => server.shutdown(),
  };
}
