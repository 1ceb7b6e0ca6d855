/**
 * The contracts of the demo bookings, as far along as each booking's state
 * says they must be: drafted as accepting drafts them, sent and signed
 * through the contract services' own steps, so their documents, hashes and
 * history chains are the ones the app itself makes. One confirmed show, Dev's
 * New Year's Eve with Asha, waits with Dev's signature for Asha's, so a
 * newcomer can sign a contract; three are signed by both while still
 * confirmed, for the payments demo (server/demo_payments.ts): Dev's book
 * launch, whose deposit a newcomer can pay, and the two past shows, which
 * the demo pays and completes. The catalogue's history (db/seed_history.ts)
 * gets its contracts here too, signed before its deposits. Signing here skips
 * the password check (no bcrypt at start-up); the evidence names the demo
 * data as the signer's browser.
 */
import type { Kysely, Transaction } from "kysely";
import { withAuditContext } from "../db/audit.ts";
import type { Contract, Database } from "../db/schema.ts";
import type { BookingState } from "../domain/booking_machine.ts";
import type { SignatureEvidence } from "../domain/contract_text.ts";
import type { Party } from "../domain/negotiation.ts";
import { loadBooking, type LoadedBooking } from "../services/bookings/load_booking.ts";
import { applyContractStep, type ContractStep } from "../services/contracts/apply_contract_step.ts";
import { appendContractEvent } from "../services/contracts/chain.ts";
import { insertDraftContract } from "../services/contracts/generate.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { DEPOSIT_DUE_DEMO_BOOKING, PAID_DEMO_SHOW, PAID_SOLO_DEMO_SHOW } from "./demo_payments.ts";

/** The confirmed show whose contract the organizer has signed and the act's owner has yet to sign. */
export const HALF_SIGNED_DEMO_BOOKING = "New Year's Eve, Panaji";
/** Stands where a signature's evidence names the session and the browser it came from. */
export const DEMO_SIGNATURE_SESSION = "demo-data";
const DEMO_USER_AGENT = "Artist Space demo data";

/** How far a booking's contract has come. */
type Stage = "draft" | "signed_by_organizer" | "signed" | "completed";

/** No deposit is paid before both have signed, so a booking past `confirmed` has a signed contract. */
const STAGE_OF: Partial<Record<BookingState, Stage>> = {
  confirmed: "draft",
  paid_deposit: "signed",
  scheduled: "signed",
  completed: "completed",
  disputed: "signed",
};

/** Confirmed shows whose contract both parties have signed, so their deposit can be paid. */
const SIGNED_WHILE_CONFIRMED: readonly string[] = [
  DEPOSIT_DUE_DEMO_BOOKING,
  PAID_DEMO_SHOW,
  PAID_SOLO_DEMO_SHOW,
];

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Gives every seeded booking (the demo people's and the catalogue's
 * history) in a state of `STAGE_OF` that has no contract its contract, signed
 * an hour before its first payment if it has one; a booking that has one is
 * left alone. Returns how many contracts it wrote.
 */
export async function seedDemoContracts(db: Kysely<Database>, now: Date): Promise<number> {
  return await db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom("bookings").innerJoin("users", "users.id", "bookings.organizer_id")
      .select((eb) => [
        "bookings.id",
        "bookings.title",
        "bookings.status",
        eb.selectFrom("payments").select((p) => p.fn.min("payments.completed_at").as("at"))
          .whereRef("payments.booking_id", "=", "bookings.id").as("firstPaidAt"),
      ])
      // The demo people's bookings and the catalogue's history (db/seed_history.ts) alike.
      .where("users.email", "like", "%demo.artistspace.in")
      .where("bookings.status", "in", Object.keys(STAGE_OF) as BookingState[])
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom("contracts").whereRef("contracts.booking_id", "=", "bookings.id")))
      )
      .orderBy("bookings.id").execute();
    if (rows.length === 0) return 0;
    await withAuditContext(trx, { userAgent: DEMO_USER_AGENT });
    let written = 0;
    for (const row of rows) {
      // Locked, then asked again: a second start running alongside finds the contract and leaves it.
      const loaded = await loadBooking(trx, row.id, { lock: true });
      if (loaded.contract) continue;
      const stage = row.status !== "confirmed"
        ? STAGE_OF[row.status]!
        : row.title === HALF_SIGNED_DEMO_BOOKING
        ? "signed_by_organizer"
        : SIGNED_WHILE_CONFIRMED.includes(row.title)
        ? "signed"
        : "draft";
      // Signed before any money came: the deposit waits for both signatures.
      const paidAt = row.firstPaidAt ? new Date(row.firstPaidAt).getTime() : Infinity;
      await writeContract(trx, loaded, stage, now, new Date(Math.min(now.getTime(), paidAt - HOUR)));
      written++;
    }
    return written;
  });
}

