/**
 * Verification requests: an act's or a venue's owner asks to be verified,
 * with links, a note and private documents; staff and admins see the queue
 * and approve or reject with a reason. The rules are domain/verification.ts,
 * who may do what is decided in services/admin/verification_*.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Storage } from "../../integrations/storage/storage.ts";
import { MAX_DOCUMENTS, MAX_LINKS, VERIFICATION_STATUSES } from "../../domain/verification.ts";
import { approveVerification, rejectVerification } from "../../services/admin/verification_decisions.ts";
import {
  addVerificationDocument,
  getVerificationRequest,
  openVerificationDocument,
  requestVerification,
  subjectVerification,
  verificationQueue,
} from "../../services/admin/verification_requests.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { idField } from "../../services/validation.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { photoTooLarge } from "../schemas/catalog.ts";
import { actorOf, body, IdParam, json, meta, security } from "../route_kit.ts";

const tags = ["Verification"];

const DocumentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.enum(["application/pdf", "image/jpeg", "image/png"]),
  byteSize: z.number().int(),
  createdAt: z.string(),
  href: z.string().openapi({ description: "Where the owner, staff and admins open it" }),
});

const RequestSchema = z.object({
  id: z.uuid(),
  status: z.enum(VERIFICATION_STATUSES),
  subject: z.object({
    type: z.enum(["act", "venue"]),
    id: z.uuid(),
    kind: z.enum(["solo", "band", "venue"]),
    name: z.string(),
    href: z.string().openapi({ description: "Its public page" }),
    verified: z.boolean(),
    trustScore: z.number(),
  }),
  owner: z.object({ id: z.uuid(), displayName: z.string().nullable(), email: z.string() }),
  links: z.array(z.string()),
  note: z.string().nullable(),
  documents: z.array(DocumentSchema),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
}).openapi("VerificationRequest");

const SubjectVerificationSchema = z.object({
  subject: z.object({
    type: z.enum(["act", "venue"]),
    id: z.uuid(),
    name: z.string(),
    verified: z.boolean(),
  }),
  requests: z.array(RequestSchema),
  canAsk: z.boolean(),
  isOwner: z.boolean(),
});

const AskBody = z.object({
  links: z.array(z.string()).openapi({
    description: `1 to ${MAX_LINKS} links: an official site, social profiles. "instagram.com/you" or an ` +
      "http:// link is kept as https://.",
  }),
  note: z.string().optional(),
});
const askExample = {
  links: ["https://ashaquartet.in", "https://www.instagram.com/ashaquartet"],
  note: "We have played the NCPA and Blue Frog; our press kit is attached.",
};
const oneRequest = (description: string) => json(description, z.object({ request: RequestSchema }));
const DocumentParam = IdParam.extend({ documentId: idField("Not a document id") });

const ask = (path: string, operationId: string, who: string) =>
  createRoute({
    method: "post",
    path,
    operationId,
    tags,
    summary: `Ask staff to verify ${who} (its owner)`,
    description: "At most one request waits at a time, and none while verified (409). Add documents " +
      "with PUT /verification-requests/{id}/documents.",
    security,
    request: { params: IdParam, ...body(AskBody, askExample) },
    responses: { 201: oneRequest("The request, waiting"), ...errorResponses(401, 403, 404, 409, 422) },
  });

const ofSubject = (path: string, operationId: string, who: string) =>
  createRoute({
    method: "get",
    path,
    operationId,
    tags,
    summary: `${who}'s verification and its requests, newest first (its owner, staff and admins)`,
    security,
    request: { params: IdParam },
    responses: {
      200: json("Its verification", SubjectVerificationSchema),
      ...errorResponses(401, 403, 404, 422),
    },
  });

const routes = {
  askForAct: ask("/artists/{id}/verification-requests", "requestArtistVerification", "an act"),
  askForVenue: ask("/venues/{id}/verification-requests", "requestVenueVerification", "a venue"),
  ofAct: ofSubject("/artists/{id}/verification-requests", "getArtistVerification", "An act"),
  ofVenue: ofSubject("/venues/{id}/verification-requests", "getVenueVerification", "A venue"),
  queue: createRoute({
    method: "get",
    path: "/verification-requests",
    operationId: "verificationQueue",
    tags,
    summary: "The requests waiting, oldest first (staff and admins)",
    security,
    responses: {
      200: json("The queue", z.object({ requests: z.array(RequestSchema) })),
      ...errorResponses(401, 403),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/verification-requests/{id}",
    operationId: "getVerificationRequest",
    tags,
    summary: "One request (its subject's owner, staff and admins)",
    security,
    request: { params: IdParam },
    responses: { 200: oneRequest("The request"), ...errorResponses(401, 404, 422) },
  }),
  addDocument: createRoute({
    method: "put",
    path: "/verification-requests/{id}/documents",
    operationId: "addVerificationDocument",
    tags,
    summary: `Add a document to a waiting request (its owner; at most ${MAX_DOCUMENTS})`,
    description: "Send the file itself as the body: a PDF, JPEG or PNG of at most 5 MiB, read by its " +
      "bytes. It is stored privately and only ever served to the owner, staff and admins.",
    security,
    request: {
      params: IdParam,
      query: z.object({ name: z.string().max(200).optional().openapi({ example: "press-kit.pdf" }) }),
      body: {
        content: Object.fromEntries(
          ["application/pdf", "image/jpeg", "image/png"].map((type) => [
            type,
            { schema: z.string().openapi({ type: "string", format: "binary" }) },
          ]),
        ),
        required: true,
      },
    },
    responses: {
      201: oneRequest("The request with the document"),
      ...errorResponses(401, 403, 404, 409, 422),
      ...photoTooLarge,
    },
  }),
  openDocument: createRoute({
    method: "get",
    path: "/verification-requests/{id}/documents/{documentId}",
    operationId: "openVerificationDocument",
    tags,
    summary: "A request's document, as a download (its owner, staff and admins)",
    security,
    request: { params: DocumentParam },
    responses: {
      200: {
        description: "The file",
        content: Object.fromEntries(
          ["application/pdf", "image/jpeg", "image/png"].map((type) => [
            type,
            { schema: z.string().openapi({ type: "string", format: "binary" }) },
          ]),
        ),
      },
      ...errorResponses(401, 404, 422),
    },
  }),
  approve: createRoute({
    method: "post",
    path: "/verification-requests/{id}/approve",
    operationId: "approveVerification",
    tags,
    summary: "Approve: the subject is verified and its trust score recomputed (staff and admins)",
    security,
    request: { params: IdParam, ...body(z.object({ reason: z.string().optional() }), {}, false) },
    responses: { 200: oneRequest("The request, approved"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  reject: createRoute({
    method: "post",
    path: "/verification-requests/{id}/reject",
    operationId: "rejectVerification",
    tags,
    summary: "Reject, with the reason the owner reads (staff and admins)",
    security,
    request: {
      params: IdParam,
      ...body(z.object({ reason: z.string() }), { reason: "The website does not name the venue" }),
    },
    responses: { 200: oneRequest("The request, rejected"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
};

export function verificationRoutes({ deps, storage }: { deps: ServiceDeps; storage?: Storage }): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.askForAct, async (c) => {
      const subject = { type: "act" as const, id: c.req.valid("param").id };
      const request = await requestVerification(
        deps,
        storage ?? null,
        actorOf(c),
        subject,
        c.req.valid("json"),
        [],
        meta(c),
      );
      return c.json(ok({ request }, "Request sent to staff"), 201);
    })
    .openapi(routes.askForVenue, async (c) => {
      const subject = { type: "venue" as const, id: c.req.valid("param").id };
      const request = await requestVerification(
        deps,
        storage ?? null,
        actorOf(c),
        subject,
        c.req.valid("json"),
        [],
        meta(c),
      );
      return c.json(ok({ request }, "Request sent to staff"), 201);
    })
    .openapi(routes.ofAct, async (c) => {
      const subject = { type: "act" as const, id: c.req.valid("param").id };
      return c.json(ok(await subjectVerification(deps.db, actorOf(c), subject)), 200);
    })
    .openapi(routes.ofVenue, async (c) => {
      const subject = { type: "venue" as const, id: c.req.valid("param").id };
      return c.json(ok(await subjectVerification(deps.db, actorOf(c), subject)), 200);
    })
    .openapi(routes.queue, async (c) => {
      return c.json(ok({ requests: await verificationQueue(deps.db, actorOf(c)) }), 200);
    })
    .openapi(routes.get, async (c) => {
      const request = await getVerificationRequest(deps.db, actorOf(c), c.req.valid("param").id);
      return c.json(ok({ request }), 200);
    })
    .openapi(routes.addDocument, async (c) => {
      const upload = {
        name: c.req.valid("query").name ?? "",
        bytes: new Uint8Array(await c.req.arrayBuffer()),
      };
      const request = await addVerificationDocument(
        deps,
        storage ?? null,
        actorOf(c),
        c.req.valid("param").id,
        upload,
        meta(c),
      );
      return c.json(ok({ request }, "Document added"), 201);
    })
    .openapi(routes.openDocument, async (c) => {
      const { id, documentId } = c.req.valid("param");
      const file = await openVerificationDocument(deps.db, storage ?? null, actorOf(c), id, documentId);
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
        "content-type": file.contentType,
        // A download, never rendered in the app's origin: the bytes are the uploader's.
        "content-disposition": `attachment; filename="${file.downloadName}"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      });
    })
    .openapi(routes.approve, async (c) => {
      const { id } = c.req.valid("param");
      const request = await approveVerification(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ request }, "Verified"), 200);
    })
    .openapi(routes.reject, async (c) => {
      const request = await rejectVerification(
        deps,
        actorOf(c),
        c.req.valid("param").id,
        c.req.valid("json"),
        meta(c),
      );
      return c.json(ok({ request }, "Rejected"), 200);
    });
}
