/** The calls API's answers: a call's state and who is in it, sealed signals, and how to reach the other side. */
import { z } from "@hono/zod-openapi";
import { CALL_END_REASONS, CALL_STATUSES, CALL_TRANSPORTS } from "../../domain/calls.ts";

export const CallSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  transport: z.enum(CALL_TRANSPORTS),
  status: z.enum(CALL_STATUSES),
  startedBy: z.uuid().nullable(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.enum(CALL_END_REASONS).nullable(),
  joined: z.array(z.object({ userId: z.uuid(), deviceId: z.uuid().nullable() })).openapi({
    description: "Who is in the call now, and from which device (LiveKit's joins name none)",
  }),
  declined: z.array(z.uuid()),
}).openapi("Call");

export const IceSchema = {
  iceServers: z.array(z.object({
    urls: z.array(z.string()),
    username: z.string().optional(),
    credential: z.string().optional(),
  })).openapi({
    description: "For `new RTCPeerConnection({ iceServers })`; TURN credentials are yours alone",
  }),
  iceTransportPolicy: z.enum(["all", "relay"]).openapi({
    description: "`relay`: this server hides participants' IP addresses from each other",
  }),
};

export const SignalSchema = z.object({
  id: z.number().int(),
  callId: z.uuid(),
  senderId: z.uuid(),
  envelope: z.record(z.string(), z.unknown()).openapi({
    description: "Sealed like a message (lib/e2ee/envelope.ts) to the devices it is for",
  }),
  sentAt: z.string(),
}).openapi("CallSignal");
