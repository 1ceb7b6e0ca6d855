/** Response shapes of contracts and their verification, for typing and the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { CONTRACT_STATES } from "../../domain/contract_machine.ts";
import { PARTIES } from "../../domain/negotiation.ts";

const Instant = z.string().openapi({ example: "2026-11-21T14:00:00.000Z" });
const Hash = z.string().openapi({
  description: "SHA-256 of the document's RFC 8785 canonical JSON, 64 hex digits",
  example: "01fd53d901200bd291429714bec8c859d7d5c253289c5325ec268680d9cff2a3",
});
const Party = z.enum(PARTIES);

const SignatureSchema = z.object({
  name: z.string().openapi({ description: "The full legal name the signer typed", example: "Asha Rao" }),
  method: z.enum(["password", "recent_login"]),
  signedAt: Instant,
  documentHash: Hash,
}).openapi("ContractSignature");

export const ContractSchema = z.object({
  id: z.uuid(),
  bookingId: z.uuid(),
  status: z.enum(CONTRACT_STATES),
  version: z.number().int().openapi({ description: "1 for the first draft, one more per edit", example: 1 }),
  documentHash: Hash,
  document: z.record(z.string(), z.unknown()).openapi({
    description:
      "The agreement as data (template, parties, performance, money in minor units, cancellation " +
      "table, logistics, clauses): exactly what is hashed and signed",
  }),
  signatures: z.object({ organizer: SignatureSchema.nullable(), act: SignatureSchema.nullable() }),
  awaitingSignatureFrom: z.array(Party),
  sealed: z.boolean().openapi({ description: "Whether the sealed PDF has been issued" }),
  sentAt: Instant.nullable(),
  voidedAt: Instant.nullable(),
  voidReason: z.string().nullable(),
  viewer: z.object({
    role: z.enum(["organizer", "act", "member", "admin", "staff"]),
    allowedEvents: z.array(z.enum(["revise", "send", "sign", "void", "complete"])),
    mustSign: z.boolean().openapi({ description: "The contract waits for your signature" }),
  }),
  createdAt: Instant,
  updatedAt: Instant,
}).openapi("Contract");

export const ContractVerificationSchema = z.object({
  contractId: z.uuid(),
  valid: z.boolean(),
  documentHash: z.object({ stored: Hash, computed: Hash, matches: z.boolean() }),
  chain: z.object({
    entries: z.number().int(),
    head: Hash.nullable(),
    problems: z.array(z.object({
      seq: z.number().int(),
      problem: z.enum(["gap", "broken_link", "altered"]),
      message: z.string(),
    })),
  }),
  problems: z.array(z.string()),
  checkedAt: Instant,
}).openapi("ContractVerification");
