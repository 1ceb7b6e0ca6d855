/**
 * A payer's own billing details for GST invoices: read and saved by the
 * signed-in person, for themselves only. Invoices issued after a change use
 * the new details; those already issued keep what they said.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { billingDetailsOf, saveBillingDetails as save } from "../../db/queries/billing_details.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { type BillingDetails, billingIssues, normalBillingDetails } from "../../domain/billing_details.ts";
import { ValidationError } from "../../domain/errors.ts";
import { parseInput, plainString } from "../validation.ts";

export const BillingDetailsInput = z.object({
  legalName: plainString().max(400),
  address: plainString().max(1_000),
  stateCode: plainString().max(4),
  gstin: plainString().max(40).nullable().optional(),
});

export async function billingDetails(
  db: Kysely<Database>,
  actor: Actor | null,
): Promise<BillingDetails | null> {
  const a = requireActor(actor);
  const row = await billingDetailsOf(db, a.userId);
  return row
    ? { legalName: row.legal_name, address: row.address, stateCode: row.state_code, gstin: row.gstin }
    : null;
}

export async function saveBillingDetails(
  db: Kysely<Database>,
  actor: Actor | null,
  input: unknown,
): Promise<BillingDetails> {
  const a = requireActor(actor);
  const parsed = parseInput(BillingDetailsInput, input);
  const details = normalBillingDetails({ ...parsed, gstin: parsed.gstin ?? null });
  const issues = billingIssues(details);
  if (issues.length > 0) throw new ValidationError("Please check the billing details", issues);
  await save(db, {
    user_id: a.userId,
    legal_name: details.legalName,
    address: details.address,
    state_code: details.stateCode,
    gstin: details.gstin,
  });
  return details;
}
