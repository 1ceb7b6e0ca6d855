/**
 * /messages and the public keys behind them. Messages are sealed in the
 * browser (lib/e2ee/); these routes move sealed bytes, public keys and
 * receipts, and the disclosures a party chooses to make in a dispute.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ServiceUnavailable } from "../../domain/errors.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import { attachmentBytes, uploadAttachment } from "../../services/messages/attachments.ts";
import {
  listConversations,
  openConversation,
  OpenConversationInput,
} from "../../services/messages/conversations.ts";
import type { MessageDeps } from "../../services/messages/deps.ts";
import { DiscloseInput, discloseMessages } from "../../services/messages/disclosures.ts";
import {
  keyBackupOf,
  publicKeysOfUser,
  publishKeys,
  PublishKeysInput,
} from "../../services/messages/keys.ts";
import { conversationPage, markMessageRead, PageQuery } from "../../services/messages/read.ts";
import { sendMessage, SendMessageInput } from "../../services/messages/send.ts";
import { ErrorEnvelopeSchema, errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { actorOf, body, IdParam, json, meta, security } from "../route_kit.ts";
import {
  ConversationPageSchema,
  ConversationSchema,
  ENVELOPE_EXAMPLE,
  KeySchema,
  MessageSchema,
  PublicKeysSchema,
} from "../schemas/messages.ts";

const tags = ["Messages"];
const attachmentTooLarge = {
  413: {
    description: "The body is over the attachment limit",
    content: { "application/json": { schema: ErrorEnvelopeSchema } },
  },
};
const ID = "8b0c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e";
const KEY = "x7Hn0d2Vq8kR3mJ6tY9pL1sW4zB5cF0gA2eN7uI3oQk";

const routes = {
  publishKeys: createRoute({
    method: "put",
    path: "/users/{id}/public-key",
    operationId: "publishPublicKeys",
    tags,
    summary: "Publish your identity and the device list it signed (yourself only)",
    description: "The first time, and for a new identity, `backup` (the identity's secrets sealed in the " +
      "browser under the recovery key) is required. Adding a device is a newer list under the same identity. " +
      "A new identity tells your conversations that your keys changed.",
    security,
    request: {
      params: IdParam,
      ...body(PublishKeysInput, {
        identity: { id: ID, signKey: KEY, boxKey: KEY },
        deviceList: { document: '{"v":1,…}', signature: "…" },
      }),
    },
    responses: {
      200: json(
        "Published",
        z.object({ identityId: z.uuid(), version: z.number().int(), identityChanged: z.boolean() }),
      ),
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  publicKeys: createRoute({
    method: "get",
    path: "/users/{id}/public-key",
    operationId: "getPublicKeys",
    tags,
    summary: "Someone's identity key and signed device list",
    security,
    request: { params: IdParam },
    responses: { 200: json("Their public keys", PublicKeysSchema), ...errorResponses(401, 404, 422) },
  }),
  keyBackup: createRoute({
    method: "get",
    path: "/users/{id}/key-backup",
    operationId: "getKeyBackup",
    tags,
    summary: "Your identity's sealed backup, to restore it on a new device with your recovery key",
    security,
    request: { params: IdParam },
    responses: {
      200: json(
        "The sealed backup",
        z.object({ identity: KeySchema, backup: z.record(z.string(), z.unknown()) }),
      ),
      ...errorResponses(401, 404, 422),
    },
  }),
  list: createRoute({
    method: "get",
    path: "/messages",
    operationId: "listConversations",
    tags,
    summary: "Your conversations, latest activity first, with unread counts",
    security,
    responses: {
      200: json(
        "Conversations",
        z.object({ conversations: z.array(ConversationSchema), unreadTotal: z.number().int() }),
      ),
      ...errorResponses(401),
    },
  }),
  open: createRoute({
    method: "post",
    path: "/messages/conversations",
    operationId: "openConversation",
    tags,
    summary: "The conversation of a booking, an application, or with someone you share one with",
    description: "Made on first use (201), found after (200). Give exactly one of the three ids.",
    security,
    request: body(OpenConversationInput, { bookingId: ID }),
    responses: {
      200: json("The conversation", z.object({ conversation: ConversationSchema })),
      201: json("The new conversation", z.object({ conversation: ConversationSchema })),
      ...errorResponses(401, 404, 422),
    },
  }),
  page: createRoute({
    method: "get",
    path: "/messages/{id}",
    operationId: "getConversationMessages",
    tags,
    summary: "A page of the conversation's sealed messages, its people's keys and their receipts",
    description:
      "`after` catches up from a cursor; `before` pages back through history; neither: the latest.",
    security,
    request: { params: IdParam, query: PageQuery },
    responses: { 200: json("The page", ConversationPageSchema), ...errorResponses(401, 404, 422) },
  }),
  send: createRoute({
    method: "post",
    path: "/messages",
    operationId: "sendMessage",
    tags,
    summary: "Send a sealed message (idempotent by clientId)",
    description: "409 when `keys` does not name every current device and identity of the participants: " +
      "fetch the conversation again and reseal under the same clientId.",
    security,
    request: body(SendMessageInput, ENVELOPE_EXAMPLE),
    responses: {
      200: json("Already sent with this clientId", z.object({ message: MessageSchema })),
      201: json("Sent", z.object({ message: MessageSchema })),
      ...errorResponses(401, 404, 409, 422),
    },
  }),
  read: createRoute({
    method: "put",
    path: "/messages/{id}/read",
    operationId: "markMessageRead",
    tags,
    summary: "Mark the conversation read up to and with this message",
    security,
    request: { params: IdParam },
    responses: {
      200: json("Read", z.object({ conversationId: z.uuid(), readSeq: z.number().int() })),
      ...errorResponses(401, 404, 422),
    },
  }),
  upload: createRoute({
    method: "post",
    path: "/messages/attachments",
    operationId: "uploadMessageAttachment",
    tags,
    summary: "Store a file sealed in the browser (opaque bytes, at most 10 MB)",
    security,
    request: {
      query: z.object({ conversationId: z.uuid() }),
      body: {
        content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        required: true,
      },
    },
    responses: {
      201: json("Stored", z.object({ id: z.uuid(), size: z.number().int() })),
      ...errorResponses(401, 404, 422),
      ...attachmentTooLarge,
    },
  }),
  attachment: createRoute({
    method: "get",
    path: "/messages/attachments/{id}",
    operationId: "getMessageAttachment",
    tags,
    summary: "A sealed attachment's bytes (the conversation's participants)",
    security,
    request: { params: IdParam },
    responses: {
      200: {
        description: "The sealed bytes",
        content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(401, 404, 422),
    },
  }),
  disclose: createRoute({
    method: "post",
    path: "/messages/{id}/disclosures",
    operationId: "discloseMessages",
    tags,
    summary: "Show chosen messages to the admins, with what proves them (a party, in a dispute)",
    description: "Each item is a message's content and franking key as opened in your browser; the server " +
      "checks them against the sender's commitment and its countersignature and says which verify.",
    security,
    request: {
      params: IdParam,
      ...body(DiscloseInput, {
        messages: [{ messageId: ID, content: '{"text":"…","attachments":[]}', frankingKey: KEY }],
      }),
    },
    responses: {
      200: json(
        "What was disclosed and whether it verified",
        z.object({
          disclosures: z.array(
            z.object({ messageId: z.uuid(), verified: z.boolean(), problem: z.string().nullable() }),
          ),
        }),
      ),
      ...errorResponses(401, 404, 422),
    },
  }),
};

export function messageRoutes(
  { messages, storage }: { messages?: MessageDeps; storage?: Storage },
): OpenAPIHono {
  const need = () => {
    if (!messages) throw new ServiceUnavailable("Messages are not available on this server");
    return messages;
  };
  const files = () => {
    if (!storage) throw new ServiceUnavailable("Attachments are not available on this server");
    return storage;
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.publishKeys, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(ok(await publishKeys(need(), actorOf(c), id, c.req.valid("json"), meta(c))), 200);
    })
    .openapi(routes.publicKeys, async (c) => {
      return c.json(ok(await publicKeysOfUser(need().db, actorOf(c), c.req.valid("param").id)), 200);
    })
    .openapi(routes.keyBackup, async (c) => {
      const backup = await keyBackupOf(need().db, actorOf(c), c.req.valid("param").id);
      return c.json(ok({ identity: backup.identity, backup: { ...backup.backup } }), 200);
    })
    .openapi(routes.list, async (c) => {
      return c.json(ok(await listConversations(need().db, actorOf(c))), 200);
    })
    .openapi(routes.open, async (c) => {
      const { conversation, created } = await openConversation(need().db, actorOf(c), c.req.valid("json"));
      return created ? c.json(ok({ conversation }), 201) : c.json(ok({ conversation }), 200);
    })
    .openapi(routes.send, async (c) => {
      const { message, created } = await sendMessage(need(), actorOf(c), c.req.valid("json"), meta(c));
      return created ? c.json(ok({ message }), 201) : c.json(ok({ message }), 200);
    })
    .openapi(routes.upload, async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const { conversationId } = c.req.valid("query");
      return c.json(ok(await uploadAttachment(need(), files(), actorOf(c), conversationId, bytes)), 201);
    })
    .openapi(routes.attachment, async (c) => {
      const bytes = await attachmentBytes(need(), files(), actorOf(c), c.req.valid("param").id);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": "application/octet-stream",
        "cache-control": "private, no-store",
      });
    })
    .openapi(routes.page, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(ok(await conversationPage(need(), actorOf(c), id, c.req.valid("query"))), 200);
    })
    .openapi(routes.read, async (c) => {
      return c.json(ok(await markMessageRead(need(), actorOf(c), c.req.valid("param").id)), 200);
    })
    .openapi(routes.disclose, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(ok(await discloseMessages(need(), actorOf(c), id, c.req.valid("json"), meta(c))), 200);
    });
}
