/** The messages API's answers: sealed messages and public keys, never content. */
import { z } from "@hono/zod-openapi";
import { CONVERSATION_KINDS, MESSAGE_KINDS } from "../../domain/conversations.ts";
import { CallSchema } from "./calls.ts";

/** An envelope as the browser seals it (lib/e2ee/envelope.ts), for the documents' request examples. */
export const ENVELOPE_EXAMPLE = {
  conversationId: "8b0c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e",
  clientId: "1d6b8e2a-3c4f-4a5b-8c7d-9e0f1a2b3c4d",
  senderId: "5f4e3d2c-1b0a-4987-8654-3210fedcba98",
  senderDeviceId: "0a1b2c3d-4e5f-4678-9abc-def012345678",
  nonce: "…",
  body: "…",
  keys: { "0a1b2c3d-4e5f-4678-9abc-def012345679": "…" },
  frankingTag: "x7Hn0d2Vq8kR3mJ6tY9pL1sW4zB5cF0gA2eN7uI3oQk",
  signature: "…",
};

export const KeySchema = z.object({ id: z.uuid(), signKey: z.string(), boxKey: z.string() }).openapi(
  "PublicKeySet",
);

const SignedDeviceListSchema = z.object({
  document: z.string().openapi({ description: "The device list as its identity signed it (JSON text)" }),
  signature: z.string(),
});

export const PublicKeysSchema = z.object({
  userId: z.uuid(),
  identity: KeySchema,
  deviceList: SignedDeviceListSchema,
}).openapi("PublicKeys");

export const ConversationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(CONVERSATION_KINDS),
  title: z.string(),
  bookingId: z.uuid().nullable(),
  applicationId: z.uuid().nullable(),
  lastSeq: z.number().int(),
  lastMessageAt: z.string().nullable(),
  unread: z.number().int(),
  participants: z.array(z.object({ userId: z.uuid(), name: z.string() })),
}).openapi("Conversation");

export const MessageSchema = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  seq: z.number().int(),
  kind: z.enum(MESSAGE_KINDS),
  senderId: z.uuid(),
  clientId: z.uuid().nullable(),
  sentAt: z.string(),
  senderDevice: KeySchema.nullable(),
  nonce: z.string().nullable(),
  body: z.string().nullable(),
  keys: z.record(z.string(), z.string()).nullable(),
  frankingTag: z.string().nullable(),
  signature: z.string().nullable(),
  attachmentIds: z.array(z.uuid()),
}).openapi("Message");

export const RecipientSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  identity: KeySchema.nullable(),
  deviceList: SignedDeviceListSchema.nullable(),
}).openapi("Recipient");

export const ConversationPageSchema = z.object({
  conversation: ConversationSchema,
  recipients: z.array(RecipientSchema),
  messages: z.array(MessageSchema),
  receipts: z.array(
    z.object({ userId: z.uuid(), deliveredSeq: z.number().int(), readSeq: z.number().int() }),
  ),
  activeCall: CallSchema.nullable().openapi({ description: "The conversation's live call, if any" }),
});
