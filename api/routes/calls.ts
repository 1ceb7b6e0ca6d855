/**
 * /calls: peer-to-peer calls between the people of a conversation. Starting,
 * answering, declining and hanging up change the call and reach the others'
 * live connections (/messages/live); the browsers set the call up with
 * signals sealed end to end to each other's devices, which the server relays
 * and never reads.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ServiceUnavailable } from "../../domain/errors.ts";
import { CALL_LIMITS } from "../../domain/calls.ts";
import type { CallDeps } from "../../services/calls/deps.ts";
import {
  CallDeviceInput,
  getCall,
  joinP2PCall,
  keepP2PCallAlive,
  leaveP2PCall,
  startP2PCall,
  StartP2PCallInput,
} from "../../services/calls/p2p.ts";
import {
  callSignalsFor,
  sendCallSignal,
  SendSignalInput,
  SignalsQuery,
} from "../../services/calls/signals.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { actorOf, body, IdParam, json, meta, security } from "../route_kit.ts";
import { CallSchema, IceSchema, SignalSchema } from "../schemas/calls.ts";
import { ENVELOPE_EXAMPLE } from "../schemas/messages.ts";

const tags = ["Calls"];
const ID = "8b0c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";

const joined = (description: string) => json(description, z.object({ call: CallSchema, ...IceSchema }));
const started = (description: string) =>
  json(description, z.object({ call: CallSchema, created: z.boolean(), ...IceSchema }));
const signal = (description: string) => json(description, z.object({ signal: SignalSchema }));

const routes = {
  start: createRoute({
    method: "post",
    path: "/calls",
    operationId: "startCall",
    tags,
    summary: "Call a conversation peer to peer from this device, or find its live call",
    description: "The others' browsers ring through their live connections. When a peer-to-peer call is " +
      "already live (they called at the same moment) it is returned with `created: false`: join it. " +
      "409 when a LiveKit call is live.",
    security,
    request: body(StartP2PCallInput, { conversationId: ID, deviceId: ID }),
    responses: {
      200: started("The live call"),
      201: started("The call, ringing"),
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/calls/{id}",
    operationId: "getCall",
    tags,
    summary: "A call and who is in it",
    security,
    request: { params: IdParam },
    responses: { 200: json("The call", z.object({ call: CallSchema })), ...errorResponses(401, 404, 422) },
  }),
  join: createRoute({
    method: "post",
    path: "/calls/{id}/join",
    operationId: "joinCall",
    tags,
    summary: "Answer a ringing peer-to-peer call from this device",
    description: "A peer-to-peer call joins two: a second answer gets 409 (answered elsewhere).",
    security,
    request: { params: IdParam, ...body(CallDeviceInput, { deviceId: ID }) },
    responses: { 200: joined("Joined"), ...errorResponses(401, 404, 409, 422) },
  }),
  leave: createRoute({
    method: "post",
    path: "/calls/{id}/leave",
    operationId: "leaveCall",
    tags,
    summary: "Hang up, or decline a ringing call",
    description: "Either person in a peer-to-peer call hanging up ends it; declines end it when everyone " +
      "called has declined. Leaving an ended call changes nothing.",
    security,
    request: { params: IdParam },
    responses: { 200: json("The call", z.object({ call: CallSchema })), ...errorResponses(401, 404, 422) },
  }),
  alive: createRoute({
    method: "post",
    path: "/calls/{id}/alive",
    operationId: "keepCallAlive",
    tags,
    summary: "Still here: send while ringing or in a peer-to-peer call",
    description: `Every ${CALL_LIMITS.aliveEverySeconds} s. A call not heard from for ` +
      `${CALL_LIMITS.aliveTimeoutSeconds} s is ended, and one nobody answered within ` +
      `${CALL_LIMITS.ringSeconds} s is missed. 409 once it has ended.`,
    security,
    request: { params: IdParam },
    responses: { 204: { description: "Noted" }, ...errorResponses(401, 404, 409, 422) },
  }),
  sendSignal: createRoute({
    method: "post",
    path: "/calls/{id}/signals",
    operationId: "sendCallSignal",
    tags,
    summary: "Relay a sealed signal (an offer, answer or candidate) to devices in the call",
    description: "An envelope exactly as a message's, sealed by this device to current devices of the " +
      "call's people only (not their identities). Idempotent by clientId. The content must name the call, " +
      "so that a signal cannot be replayed into another. At most " +
      `${CALL_LIMITS.signalsPerCall} per call; deleted when the call ends.`,
    security,
    request: {
      params: IdParam,
      ...body(SendSignalInput, ENVELOPE_EXAMPLE),
    },
    responses: {
      200: signal("Already sent with this clientId"),
      201: signal("Relayed"),
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  signals: createRoute({
    method: "get",
    path: "/calls/{id}/signals",
    operationId: "listCallSignals",
    tags,
    summary: "The call's signals for one of your devices, after the last it has",
    description: "For a device that reconnected: what the live connection may have missed, oldest first.",
    security,
    request: { params: IdParam, query: SignalsQuery },
    responses: {
      200: json("The signals", z.object({ signals: z.array(SignalSchema) })),
      ...errorResponses(401, 404, 422),
    },
  }),
};

export function callRoutes({ calls }: { calls?: CallDeps }): OpenAPIHono {
  const need = () => {
    if (!calls) throw new ServiceUnavailable("Calls are not available on this server");
    return calls;
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.start, async (c) => {
      const started = await startP2PCall(need(), actorOf(c), c.req.valid("json"), meta(c));
      return c.json(ok(started), started.created ? 201 : 200);
    })
    .openapi(routes.get, async (c) => {
      return c.json(ok({ call: await getCall(need(), actorOf(c), c.req.valid("param").id) }), 200);
    })
    .openapi(routes.join, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(ok(await joinP2PCall(need(), actorOf(c), id, c.req.valid("json"), meta(c))), 200);
    })
    .openapi(routes.leave, async (c) => {
      return c.json(ok(await leaveP2PCall(need(), actorOf(c), c.req.valid("param").id, meta(c))), 200);
    })
    .openapi(routes.alive, async (c) => {
      await keepP2PCallAlive(need(), actorOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .openapi(routes.sendSignal, async (c) => {
      const { id } = c.req.valid("param");
      const sent = await sendCallSignal(need(), actorOf(c), id, c.req.valid("json"));
      return c.json(ok({ signal: sent.signal }), sent.created ? 201 : 200);
    })
    .openapi(routes.signals, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(ok({ signals: await callSignalsFor(need(), actorOf(c), id, c.req.valid("query")) }), 200);
    });
}
