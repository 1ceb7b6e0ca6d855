/** Response shapes and examples of the passkey (WebAuthn) operations, for the OpenAPI document. */
import { z } from "@hono/zod-openapi";

export const PasskeySchema = z.object({
  id: z.uuid(),
  name: z.string().openapi({ example: "Asha's phone" }),
  createdAt: z.string().openapi({ example: "2026-11-21T10:00:00.000Z" }),
  lastUsedAt: z.string().nullable().openapi({ example: "2026-12-01T18:30:00.000Z" }),
  deviceType: z.enum(["singleDevice", "multiDevice"]).openapi({
    description: "multiDevice: synced by a passkey provider; singleDevice: kept on one authenticator",
  }),
  backedUp: z.boolean(),
}).openapi("Passkey");

const descriptor = z.object({
  id: z.string(),
  type: z.string().openapi({ example: "public-key" }),
  transports: z.array(z.string()).optional(),
});

export const CreationOptionsSchema = z.object({
  rp: z.object({ id: z.string().optional().openapi({ example: "artistspace.in" }), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  challenge: z.string().openapi({ description: "base64url; single use, valid for five minutes" }),
  pubKeyCredParams: z.array(z.object({ type: z.string(), alg: z.number().int() })),
  timeout: z.number().int().optional(),
  excludeCredentials: z.array(descriptor).optional(),
  authenticatorSelection: z.object({
    residentKey: z.string().optional(),
    requireResidentKey: z.boolean().optional(),
    userVerification: z.string().optional(),
  }).optional(),
  attestation: z.string().optional(),
}).openapi("PasskeyCreationOptions", {
  description: "PublicKeyCredentialCreationOptionsJSON: hand it to `navigator.credentials.create()` " +
    "(e.g. @simplewebauthn/browser's startRegistration, or the platform's passkey API)",
});

export const RequestOptionsSchema = z.object({
  rpId: z.string().optional().openapi({ example: "artistspace.in" }),
  challenge: z.string().openapi({ description: "base64url; single use, valid for five minutes" }),
  timeout: z.number().int().optional(),
  userVerification: z.string().optional(),
  allowCredentials: z.array(descriptor).optional(),
}).openapi("PasskeyRequestOptions", {
  description: "PublicKeyCredentialRequestOptionsJSON: hand it to `navigator.credentials.get()` " +
    "(e.g. @simplewebauthn/browser's startAuthentication)",
});

// Shaped like real answers; their signatures do not verify, so they document the fields only.
const credentialId = "b3TjRtXzcGp6lmXkdL4OTg";

export const REGISTRATION_EXAMPLE = {
  name: "Asha's phone",
  response: {
    id: credentialId,
    rawId: credentialId,
    type: "public-key",
    response: {
      clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiQUFBQSJ9",
      attestationObject: "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVkBJw",
      transports: ["internal", "hybrid"],
    },
    clientExtensionResults: {},
    authenticatorAttachment: "platform",
  },
};

export const AUTHENTICATION_EXAMPLE = {
  response: {
    id: credentialId,
    rawId: credentialId,
    type: "public-key",
    response: {
      clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiQUFBQSJ9",
      authenticatorData: "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ",
      signature: "MEUCIQDtZ3k2f0h1n4n0l1lq5qQ2Yt0Xy0a1b2c3d4e5f6a7b8",
      userHandle: "AAECAwQFBgcICQoLDA0ODw",
    },
    clientExtensionResults: {},
    authenticatorAttachment: "platform",
  },
};
