/** Contracts for tests that need a booking whose contract both parties signed. */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../../domain/access.ts";
import { contractOfBooking, sendContract, signContract } from "../../services/contracts/contracts.ts";
import type { WorkflowDeps } from "../../services/notifications.ts";

const meta = { ip: "203.0.113.7", userAgent: "contract-test" };

/** `person` with a browser session that signed in at `at` (so a signature needs no password for five minutes). */
export async function signedInAt<P extends Actor>(db: Kysely<Database>, person: P, at: Date): Promise<P> {
  const { id } = await db.insertInto("sessions").values({
    user_id: person.userId,
    kind: "browser",
    created_at: at,
    last_seen_at: at,
    expires_at: new Date(at.getTime() + 24 * 60 * 60 * 1000),
  }).returning("id").executeTakeFirstOrThrow();
  return { ...person, sessionId: id };
}

/** Sends the booking's contract and signs it for both parties, each freshly signed in. */
export async function signBothSides(
  deps: WorkflowDeps,
  organizer: Actor,
  actOwner: Actor,
  bookingId: string,
): Promise<void> {
  const now = deps.now();
  const o = await signedInAt(deps.db, organizer, now);
  const a = await signedInAt(deps.db, actOwner, now);
  const contract = (await contractOfBooking(deps, o, bookingId, meta))!;
  if (contract.status === "draft") await sendContract(deps, o, contract.id, meta);
  for (const signer of [o, a]) {
    await signContract(deps, signer, contract.id, {
      documentHash: contract.documentHash,
      fullName: "Signed for the test",
      consent: true,
    }, meta);
  }
}
