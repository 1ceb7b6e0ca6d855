/**
 * /auth: registration, verification, sign-in for API and mobile clients
 * (tokens in the body; browsers use the /login page and cookies), refresh,
 * sign-out and the caller's own sessions. Thin: each route hands its input
 * to a use case and wraps the result in the envelope.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import * as account from "../../services/auth/my_account.ts";
import * as accounts from "../../services/auth/accounts.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { login, LoginInput, logout } from "../../services/auth/login.ts";
import { rotateRefreshToken } from "../../services/auth/sessions.ts";
import { requireActor } from "../../domain/access.ts";
import { Unauthorized } from "../../domain/errors.ts";
import { errorResponses, ok, successEnvelopeSchema } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import { SessionSchema, UserSchema } from "../schemas/users.ts";
import { actorOf, IdParam, meta, noSignIn, security } from "../route_kit.ts";

const json = <S extends z.ZodType>(schema: S, example?: unknown) => ({
  content: { "application/json": { schema, ...(example ? { example } : {}) } },
  required: true,
});
const reply = <S extends z.ZodType>(description: string, data: S) => ({
  description,
  content: { "application/json": { schema: successEnvelopeSchema(data) } },
});

export const TokensSchema = z.object({
  accessToken: z.string().openapi({ description: "JWT for `Authorization: Bearer`; lives 15 minutes" }),
  refreshToken: z.string().openapi({ description: "Single use: trade it at /auth/refresh-token" }),
  expiresIn: z.number().int().openapi({ example: 900 }),
});

const RegistrationSchema = z.object({
  email: z.string().openapi({ example: "asha@example.in" }),
  status: z.literal("pending_verification"),
});

const routes = {
  register: createRoute({
    method: "post",
    path: "/auth/register",
    operationId: "register",
    security: noSignIn,
    tags: ["Authentication"],
    summary: "Create an account",
    description: "The account starts `pending_verification`; a link and a 6-digit code are e-mailed. " +
      "No sign-in. If the address already has an account, nothing is created and its owner is e-mailed " +
      "instead; the answer is the same either way, so it never tells who has an account.",
    request: {
      body: json(accounts.RegisterInput, {
        email: "asha@example.in",
        password: "Tabla-Night-2026",
        displayName: "Asha Rao",
        role: "artist",
        phone: "+91 98450 12345",
      }),
    },
    responses: {
      202: reply("Accepted: what happens next is in an e-mail to the address", RegistrationSchema),
      ...errorResponses(422, 429),
    },
  }),
  verifyEmail: createRoute({
    method: "post",
    path: "/auth/verify-email",
    operationId: "verifyEmail",
    security: noSignIn,
    tags: ["Authentication"],
    summary: "Verify an e-mail address",
    description: "With the link's `token`, or with `email` and the 6-digit `code` (10 minutes, 5 tries).",
    request: { body: json(accounts.VerifyEmailInput, { email: "asha@example.in", code: "042917" }) },
    responses: {
      200: reply("Verified; the account is active", z.object({ user: UserSchema })),
      ...errorResponses(422, 429),
    },
  }),
  resendVerification: createRoute({
    method: "post",
    path: "/auth/resend-verification",
    operationId: "resendVerification",
    security: noSignIn,
    tags: ["Authentication"],
    summary: "Send a new verification link and code",
    request: { body: json(accounts.ForgotPasswordInput, { email: "asha@example.in" }) },
    responses: {
      202: reply("Sent if the account is waiting for verification", z.null()),
      ...errorResponses(422, 429),
    },
  }),
  login: createRoute({
    method: "post",
    path: "/auth/login",
    operationId: "login",
    security: noSignIn,
    tags: ["Authentication"],
    summary: "Sign in (API and mobile clients)",
    description: "`identifier` is an e-mail address or a username. Failures answer the same whether or not " +
      "the account exists. " +
      "Failed sign-ins are limited, successful ones never: 5 per 15 minutes for one identifier from one " +
      "address, 100 per 15 minutes from one address. Past either, even the right password is answered " +
      "429 `RATE_LIMIT_EXCEEDED` with `Retry-After` (seconds) until the window ends; other addresses are " +
      "unaffected. " +
      "After 10 failed sign-ins for one identifier within an hour, from any addresses, sign-in steps up: " +
      "the password is only checked together with `code`, a 6-digit code e-mailed to the account (it " +
      "works once, for 10 minutes). Without a valid one the answer is 401 `LOGIN_CODE_REQUIRED` naming " +
      "the field `code`, and a code is e-mailed (at most one a minute). `code` is ignored otherwise.",
    request: { body: json(LoginInput, { identifier: "asha@example.in", password: "Tabla-Night-2026" }) },
    responses: {
      200: reply("Signed in", TokensSchema.extend({ user: UserSchema })),
      ...errorResponses(401, 403, 422, 429),
    },
  }),
  refresh: createRoute({
    method: "post",
    path: "/auth/refresh-token",
    operationId: "refreshToken",
    security: noSignIn,
    tags: ["Authentication"],
    summary: "Trade a refresh token for a new pair",
    description: "Each refresh token works once. Presenting a used one ends the whole session.",
    request: { body: json(z.object({ refreshToken: z.string().min(1).max(200) }).strict()) },
    responses: { 200: reply("New tokens", TokensSchema), ...errorResponses(401, 422, 429) },
  }),
  logout: createRoute({
    method: "post",
    path: "/auth/logout",
    operationId: "logout",
    tags: ["Authentication"],
    summary: "Sign out (ends this session)",
    security,
    responses: { 200: reply("Signed out", z.null()), ...errorResponses(401) },
  }),
  me: createRoute({
    method: "get",
    path: "/auth/me",
    operationId: "getCurrentUser",
    tags: ["Authentication"],
    summary: "The signed-in account",
    security,
    responses: { 200: reply("The account", z.object({ user: UserSchema })), ...errorResponses(401) },
  }),
  sessions: createRoute({
    method: "get",
    path: "/auth/sessions",
    operationId: "listSessions",
    tags: ["Authentication"],
    summary: "Where you are signed in",
    security,
    responses: {
      200: reply("Live sessions, newest activity first", z.array(SessionSchema)),
      ...errorResponses(401),
    },
  }),
  endOthers: createRoute({
    method: "delete",
    path: "/auth/sessions",
    operationId: "endOtherSessions",
    tags: ["Authentication"],
    summary: "Sign out everywhere else",
    security,
    responses: {
      200: reply("Sessions ended", z.object({ ended: z.number().int() })),
      ...errorResponses(401),
    },
  }),
  endOne: createRoute({
    method: "delete",
    path: "/auth/sessions/{id}",
    operationId: "endSession",
    tags: ["Authentication"],
    summary: "End one of your sessions",
    security,
    request: { params: IdParam },
    responses: { 200: reply("Session ended", z.null()), ...errorResponses(401, 404, 422) },
  }),
  forgot: createRoute({
    method: "post",
    path: "/auth/forgot-password",
    operationId: "requestPasswordReset",
    security: noSignIn,
    tags: ["Authentication"],
    summary: "E-mail a password reset link",
    description: "Answers the same whether or not the address has an account.",
    request: { body: json(accounts.ForgotPasswordInput, { email: "asha@example.in" }) },
    responses: { 202: reply("Sent if the account exists", z.null()), ...errorResponses(422, 429) },
  }),
  reset: createRoute({
    method: "post",
    path: "/auth/reset-password",
    operationId: "resetPassword",
    security: noSignIn,
    tags: ["Authentication"],
    summary: "Set a new password from a reset link",
    description: "The link works once, for an hour. Every session of the account ends.",
    request: { body: json(accounts.ResetPasswordInput) },
    responses: { 200: reply("Password changed", z.null()), ...errorResponses(422, 429) },
  }),
};

export function authRoutes(deps: ServiceDeps): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.register, async (c) => {
      const registration = await accounts.register(deps, c.req.valid("json"), meta(c));
      return c.json(ok(registration, "Check your e-mail to continue"), 202);
    })
    .openapi(routes.verifyEmail, async (c) => {
      const user = await accounts.verifyEmail(deps, c.req.valid("json"), meta(c));
      return c.json(ok({ user }, "Your e-mail address is verified"), 200);
    })
    .openapi(routes.resendVerification, async (c) => {
      await accounts.resendVerification(deps, c.req.valid("json"));
      return c.json(ok(null, "If that account is waiting for verification, a new e-mail is on its way"), 202);
    })
    .openapi(routes.login, async (c) => {
      const { user, accessToken, refreshToken, expiresIn } = await login(
        deps,
        c.req.valid("json"),
        meta(c),
        "api",
      );
      return c.json(ok({ user, accessToken, refreshToken, expiresIn }), 200);
    })
    .openapi(routes.refresh, async (c) => {
      const outcome = await rotateRefreshToken(
        deps.db,
        deps.signer,
        c.req.valid("json").refreshToken,
        deps.now(),
      );
      if (outcome.kind !== "rotated") throw new Unauthorized("Invalid refresh token");
      const { accessToken, refreshToken, expiresIn } = outcome.tokens;
      return c.json(ok({ accessToken, refreshToken, expiresIn }), 200);
    })
    .openapi(routes.logout, async (c) => {
      await logout(deps, requireActor(actorOf(c)), meta(c));
      return c.json(ok(null, "Signed out"), 200);
    })
    .openapi(routes.me, async (c) => c.json(ok({ user: await account.me(deps, actorOf(c)) }), 200))
    .openapi(routes.sessions, async (c) => c.json(ok(await account.sessions(deps, actorOf(c))), 200))
    .openapi(routes.endOthers, async (c) => {
      const ended = await account.endOtherSessions(deps, actorOf(c), meta(c));
      return c.json(ok({ ended }), 200);
    })
    .openapi(routes.endOne, async (c) => {
      await account.endSession(deps, actorOf(c), c.req.valid("param").id, meta(c));
      return c.json(ok(null, "Session ended"), 200);
    })
    .openapi(routes.forgot, async (c) => {
      await accounts.forgotPassword(deps, c.req.valid("json"), meta(c));
      return c.json(ok(null, "If an account uses that address, a reset link is on its way"), 202);
    })
    .openapi(routes.reset, async (c) => {
      await accounts.resetPassword(deps, c.req.valid("json"), meta(c));
      return c.json(ok(null, "Your password is changed. Sign in with it now."), 200);
    });
}
