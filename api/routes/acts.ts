/**
 * /artists (solo acts and bands alike, as the specification names them) and
 * /bands/{id}/members. Who may do what is decided in services/catalog/.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Storage } from "../../integrations/storage/storage.ts";
import * as acts from "../../services/catalog/acts.ts";
import type { WorkflowDeps } from "../../services/notifications.ts";
import { setActPhoto } from "../../services/catalog/photos.ts";
import * as members from "../../services/catalog/band_members.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import {
  ActSchema,
  BandMemberSchema,
  MyBandSchema,
  photoTooLarge,
  photoUploadBody,
} from "../schemas/catalog.ts";
import { ServiceUnavailable } from "../../domain/errors.ts";
import {
  actorOf,
  body,
  EMPTY_PATCH,
  IdParam,
  json,
  meta,
  noSignIn,
  optionalSignIn,
  security,
} from "../route_kit.ts";
import { idField } from "../../services/validation.ts";

const MemberParam = IdParam.extend({ userId: idField("Not a user id") });
const oneAct = (description: string) => json(description, z.object({ act: ActSchema }));
const oneMember = (description: string) => json(description, z.object({ member: BandMemberSchema }));

const newAct = {
  kind: "band",
  name: "The Raga Collective",
  bio: "Hindustani classical meets Bangalore indie.",
  yearsExperience: 8,
  budgetMin: 2_500_000,
  budgetStandard: 4_000_000,
  budgetPremium: 7_500_000,
  currency: "INR",
  genres: ["fusion", "indie"],
  languages: ["hi", "en"],
  travelRadiusKm: 500,
  socialLinks: { instagram: "https://instagram.com/ragacollective" },
};

const routes = {
  create: createRoute({
    method: "post",
    path: "/artists",
    operationId: "createArtist",
    tags: ["Artists"],
    summary: "Create an act: a solo act (artists) or a band (band managers)",
    security,
    request: body(acts.CreateActInput, newAct),
    responses: { 201: oneAct("The new act"), ...errorResponses(401, 403, 409, 422) },
  }),
  get: createRoute({
    method: "get",
    path: "/artists/{id}",
    operationId: "getArtist",
    security: noSignIn,
    tags: ["Artists"],
    summary: "An act's public profile",
    request: { params: IdParam },
    responses: { 200: oneAct("The act"), ...errorResponses(404, 422) },
  }),
  update: createRoute({
    method: "patch",
    path: "/artists/{id}",
    operationId: "updateArtist",
    tags: ["Artists"],
    summary: "Edit an act (its owner or an admin)",
    description: `${EMPTY_PATCH} The budgets must stay in order with the stored ones.`,
    security,
    request: {
      params: IdParam,
      ...body(acts.UpdateActInput, { bio: "Now touring.", budgetPremium: 9_000_000 }),
    },
    responses: { 200: oneAct("The updated act"), ...errorResponses(401, 403, 404, 422) },
  }),
  remove: createRoute({
    method: "delete",
    path: "/artists/{id}",
    operationId: "deleteArtist",
    tags: ["Artists"],
    summary: "Delete an act (its owner or an admin)",
    security,
    request: { params: IdParam },
    responses: { 200: json("Deleted", z.null()), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  verify: createRoute({
    method: "post",
    path: "/artists/{id}/verify",
    operationId: "verifyArtist",
    tags: ["Artists"],
    summary: "Mark an act verified or not (admins and staff)",
    description:
      "Staff's direct switch beside verification requests: the trust score is recomputed with it, " +
      "and verifying approves the act's waiting request, if any.",
    security,
    request: { params: IdParam, ...body(acts.VerifyInput, { verified: true }) },
    responses: { 200: oneAct("The act"), ...errorResponses(401, 403, 404, 422) },
  }),
  invite: createRoute({
    method: "post",
    path: "/bands/{id}/members",
    operationId: "inviteBandMember",
    tags: ["Bands"],
    summary: "Invite a registered user to the band (its manager or an admin)",
    description: "Give `userId` or `email`. Accepted members' fee shares may total at most 10000 (100%).",
    security,
    request: {
      params: IdParam,
      ...body(members.InviteMemberInput, { email: "asha@example.in", role: "Tabla", feeShareBps: 2500 }),
    },
    responses: { 201: oneMember("The invitation"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  accept: createRoute({
    method: "post",
    path: "/bands/{id}/members/{userId}/accept",
    operationId: "acceptBandInvitation",
    tags: ["Bands"],
    summary: "Accept an invitation (the invited user only)",
    security,
    request: { params: MemberParam },
    responses: { 200: oneMember("The membership"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  decline: createRoute({
    method: "post",
    path: "/bands/{id}/members/{userId}/decline",
    operationId: "declineBandInvitation",
    tags: ["Bands"],
    summary: "Decline an invitation (the invited user only)",
    security,
    request: { params: MemberParam },
    responses: { 200: oneMember("The declined invitation"), ...errorResponses(401, 403, 404, 409, 422) },
  }),
  removeMember: createRoute({
    method: "delete",
    path: "/bands/{id}/members/{userId}",
    operationId: "removeBandMember",
    tags: ["Bands"],
    summary: "Remove a member or withdraw an invitation (the manager or an admin); members may leave",
    security,
    request: { params: MemberParam },
    responses: { 200: json("Removed", z.null()), ...errorResponses(401, 403, 404, 422) },
  }),
  listMembers: createRoute({
    method: "get",
    path: "/bands/{id}/members",
    operationId: "listBandMembers",
    security: optionalSignIn,
    tags: ["Bands"],
    summary: "The band's members",
    description:
      "Everyone sees accepted members; the manager, admins and staff also see invitations and fee shares.",
    request: { params: IdParam },
    responses: {
      200: json("The members", z.object({ members: z.array(BandMemberSchema) })),
      ...errorResponses(404, 422),
    },
  }),
  myBands: createRoute({
    method: "get",
    path: "/me/bands",
    operationId: "listMyBands",
    tags: ["Bands"],
    summary: "The bands the signed-in user belongs to or is invited to",
    security,
    responses: {
      200: json("The bands", z.object({ bands: z.array(MyBandSchema) })),
      ...errorResponses(401),
    },
  }),
  photo: createRoute({
    method: "put",
    path: "/artists/{id}/photo",
    operationId: "setArtistPhoto",
    tags: ["Artists"],
    summary: "Set the act's photo (its owner or an admin)",
    description: "Send the image itself as the body. Replaces any previous photo; the answer carries " +
      "`photoUrl` (a new URL on every upload, cacheable forever) and `photoWidth`/`photoHeight`.",
    security,
    request: { params: IdParam, ...photoUploadBody },
    responses: {
      200: oneAct("The act with its new photo"),
      ...errorResponses(401, 403, 404, 422),
      ...photoTooLarge,
    },
  }),
};

export function actRoutes(
  { db, deps, storage }: { db: Kysely<Database>; deps: WorkflowDeps; storage?: Storage },
): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.create, async (c) => {
      return c.json(ok({ act: await acts.createAct(db, actorOf(c), c.req.valid("json"), meta(c)) }), 201);
    })
    .openapi(routes.get, async (c) => {
      return c.json(ok({ act: await acts.getAct(db, c.req.valid("param").id) }), 200);
    })
    .openapi(routes.update, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(ok({ act: await acts.updateAct(db, actorOf(c), id, c.req.valid("json"), meta(c)) }), 200);
    })
    .openapi(routes.remove, async (c) => {
      await acts.deleteAct(db, storage ?? null, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok(null, "Act deleted"), 200);
    })
    .openapi(routes.verify, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(
        ok({ act: await acts.verifyAct(deps, actorOf(c), id, c.req.valid("json"), meta(c)) }),
        200,
      );
    })
    .openapi(routes.invite, async (c) => {
      const { id } = c.req.valid("param");
      const member = await members.inviteMember(db, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ member }), 201);
    })
    .openapi(routes.accept, async (c) => {
      const { id, userId } = c.req.valid("param");
      return c.json(ok({ member: await members.acceptInvitation(db, actorOf(c), id, userId, meta(c)) }), 200);
    })
    .openapi(routes.decline, async (c) => {
      const { id, userId } = c.req.valid("param");
      return c.json(
        ok({ member: await members.declineInvitation(db, actorOf(c), id, userId, meta(c)) }),
        200,
      );
    })
    .openapi(routes.removeMember, async (c) => {
      const { id, userId } = c.req.valid("param");
      await members.removeMember(db, actorOf(c), id, userId, meta(c));
      return c.json(ok(null, "Member removed"), 200);
    })
    .openapi(routes.listMembers, async (c) => {
      return c.json(ok({ members: await members.listMembers(db, actorOf(c), c.req.valid("param").id) }), 200);
    })
    .openapi(routes.myBands, async (c) => {
      return c.json(ok({ bands: await members.myBands(db, actorOf(c)) }), 200);
    })
    .openapi(routes.photo, async (c) => {
      if (!storage) throw new ServiceUnavailable("Uploads are not configured on this server");
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const act = await setActPhoto(db, storage, actorOf(c), c.req.valid("param").id, bytes, meta(c));
      return c.json(ok({ act }), 200);
    });
}
