/** The messages API's answers: sealed messages and public keys, never content. */
import { z } from "@hono/zod-openapi";
import { CONVERSATION_KINDS, MESSAGE_KINDS } from "../../domain/conversations.ts";
import { CallSchema } from "./calls.ts";

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
