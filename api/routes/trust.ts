/**
 * Trust scores explained to their owners: why each score is what it is, what
 * would raise it, and how it changed. The person's own (as an organizer, and
 * each act and venue they own), or one subject's with its history a page at a
 * time (its owner, staff and admins). The rules are in domain/trust_score.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../services/deps.ts";
import {
  myTrustExplanations,
  TRUST_SUBJECT_TYPES,
  trustExplanation,
  TrustHistoryInput,
} from "../../services/trust/explain.ts";
import { idField } from "../../services/validation.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { TrustExplanationSchema } from "../schemas/trust.ts";
import { actorOf, json, security } from "../route_kit.ts";

const tags = ["Trust"];
const SubjectParams = z.object({
  subjectType: z.enum(TRUST_SUBJECT_TYPES).openapi({ description: "organizer (a user id), act or venue" }),
  id: idField("Not an id"),
});

const routes = {
  mine: createRoute({
    method: "get",
    path: "/trust/me",
    operationId: "getMyTrustScores",
    tags,
    summary: "Your trust scores explained: as an organizer, and each act and venue you own",
    description: "Each with its components, what would raise it and its newest changes " +
      "(GET /trust/{subjectType}/{id} pages through the rest).",
    security,
    responses: {
      200: json("Your scores", z.object({ scores: z.array(TrustExplanationSchema) })),
      ...errorResponses(401),
    },
  }),
  one: createRoute({
    method: "get",
    path: "/trust/{subjectType}/{id}",
    operationId: "getTrustScore",
    tags,
    summary: "One trust score explained, with a page of its history (its owner, staff and admins)",
    security,
    request: { params: SubjectParams, query: TrustHistoryInput },
    responses: {
      200: json("The score", z.object({ score: TrustExplanationSchema })),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
};

export function trustRoutes({ deps }: { deps: ServiceDeps }): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.mine, async (c) => {
      return c.json(ok({ scores: await myTrustExplanations(deps.db, actorOf(c), deps.now()) }), 200);
    })
    .openapi(routes.one, async (c) => {
      const { subjectType, id } = c.req.valid("param");
      const score = await trustExplanation(
        deps.db,
        actorOf(c),
        subjectType,
        id,
        c.req.valid("query"),
        deps.now(),
      );
      return c.json(ok({ score }), 200);
    });
}
