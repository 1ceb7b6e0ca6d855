/** /me/notifications: the signed-in user's in-app notifications, and marking them read. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../services/deps.ts";
import { listNotifications, markNotificationsRead } from "../../services/notifications.ts";
import { errorResponses, ok, successEnvelopeSchema } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { NotificationSchema } from "../schemas/bookings.ts";
import { actorOf, security } from "../route_kit.ts";
import { idField } from "../../services/validation.ts";

const tags = ["Notifications"];

const ListQuery = z.object({
  unread: z.enum(["true", "false"]).optional().openapi({ description: "Only unread ones when true" }),
});

const ReadInput = z.object({
  ids: z.union([z.array(idField("Not a notification id")).max(100), z.literal("all")])
    .openapi({ description: 'The notifications to mark read, or "all"', example: "all" }),
}).strict();

const routes = {
  list: createRoute({
    method: "get",
    path: "/me/notifications",
    operationId: "listNotifications",
    tags,
    summary: "Your latest notifications (50), newest first, with the unread count",
    security,
    request: { query: ListQuery },
    responses: {
      200: {
        description: "The notifications",
        content: {
          "application/json": {
            schema: successEnvelopeSchema(z.object({
              notifications: z.array(NotificationSchema),
              unread: z.number().int(),
            })),
          },
        },
      },
      ...errorResponses(401, 422),
    },
  }),
  read: createRoute({
    method: "post",
    path: "/me/notifications/read",
    operationId: "markNotificationsRead",
    tags,
    summary: "Mark notifications read",
    security,
    request: { body: { content: { "application/json": { schema: ReadInput } }, required: true } },
    responses: {
      200: {
        description: "How many changed",
        content: {
          "application/json": { schema: successEnvelopeSchema(z.object({ marked: z.number().int() })) },
        },
      },
      ...errorResponses(401, 422),
    },
  }),
};

export function notificationRoutes({ deps }: { deps: ServiceDeps }): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.list, async (c) => {
      const unreadOnly = c.req.valid("query").unread === "true";
      return c.json(ok(await listNotifications(deps.db, actorOf(c), { unreadOnly })), 200);
    })
    .openapi(routes.read, async (c) => {
      const { ids } = c.req.valid("json");
      return c.json(ok({ marked: await markNotificationsRead(deps.db, actorOf(c), ids, deps.now()) }), 200);
    });
}
