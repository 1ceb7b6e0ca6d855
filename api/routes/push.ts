/**
 * Web Push: a signed-in person turns notifications on for a browser (posting
 * its `PushSubscription`), off again (by its endpoint), and chooses which
 * types they hear of on all their devices. The rules are in
 * services/push/subscriptions.ts and domain/push_types.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { PUSH_TYPE_LABELS, PUSH_TYPES, type PushType } from "../../domain/push_types.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import {
  pushPreferences,
  setPushPreferences,
  subscribeToPush,
  unsubscribeFromPush,
} from "../../services/push/subscriptions.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { actorOf, body, json, meta, security } from "../route_kit.ts";

const tags = ["Push notifications"];

const SubscriptionBody = z.object({
  endpoint: z.string().openapi({ description: "The push service's URL for this browser (https)" }),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z.string().openapi({ description: "The browser's P-256 public key, base64url" }),
    auth: z.string().openapi({ description: "Its 16-byte auth secret, base64url" }),
  }),
}).openapi({
  description: "What `PushSubscription.toJSON()` gives, subscribed with the server's `publicKey`",
});

const EndpointBody = z.object({ endpoint: z.string() });

const PushDeviceSchema = z.object({
  id: z.uuid(),
  label: z.string().openapi({ description: 'The browser, e.g. "Chrome on Android"' }),
  createdAt: z.string(),
  lastSuccessAt: z.string().nullable(),
  failureCount: z.number().int(),
}).openapi("PushDevice");

const PreferencesSchema = z.object(
  Object.fromEntries(
    PUSH_TYPES.map((t) => [t, z.boolean().openapi({ description: PUSH_TYPE_LABELS[t] })]),
  ) as Record<PushType, z.ZodBoolean>,
).openapi("PushPreferences");

const routes = {
  subscribe: createRoute({
    method: "post",
    path: "/push/subscriptions",
    operationId: "subscribeToPush",
    tags,
    summary: "Turn push notifications on for this browser (or bind it to you anew after another person)",
    description: "The subscription belongs to the session that posts it: signing that session out stops " +
      "the notifications on that browser. Posting the same subscription again changes nothing.",
    security,
    request: {
      ...body(SubscriptionBody, {
        endpoint: "https://fcm.googleapis.com/fcm/send/dXJ2…",
        expirationTime: null,
        keys: {
          p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
          auth: "tBHItJI5svbpez7KI4CCXg",
        },
      }),
    },
    responses: {
      201: json("On for this browser", z.object({ device: PushDeviceSchema })),
      200: json("It was on already", z.object({ device: PushDeviceSchema })),
      ...errorResponses(401, 409, 422, 503),
    },
  }),
  unsubscribe: createRoute({
    method: "delete",
    path: "/push/subscriptions",
    operationId: "unsubscribeFromPush",
    tags,
    summary: "Turn push notifications off for the browser with this endpoint",
    security,
    request: { ...body(EndpointBody, { endpoint: "https://fcm.googleapis.com/fcm/send/dXJ2…" }) },
    responses: {
      200: json("Off", z.object({ removed: z.literal(true) })),
      ...errorResponses(401, 404, 422),
    },
  }),
  preferences: createRoute({
    method: "get",
    path: "/push/preferences",
    operationId: "getPushPreferences",
    tags,
    summary: "Which notifications you get by push, and the key browsers subscribe with",
    security,
    responses: {
      200: json(
        "Your choices",
        z.object({
          preferences: PreferencesSchema,
          publicKey: z.string().nullable().openapi({
            description:
              "The VAPID public key (base64url) for `pushManager.subscribe`; null: push is off here",
          }),
        }),
      ),
      ...errorResponses(401),
    },
  }),
  setPreferences: createRoute({
    method: "put",
    path: "/push/preferences",
    operationId: "setPushPreferences",
    tags,
    summary: "Choose which notifications you get by push, on all your devices (every type, on or off)",
    security,
    request: {
      ...body(PreferencesSchema, {
        offers: true,
        requests: true,
        accepted: true,
        waiting: true,
        messages: false,
        calls: true,
      }),
    },
    responses: {
      200: json("Your choices", z.object({ preferences: PreferencesSchema })),
      ...errorResponses(401, 422),
    },
  }),
};

export function pushRoutes({ deps }: { deps: ServiceDeps }): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.subscribe, async (c) => {
      const { device, created } = await subscribeToPush(deps, actorOf(c), c.req.valid("json"), meta(c));
      return created
        ? c.json(ok({ device }, "Notifications are on for this browser"), 201)
        : c.json(ok({ device }), 200);
    })
    .openapi(routes.unsubscribe, async (c) => {
      await unsubscribeFromPush(deps, actorOf(c), c.req.valid("json"), meta(c));
      return c.json(ok({ removed: true as const }, "Notifications are off for that browser"), 200);
    })
    .openapi(routes.preferences, async (c) => {
      const preferences = await pushPreferences(deps, actorOf(c));
      return c.json(ok({ preferences, publicKey: deps.push?.publicKey ?? null }), 200);
    })
    .openapi(routes.setPreferences, async (c) => {
      const preferences = await setPushPreferences(deps, actorOf(c), c.req.valid("json"), meta(c));
      return c.json(ok({ preferences }, "Saved"), 200);
    });
}
