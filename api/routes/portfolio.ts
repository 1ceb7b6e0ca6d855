/**
 * /artists/{id}/portfolio: an act's audio and video links, photos and
 * documents. Who may see and change what is decided in
 * services/catalog/portfolio.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { ServiceUnavailable } from "../../domain/errors.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import * as portfolio from "../../services/catalog/portfolio.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { photoTooLarge, PortfolioItemSchema, portfolioUploadBody } from "../schemas/catalog.ts";
import { actorOf, body, IdParam, json, meta, optionalSignIn, security } from "../route_kit.ts";
import { idField } from "../../services/validation.ts";

const ItemParam = IdParam.extend({ itemId: idField("Not an item id") });
const oneItem = (description: string) => json(description, z.object({ item: PortfolioItemSchema }));
const items = (description: string) => json(description, z.object({ items: z.array(PortfolioItemSchema) }));

const routes = {
  list: createRoute({
    method: "get",
    path: "/artists/{id}/portfolio",
    operationId: "getPortfolio",
    security: optionalSignIn,
    tags: ["Portfolio"],
    summary: "An act's portfolio, in order",
    description: "Everyone sees the public items. The act's owner, its band's accepted members, admins " +
      "and staff also see private documents (technical riders), each with a signed URL valid for 5 minutes.",
    request: { params: IdParam },
    responses: {
      200: json("The portfolio", z.object({ items: z.array(PortfolioItemSchema), canEdit: z.boolean() })),
      ...errorResponses(404, 422),
    },
  }),
  addLink: createRoute({
    method: "post",
    path: "/artists/{id}/portfolio",
    operationId: "addPortfolioLink",
    tags: ["Portfolio"],
    summary: "Add an audio or video link (the act's owner or an admin)",
    description: "YouTube (watch, youtu.be, shorts), Spotify (track, album, playlist, artist, episode) " +
      "and SoundCloud links are recognised and get an `embedUrl`; any other https link is kept as a " +
      "plain link, and then `kind` is required. Only https links are accepted.",
    security,
    request: {
      params: IdParam,
      ...body(portfolio.AddLinkInput, {
        title: "Raga Yaman, live at NCPA",
        url: "https://youtu.be/dQw4w9WgXcQ",
      }),
    },
    responses: { 201: oneItem("The new item"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  upload: createRoute({
    method: "put",
    path: "/artists/{id}/portfolio",
    operationId: "uploadPortfolioFile",
    tags: ["Portfolio"],
    summary: "Upload a photo or a document such as a technical rider (the act's owner or an admin)",
    description: "Send the file itself as the body. Photos are public; documents are private and only " +
      "ever served through signed URLs.",
    security,
    request: {
      params: IdParam,
      query: z.object({
        kind: z.enum(["photo", "document"]).openapi({ example: "document" }),
        title: z.string().openapi({ example: "Technical rider 2026" }),
      }),
      ...portfolioUploadBody,
    },
    responses: {
      201: oneItem("The new item"),
      ...errorResponses(401, 403, 404, 409, 422),
      ...photoTooLarge,
    },
  }),
  reorder: createRoute({
    method: "patch",
    path: "/artists/{id}/portfolio",
    operationId: "reorderPortfolio",
    tags: ["Portfolio"],
    summary: "Reorder the portfolio (the act's owner or an admin)",
    security,
    request: {
      params: IdParam,
      ...body(portfolio.ReorderInput, {
        itemIds: ["0b9e6f7a-3c1d-4e59-9a62-1f0c2b7d8e41", "5d2c8a90-7e4b-4f13-8c6d-2a9b0e1f3c57"],
      }),
    },
    responses: { 200: items("The items in their new order"), ...errorResponses(401, 403, 404, 422) },
  }),
  remove: createRoute({
    method: "delete",
    path: "/artists/{id}/portfolio/{itemId}",
    operationId: "removePortfolioItem",
    tags: ["Portfolio"],
    summary: "Remove an item (the act's owner or an admin); an uploaded file is deleted too",
    security,
    request: { params: ItemParam },
    responses: { 200: json("Removed", z.null()), ...errorResponses(401, 403, 404, 422) },
  }),
  file: createRoute({
    method: "get",
    path: "/artists/{id}/portfolio/{itemId}/file",
    operationId: "openPortfolioDocument",
    tags: ["Portfolio"],
    summary: "Open a private document: a redirect to a signed URL valid for 5 minutes",
    description: "For the act's owner, its band's accepted members, admins and staff. Pages link " +
      "here so the signed URL is made at the moment of the click. Success is always the redirect " +
      "(there is no 2xx answer): follow it for the file, or read `Location` without following.",
    security,
    request: { params: ItemParam },
    responses: {
      302: {
        description: "Redirect to the signed URL",
        headers: {
          Location: {
            description: "The signed URL of the file, valid for 5 minutes",
            schema: { type: "string", format: "uri" },
          },
        },
      },
      ...errorResponses(401, 403, 404, 422),
    },
  }),
};

export function portfolioRoutes(
  { db, storage }: { db: Kysely<Database>; storage?: Storage },
): OpenAPIHono {
  const requireStorage = () => {
    if (!storage) throw new ServiceUnavailable("Uploads are not configured on this server");
    return storage;
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.list, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(ok(await portfolio.getPortfolio(db, storage ?? null, actorOf(c), id)), 200);
    })
    .openapi(routes.addLink, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(
        ok({ item: await portfolio.addLink(db, actorOf(c), id, c.req.valid("json"), meta(c)) }),
        201,
      );
    })
    .openapi(routes.upload, async (c) => {
      const store = requireStorage();
      const { id } = c.req.valid("param");
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const item = await portfolio.uploadItem(
        db,
        store,
        actorOf(c),
        id,
        c.req.valid("query"),
        bytes,
        meta(c),
      );
      return c.json(ok({ item }), 201);
    })
    .openapi(routes.reorder, async (c) => {
      const { id } = c.req.valid("param");
      const items = await portfolio.reorderPortfolio(db, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ items }), 200);
    })
    .openapi(routes.remove, async (c) => {
      const { id, itemId } = c.req.valid("param");
      await portfolio.removeItem(db, storage ?? null, actorOf(c), id, itemId, meta(c));
      return c.json(ok(null, "Item removed"), 200);
    })
    .openapi(routes.file, async (c) => {
      const { id, itemId } = c.req.valid("param");
      const url = await portfolio.privateDocumentUrl(db, requireStorage(), actorOf(c), id, itemId);
      c.header("Cache-Control", "private, no-store");
      return c.redirect(url, 302);
    });
}
