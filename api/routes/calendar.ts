/**
 * Calendars: an act's blocks and ranked holds, its public availability, the
 * signed-in user's month and their iCalendar feed link. Who may do what is
 * decided in services/calendar/.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import * as blocks from "../../services/calendar/blocks.ts";
import * as holds from "../../services/calendar/holds.ts";
import { actAvailability } from "../../services/calendar/availability.ts";
import { monthCalendar } from "../../services/calendar/month.ts";
import { feedLink, type FeedSigner, rotateFeed } from "../../services/calendar/feed.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { ServiceUnavailable } from "../../domain/errors.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import {
  AvailabilitySchema,
  BlockSchema,
  FeedLinkSchema,
  HoldListSchema,
  HoldSchema,
  MonthCalendarSchema,
} from "../schemas/calendar.ts";
import { actorOf, body, IdParam, json, meta, noSignIn, security } from "../route_kit.ts";
import { idField } from "../../services/validation.ts";

const BlockParam = IdParam.extend({ blockId: idField("Not a block id") });

const routes = {
  listBlocks: createRoute({
    method: "get",
    path: "/artists/{id}/blocks",
    operationId: "listArtistBlocks",
    tags: ["Calendar"],
    summary: "The act's blocked times (its owner, members, admins and staff)",
    security,
    request: { params: IdParam, query: blocks.ListBlocksInput },
    responses: {
      200: json("The blocks", z.object({ blocks: z.array(BlockSchema) })),
      ...errorResponses(401, 403, 404, 422),
    },
  }),
  addBlock: createRoute({
    method: "post",
    path: "/artists/{id}/blocks",
    operationId: "addArtistBlock",
    tags: ["Calendar"],
    summary: "Mark a time unavailable (the act's owner or an admin)",
    description: "Refused with 409 when it overlaps one of the act's confirmed (or later) bookings.",
    security,
    request: {
      params: IdParam,
      ...body(blocks.AddBlockInput, {
        startsAt: "2026-12-24T00:00:00+05:30",
        endsAt: "2026-12-26T00:00:00+05:30",
        reason: "Family wedding",
      }),
    },
    responses: {
      201: json("The block", z.object({ block: BlockSchema })),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  removeBlock: createRoute({
    method: "delete",
    path: "/artists/{id}/blocks/{blockId}",
    operationId: "removeArtistBlock",
    tags: ["Calendar"],
    summary: "Remove a block (the act's owner or an admin)",
    security,
    request: { params: BlockParam },
    responses: { 200: json("Removed", z.null()), ...errorResponses(401, 403, 404, 422) },
  }),
  listHolds: createRoute({
    method: "get",
    path: "/artists/{id}/holds",
    operationId: "listArtistHolds",
    tags: ["Calendar"],
    summary: "Active holds on the act's dates",
    description:
      "The act's owner, admins and staff see every hold; anyone else sees their own and the count.",
    security,
    request: { params: IdParam },
    responses: { 200: json("The holds", HoldListSchema), ...errorResponses(401, 404, 422) },
  }),
  placeHold: createRoute({
    method: "post",
    path: "/artists/{id}/holds",
    operationId: "placeArtistHold",
    tags: ["Calendar"],
    summary: "Hold a date of the act (promoters, organizers, venue managers)",
    description: "The hold's rank is 1 + the active holds already on that date. It lapses at `expiresAt` " +
      "(at most 14 days ahead, before the date). 409 when the act is booked that day or you already hold it.",
    security,
    request: {
      params: IdParam,
      ...body(holds.PlaceHoldInput, {
        holdDate: "2026-12-05",
        expiresAt: "2026-11-20T18:00:00+05:30",
        note: "Waiting on the venue's confirmation",
      }),
    },
    responses: {
      201: json("The hold", z.object({ hold: HoldSchema })),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  releaseHold: createRoute({
    method: "delete",
    path: "/holds/{id}",
    operationId: "releaseHold",
    tags: ["Calendar"],
    summary: "Release a hold (its holder, the act's owner or an admin); the holds below move up",
    security,
    request: { params: IdParam },
    responses: {
      200: json("The released hold", z.object({ hold: HoldSchema })),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  }),
  availability: createRoute({
    method: "get",
    path: "/artists/{id}/availability",
    operationId: "getArtistAvailability",
    security: noSignIn,
    tags: ["Calendar"],
    summary: "The act's busy days between two dates (at most 92 days), without details",
    request: {
      params: IdParam,
      query: z.object({
        from: z.string().openapi({ example: "2026-12-01" }),
        to: z.string().openapi({ example: "2026-12-31" }),
      }),
    },
    responses: { 200: json("Busy days", AvailabilitySchema), ...errorResponses(404, 422) },
  }),
  month: createRoute({
    method: "get",
    path: "/calendar",
    operationId: "getMonthCalendar",
    tags: ["Calendar"],
    summary: "The signed-in user's month: bookings, blocks and holds, in their time zone",
    security,
    request: { query: z.object({ month: z.string().openapi({ example: "2026-12" }) }) },
    responses: { 200: json("The month", MonthCalendarSchema), ...errorResponses(401, 422) },
  }),
  feed: createRoute({
    method: "get",
    path: "/calendar/feed",
    operationId: "getCalendarFeed",
    tags: ["Calendar"],
    summary: "The secret URL of the signed-in user's iCalendar feed",
    security,
    responses: { 200: json("The feed link", z.object({ feed: FeedLinkSchema })), ...errorResponses(401) },
  }),
  rotateFeed: createRoute({
    method: "post",
    path: "/calendar/feed/rotate",
    operationId: "rotateCalendarFeed",
    tags: ["Calendar"],
    summary: "Replace the feed URL; the old one stops working",
    security,
    responses: { 200: json("The new feed link", z.object({ feed: FeedLinkSchema })), ...errorResponses(401) },
  }),
};

export function calendarRoutes(
  { deps, calendarFeeds }: { deps: ServiceDeps; calendarFeeds?: FeedSigner },
): OpenAPIHono {
  const db = deps.db;
  const signer = () => {
    if (!calendarFeeds) throw new ServiceUnavailable("Calendar feeds are not configured on this server");
    return calendarFeeds;
  };
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.listBlocks, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(ok({ blocks: await blocks.listBlocks(db, actorOf(c), id, c.req.valid("query")) }), 200);
    })
    .openapi(routes.addBlock, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(
        ok({ block: await blocks.addBlock(db, actorOf(c), id, c.req.valid("json"), meta(c)) }),
        201,
      );
    })
    .openapi(routes.removeBlock, async (c) => {
      const { id, blockId } = c.req.valid("param");
      await blocks.removeBlock(db, actorOf(c), id, blockId, meta(c));
      return c.json(ok(null, "Block removed"), 200);
    })
    .openapi(routes.listHolds, async (c) => {
      return c.json(ok(await holds.listHolds(deps, actorOf(c), c.req.valid("param").id)), 200);
    })
    .openapi(routes.placeHold, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(
        ok({ hold: await holds.placeHold(deps, actorOf(c), id, c.req.valid("json"), meta(c)) }),
        201,
      );
    })
    .openapi(routes.releaseHold, async (c) => {
      const hold = await holds.releaseHold(deps, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok({ hold }, "Hold released"), 200);
    })
    .openapi(routes.availability, async (c) => {
      return c.json(ok(await actAvailability(db, c.req.valid("param").id, c.req.valid("query"))), 200);
    })
    .openapi(routes.month, async (c) => {
      const { month, timeZone, entries, days } = await monthCalendar(
        deps,
        actorOf(c),
        c.req.valid("query").month,
      );
      return c.json(ok({ month, timeZone, entries, days }), 200);
    })
    .openapi(routes.feed, async (c) => {
      return c.json(ok({ feed: await feedLink(deps, signer(), actorOf(c)) }), 200);
    })
    .openapi(routes.rotateFeed, async (c) => {
      return c.json(
        ok({ feed: await rotateFeed(deps, signer(), actorOf(c), meta(c)) }, "Feed URL replaced"),
        200,
      );
    });
}
