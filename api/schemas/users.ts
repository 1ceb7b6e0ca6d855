/** Response shapes of accounts and sessions, for validation-free typing and the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { USER_STATUSES } from "../../domain/people.ts";
import { ROLE_NAMES } from "../../domain/roles.ts";

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string().openapi({ example: "asha@example.in" }),
  username: z.string().nullable().openapi({ example: "asha.rao" }),
  displayName: z.string().nullable().openapi({ example: "Asha Rao" }),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable().openapi({ example: "+91 98450 12345" }),
  status: z.enum(USER_STATUSES),
  roles: z.array(z.enum(ROLE_NAMES)).openapi({ example: ["artist"] }),
  locale: z.string().nullable().openapi({ example: "en-IN" }),
  currency: z.string().openapi({ example: "INR" }),
  timezone: z.string().openapi({ example: "Asia/Kolkata" }),
  createdAt: z.string().openapi({ example: "2026-11-21T10:00:00.000Z" }),
}).openapi("User");

export const SessionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["browser", "api"]),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
}).openapi("Session");
