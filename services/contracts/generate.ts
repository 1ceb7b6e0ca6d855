/**
 * Drafting a booking's contract: gathering what the domain's `buildContract`
 * needs (names, the act's home and members, the place) from the database,
 * and writing a new contract with the first entry of its chain.
 */
import type { Kysely, Transaction } from "kysely";
import {
  acceptedMembersByName,
  actContractFacts,
  legalNameOf,
  placeByName,
} from "../../db/queries/contract_parties.ts";
import { insertContract } from "../../db/queries/contracts.ts";
import { insertBookingEvent } from "../../db/queries/booking_events.ts";
import type { Contract, Database } from "../../db/schema.ts";
import type { ChainParty } from "../../domain/contract_chain.ts";
import {
  buildContract,
  CONTRACT_TEMPLATE,
  contractHash,
  type ContractInput,
  type EditableClauses,
} from "../../domain/contract_document.ts";
import type { LoadedBooking } from "../bookings/load_booking.ts";
import { appendContractEvent } from "./chain.ts";

/** The clauses a first draft starts from: the organizer's legal name, the act's published rider. */
async function defaultClauses(db: Kysely<Database>, loaded: LoadedBooking): Promise<EditableClauses> {
  const { rider } = await actContractFacts(db, loaded.act.id);
  return {
    organizerLegalName: await legalNameOf(db, loaded.row.organizer_id),
    organizerAddress: null,
    rider,
    additionalTerms: null,
  };
}

/** Everything a document of the booking's contract states except its version and issue time. */
export type ContractFacts = Omit<ContractInput, "version" | "issuedAt">;

/** What the booking's contract states, with `clauses` (or, for a first draft, the defaults). */
export async function contractFactsFor(
  db: Kysely<Database>,
  loaded: LoadedBooking,
  clauses: EditableClauses | null,
): Promise<ContractFacts> {
  const { row, act, snapshot } = loaded;
  const [facts, signatoryName, members, place, chosen] = await Promise.all([
    actContractFacts(db, act.id),
    legalNameOf(db, act.owner_id),
    act.kind === "band" ? acceptedMembersByName(db, act.id) : [],
    placeByName(db, { venueId: row.venue_id, cityId: row.city_id }),
    clauses ?? defaultClauses(db, loaded),
  ]);
  return {
    bookingId: row.id,
    title: row.title,
    terms: snapshot.terms,
    organizer: { userId: row.organizer_id },
    act: {
      id: act.id,
      name: act.name,
      kind: act.kind,
      signatory: { userId: act.owner_id, legalName: signatoryName },
      address: facts.home,
      members,
    },
    // Venues and cities are in India for now; a venue abroad would name its zone here.
    place: {
      venue: place.venue,
      address: row.address ?? place.venueAddress,
      city: place.city,
      venueTimeZone: null,
    },
    clauses: chosen,
  };
}

/**
 * Writes the booking's first (or, after a void, next) contract as a draft,
 * records `generated` on its chain and `contract_generated` on the booking's
 * timeline, in the caller's transaction.
 */
export async function insertDraftContract(
  trx: Transaction<Database>,
  loaded: LoadedBooking,
  by: { userId: string | null; party: ChainParty },
  now: Date,
): Promise<Contract> {
  const document = buildContract({ ...await contractFactsFor(trx, loaded, null), version: 1, issuedAt: now });
  const documentHash = contractHash(document);
  const contract = await insertContract(trx, {
    booking_id: loaded.row.id,
    contract_type: CONTRACT_TEMPLATE.id,
    version: 1,
    terms: JSON.stringify(document),
    document_hash: documentHash,
  });
  await appendContractEvent(trx, contract.id, {
    event: "generated",
    actorId: by.userId,
    party: by.party,
    detail: { version: 1, documentHash, document },
    at: now,
  });
  await insertBookingEvent(trx, {
    booking_id: loaded.row.id,
    actor_id: by.userId,
    party: by.party === "staff" ? "admin" : by.party,
    event: "contract_generated",
    from_status: loaded.row.status,
    to_status: loaded.row.status,
    detail: JSON.stringify({ contractId: contract.id, version: 1, documentHash }),
  });
  return contract;
}
