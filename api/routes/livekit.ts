/**
 * /livekit: calls through LiveKit. The conversation's participants start a
 * call (its room made on the LiveKit server) and get a token to join it;
 * LiveKit reports joins, leaves and the room's end by webhook. Without
 * LiveKit configured every route answers 503 and says so.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { CallDeps } from "../../services/calls/deps.ts";
import {
  JoinTokenInput,
  liveKitJoinToken,
  StartCallInput,
  startLiveKitCall,
} from "../../services/calls/livekit.ts";
import { receiveLiveKitWebhook } from "../../services/calls/webhooks.ts";
import { ServiceUnavailable } from "../../domain/errors.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { actorOf, body, json, meta, noSignIn, security } from "../route_kit.ts";
import { CallSchema } from "../schemas/calls.ts";

const tags = ["Calls"];
const ID = "8b0c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";

const RoomSchema = z.object({
  name: z.string().openapi({ description: "Random; says nothing about the conversation" }),
  emptyTimeout: z.number().int(),
  maxParticipants: z.number().int(),
});

const started = (description: string) =>
  json(description, z.object({ call: CallSchema, room: RoomSchema, created: z.boolean() }));

const routes = {
  room: createRoute({
    method: "post",
    path: "/livekit/room",
    operationId: "startLiveKitCall",
    tags,
    summary: "Start a call in a conversation through LiveKit, or find the live one (its participants)",
    description: "Creates the call's room on the LiveKit server with an empty timeout and as many places " +
      "as the conversation has participants. 503 when LiveKit is not configured here.",
    security,
    request: body(StartCallInput, { conversationId: ID }),
    responses: {
      200: started("The live call"),
      201: started("The call, started"),
      ...errorResponses(401, 404, 409, 422, 502, 503),
    },
  }),
  token: createRoute({
    method: "post",
    path: "/livekit/token",
    operationId: "getLiveKitToken",
    tags,
    summary: "A token to join a live call's room (its conversation's participants)",
    description: "Valid for minutes: it only admits. It names you (your user id and display name) and lets " +
      "you publish camera and microphone, subscribe and send data in that room, nothing more.",
    security,
    request: body(JoinTokenInput, { callId: ID }),
    responses: {
      200: json(
        "The token and the LiveKit URL to connect to",
        z.object({ token: z.string(), url: z.string(), expiresAt: z.string() }),
      ),
      ...errorResponses(401, 404, 409, 422, 503),
    },
  }),
  webhook: createRoute({
    method: "post",
    path: "/livekit/webhooks",
    operationId: "liveKitWebhook",
    tags,
    summary: "Events from the LiveKit server (joins, leaves, a room's end)",
    description: "Signed by LiveKit: a JWT in `Authorization` whose `sha256` claim is the body's hash, " +
      "verified before anything is stored; deduplicated on the event's id. 401 for a forged, tampered or " +
      "stale event.",
    security: noSignIn,
    responses: {
      200: json("Received", z.object({ outcome: z.enum(["recorded", "duplicate", "ignored"]) })),
      ...errorResponses(401, 422, 503),
    },
  }),
};

export function liveKitRoutes({ calls }: { calls?: CallDeps }): OpenAPIHono {
  const need = () => {
    if (!calls) throw new ServiceUnavailable("Calls are not available on this server");
    return calls;
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.room, async (c) => {
      const { call, room, created } = await startLiveKitCall(
        need(),
        actorOf(c),
        c.req.valid("json"),
        meta(c),
      );
      return c.json(ok({ call, room, created }), created ? 201 : 200);
    })
    .openapi(routes.token, async (c) => {
      return c.json(ok(await liveKitJoinToken(need(), actorOf(c), c.req.valid("json"))), 200);
    })
    .openapi(routes.webhook, async (c) => {
      // The signature covers the exact bytes sent, so the body is read raw, never re-serialised.
      const outcome = await receiveLiveKitWebhook(need(), await c.req.text(), c.req.header("Authorization"));
      return c.json(ok({ outcome }), 200);
    });
}
