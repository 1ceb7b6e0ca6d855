/**
 * What the signed-in person should do next, and what waits for their answer:
 * the first step their roles call for that they have not done yet
 * (domain/onboarding.ts), their band invitations, and the acts and venues
 * they own. Read-only and their own data only.
 */
import type { Kysely } from "kysely";
import { findOwnedProfiles, findProgress, type OwnedProfileRow } from "../../db/queries/onboarding.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { nextStep, type Step } from "../../domain/onboarding.ts";
import { type MyBand, myBands } from "../catalog/band_members.ts";

export type { OwnedProfileRow, Step };

export async function myNextStep(db: Kysely<Database>, actor: Actor | null): Promise<Step | null> {
  const a = requireActor(actor);
  return nextStep(a.roles, await findProgress(db, a.userId));
}

/** Invitations to join a band that the person has not answered yet. */
export async function myInvitations(db: Kysely<Database>, actor: Actor | null): Promise<MyBand[]> {
  return (await myBands(db, actor)).filter((b) => b.status === "invited");
}

export async function myProfiles(db: Kysely<Database>, actor: Actor | null): Promise<OwnedProfileRow[]> {
  return await findOwnedProfiles(db, requireActor(actor).userId);
}
