/**
 * What clients send to the contract use cases, as zod schemas shared by the
 * services, the API (and its OpenAPI document) and the pages.
 */
import { z } from "zod";
import { idField, nulFree, plainString } from "../validation.ts";
import { MAX_ADDRESS, MAX_CLAUSE_TEXT, MAX_LEGAL_NAME } from "../../domain/contract_document.ts";

const Text = (max: number) => plainString().max(max, `At most ${max} characters`);
const Optional = (max: number) => Text(max).nullable().optional().transform((v) => v ? v : null);

export const GenerateContractInput = z.object({
  bookingId: idField("Not a booking"),
}).strict();

export const ReviseContractInput = z.object({
  organizerLegalName: Text(MAX_LEGAL_NAME).min(2, "Give the organizer's full legal name"),
  organizerAddress: Optional(MAX_ADDRESS),
  rider: Optional(MAX_CLAUSE_TEXT),
  additionalTerms: Optional(MAX_CLAUSE_TEXT),
}).strict();

export const SignContractInput = z.object({
  /** The hash of the version the signer read: a signature binds exactly that document. */
  documentHash: z.string().regex(/^[0-9a-f]{64}$/, "The contract's document hash: 64 hex digits"),
  fullName: Text(MAX_LEGAL_NAME).min(2, "Type your full legal name"),
  consent: z.literal(true, { error: "Tick the box to agree to sign electronically" }),
  /** Not needed within five minutes of signing in. */
  password: nulFree(z.string()).max(1024).optional(),
}).strict();
export type SignContractInput = z.infer<typeof SignContractInput>;

export const VoidContractInput = z.object({
  reason: Text(1000).min(3, "Say why the contract is voided"),
}).strict();
