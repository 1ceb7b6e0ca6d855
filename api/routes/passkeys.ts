/**
 * Passkeys: adding, listing, renaming and removing one's own, and signing in
 * with one (`/auth/biometric`, the name the mobile app's overview gave it).
 * Each ceremony is two calls: options (a single-use challenge), then the
 * authenticator's answer. Browsers sign in through the /login page, which
 * sets the session cookies; this sign-in answers tokens, like /auth/login.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../services/deps.ts";
import {
  listPasskeys,
  PasskeyRegistrationInput,
  passkeyRegistrationOptions,
  PasskeyRegistrationOptionsInput,
  PasskeyRemoveInput,
  PasskeyRenameInput,
  registerPasskey,
  removeOwnPasskey,
  renameOwnPasskey,
} from "../../services/auth/passkeys.ts";
import { passkeyLogin, PasskeyLoginInput, passkeySignInOptions } from "../../services/auth/passkeys_login.ts";
import { errorResponses, ok } from "../envelope.ts";
import { validationHook } from "../errors.ts";
import {
  AUTHENTICATION_EXAMPLE,
  CreationOptionsSchema,
  PasskeySchema,
  REGISTRATION_EXAMPLE,
  RequestOptionsSchema,
} from "../schemas/passkeys.ts";
import { UserSchema } from "../schemas/users.ts";
import { actorOf, body, IdParam, json, meta, noSignIn, security } from "../route_kit.ts";
import { TokensSchema } from "./auth.ts";

const tags = ["Passkeys"];
const RECENT = "Needs a sign-in under five minutes old, or `password`; without either the answer is 422 " +
  "naming the field `password`.";

const routes = {
  list: createRoute({
    method: "get",
    path: "/auth/passkeys",
    operationId: "listPasskeys",
    tags,
    summary: "Your passkeys, oldest first, with when each was last used",
    security,
    responses: { 200: json("Your passkeys", z.array(PasskeySchema)), ...errorResponses(401) },
  }),
  registrationOptions: createRoute({
    method: "post",
    path: "/auth/passkeys/registration/options",
    operationId: "passkeyRegistrationOptions",
    tags,
    summary: "Start adding a passkey: options for navigator.credentials.create()",
    description: `${RECENT} The challenge is bound to this session and works once, within five minutes. ` +
      "Your passkeys are listed in `excludeCredentials`, so an authenticator holding one makes no second.",
    security,
    request: body(PasskeyRegistrationOptionsInput, {}, false),
    responses: {
      200: json("The options", CreationOptionsSchema),
      ...errorResponses(401, 422, 429),
    },
  }),
  register: createRoute({
    method: "post",
    path: "/auth/passkeys/registration",
    operationId: "registerPasskey",
    tags,
    summary: "Finish adding a passkey: the authenticator's answer, and a name for it",
    description: "Verified against the challenge this session was given, the public origin and its host " +
      "as the RP ID. 422 naming `response` when it does not verify or the challenge was spent or expired; " +
      "409 when the passkey is registered already.",
    security,
    request: body(PasskeyRegistrationInput, REGISTRATION_EXAMPLE),
    responses: {
      201: json("Added", z.object({ passkey: PasskeySchema })),
      ...errorResponses(401, 409, 422),
    },
  }),
  rename: createRoute({
    method: "patch",
    path: "/auth/passkeys/{id}",
    operationId: "renamePasskey",
    tags,
    summary: "Rename one of your passkeys",
    security,
    request: { params: IdParam, ...body(PasskeyRenameInput, { name: "Work laptop" }) },
    responses: {
      200: json("Renamed", z.object({ passkey: PasskeySchema })),
      ...errorResponses(401, 404, 422),
    },
  }),
  remove: createRoute({
    method: "delete",
    path: "/auth/passkeys/{id}",
    operationId: "removePasskey",
    tags,
    summary: "Remove one of your passkeys",
    description: `${RECENT} It signs nobody in from then on; sessions it started go on.`,
    security,
    request: { params: IdParam, ...body(PasskeyRemoveInput, {}, false) },
    responses: { 200: json("Removed", z.null()), ...errorResponses(401, 404, 422, 429) },
  }),
  signInOptions: createRoute({
    method: "post",
    path: "/auth/biometric/options",
    operationId: "passkeySignInOptions",
    security: noSignIn,
    tags,
    summary: "Start signing in with a passkey: options for navigator.credentials.get()",
    description: "No credentials are listed: the device offers the passkeys it holds for this site. " +
      "The challenge works once, within five minutes.",
    responses: { 200: json("The options", RequestOptionsSchema), ...errorResponses(429) },
  }),
  signIn: createRoute({
    method: "post",
    path: "/auth/biometric",
    operationId: "passkeySignIn",
    security: noSignIn,
    tags: ["Authentication", ...tags],
    summary: "Sign in with a passkey (API and mobile clients)",
    description: "The authenticator's answer to a challenge from /auth/biometric/options: the same session " +
      "and tokens as /auth/login. Refused (401) when the passkey is unknown, the answer does not verify " +
      "(another origin or RP ID, a wrong signature), the challenge was spent already (a replay) or expired, " +
      "or the passkey's signature counter did not move forward (a copied authenticator). Failures count " +
      "against the sign-in limits of /auth/login (429 with `Retry-After`); a suspended account or one not " +
      "yet verified gets the 403 /auth/login gives.",
    request: body(PasskeyLoginInput, AUTHENTICATION_EXAMPLE),
    responses: {
      200: json("Signed in", TokensSchema.extend({ user: UserSchema })),
      ...errorResponses(401, 403, 422, 429),
    },
  }),
};

export function passkeyRoutes(deps: ServiceDeps): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(routes.list, async (c) => c.json(ok(await listPasskeys(deps, actorOf(c))), 200))
    .openapi(routes.registrationOptions, async (c) => {
      return c.json(ok(await passkeyRegistrationOptions(deps, actorOf(c), c.req.valid("json"))), 200);
    })
    .openapi(routes.register, async (c) => {
      const passkey = await registerPasskey(deps, actorOf(c), c.req.valid("json"), meta(c));
      return c.json(ok({ passkey }, "Passkey added"), 201);
    })
    .openapi(routes.rename, async (c) => {
      const { id } = c.req.valid("param");
      const passkey = await renameOwnPasskey(deps, actorOf(c), id, c.req.valid("json"), meta(c));
      return c.json(ok({ passkey }, "Passkey renamed"), 200);
    })
    .openapi(routes.remove, async (c) => {
      await removeOwnPasskey(deps, actorOf(c), c.req.valid("param").id, c.req.valid("json"), meta(c));
      return c.json(ok(null, "Passkey removed"), 200);
    })
    .openapi(routes.signInOptions, async (c) => c.json(ok(await passkeySignInOptions(deps)), 200))
    .openapi(routes.signIn, async (c) => {
      const { user, accessToken, refreshToken, expiresIn } = await passkeyLogin(
        deps,
        c.req.valid("json"),
        meta(c),
        "api",
      );
      return c.json(ok({ user, accessToken, refreshToken, expiresIn }), 200);
    });
}