/**
 * Drafts the booking's contract and takes it to `stage`, each step stamped
 * minutes apart before `signedBy` (and a day before the show, if that is
 * sooner); a played show's contract is completed when the show ended.
 */
async function writeContract(
  trx: Transaction<Database>,
  loaded: LoadedBooking,
  stage: Stage,
  now: Date,
  signedBy: Date,
): Promise<void> {
  const showStart = loaded.row.starts_at.getTime();
  const end = Math.min(signedBy.getTime(), showStart - DAY);
  const at = (minutesBefore: number) => new Date(end - minutesBefore * MINUTE);
  const { organizerId, actOwnerId } = loaded.people;

  let contract = await insertDraftContract(trx, loaded, { userId: organizerId, party: "organizer" }, at(60));
  if (stage === "draft") return;
  contract = await step(trx, loaded, contract, at(50), {
    event: { type: "send" },
    actor: "organizer",
    userId: organizerId,
  });
  contract = await sign(trx, loaded, contract, "organizer", organizerId, at(22), at(20));
  if (stage === "signed_by_organizer") return;
  contract = await sign(trx, loaded, contract, "act", actOwnerId, at(12), at(10));
  if (stage === "signed") return;
  const showEnd = showStart + loaded.row.duration_minutes * MINUTE;
  await step(trx, loaded, contract, new Date(Math.min(now.getTime(), showEnd)), {
    event: { type: "complete" },
    actor: "system",
    userId: null,
  });
}

/** The party reads the contract at `viewedAt` and signs it at `signedAt` with their legal name. */
async function sign(
  trx: Transaction<Database>,
  loaded: LoadedBooking,
  contract: Contract,
  party: Party,
  userId: string,
  viewedAt: Date,
  signedAt: Date,
): Promise<Contract> {
  const document = contract.terms;
  await appendContractEvent(trx, contract.id, {
    event: "viewed",
    actorId: userId,
    party,
    detail: {
      version: contract.version,
      documentHash: contract.document_hash,
      ip: null,
      userAgent: DEMO_USER_AGENT,
    },
    at: viewedAt,
  });
  const signature: SignatureEvidence = {
    party,
    userId,
    typedName: party === "organizer"
      ? document.parties.organizer.legalName
      : document.parties.act.signatory.legalName,
    method: "password",
    documentHash: contract.document_hash,
    signedAt: signedAt.toISOString(),
    viewedAt: viewedAt.toISOString(),
    ip: null,
    userAgent: DEMO_USER_AGENT,
    sessionId: DEMO_SIGNATURE_SESSION,
  };
  return await step(trx, loaded, contract, signedAt, {
    event: { type: "sign", party, documentHash: contract.document_hash },
    actor: party,
    userId,
    signature,
  });
}

/**
 * One contract step as of `at`. The notices it leaves are the demo people's
 * to find on the site; no e-mail is queued, as the demo addresses have no
 * mailboxes and the history is not news.
 */
async function step(
  trx: Transaction<Database>,
  loaded: LoadedBooking,
  contract: Contract,
  at: Date,
  s: ContractStep,
): Promise<Contract> {
  const deps: WorkflowDeps = {
    db: trx,
    sendEmail: () => Promise.resolve(),
    // Only e-mails' links use it.
    origin: "http://localhost",
    now: () => at,
  };
  return (await applyContractStep(trx, deps, loaded, contract.id, s)).contract;
}
