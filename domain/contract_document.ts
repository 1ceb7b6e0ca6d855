/**
 * The performance agreement of a booking, as data. `buildContract` turns the
 * terms the two parties agreed (the booking machine's `BookingTerms`), the
 * parties and the act into a versioned document: a template id and version,
 * then every clause as a value. The document is what both parties sign: its
 * canonical JSON (RFC 8785) hashed with SHA-256 is its identity
 * (`contractHash`), and the page, the PDF and the e-mails only ever render it
 * (contract_text.ts), so what is shown is exactly what was hashed.
 *
 * Amounts are the booking's own minor units worked out by the booking's money
 * code (`depositAmount`, `cancellationRules`, `feeShare`): nothing is
 * re-typed. The organizer may edit only the clauses in `EditableClauses`;
 * anything about money or time comes from the booking.
 */
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import type { BookingTerms } from "./booking_machine.ts";
import { cancellationRules } from "./cancellation_policy.ts";
import {
  type AccommodationTerm,
  type CancellationTier,
  depositAmount,
  endsAt,
  feeShare,
  type SoundTerm,
  type TravelTerm,
} from "./negotiation.ts";

export const CONTRACT_TEMPLATE = { id: "performance-agreement", version: 1 } as const;

/** How many days after both signatures the deposit falls due. */
export const DEPOSIT_DUE_DAYS = 7;
/** How many days before the performance the balance falls due. */
export const BALANCE_DUE_DAYS_BEFORE = 7;
/** India's zone: every contract states its times here. */
export const INDIA_ZONE = "Asia/Kolkata";

/** Longest free text a clause may hold (a rider, an address). */
export const MAX_CLAUSE_TEXT = 4000;
export const MAX_LEGAL_NAME = 200;
export const MAX_ADDRESS = 500;

/** What the organizer side may change before anyone signs; each change makes a new version. */
export interface EditableClauses {
  organizerLegalName: string;
  organizerAddress: string | null;
  /** The technical and hospitality rider the act asks for (defaults to the act's profile). */
  rider: string | null;
  /** Anything else the parties agreed, in their own words. */
  additionalTerms: string | null;
}

export interface ContractInput {
  bookingId: string;
  title: string;
  /** The revision: 1 for the first draft, one more for each edit. */
  version: number;
  issuedAt: Date;
  terms: BookingTerms;
  organizer: { userId: string };
  act: {
    id: string;
    name: string;
    kind: "solo" | "band";
    /** Who signs for the act: the solo artist, or the band's manager. */
    signatory: { userId: string; legalName: string };
    address: string | null;
    /** A band's members as listed on the act (accepted members only). */
    members: { name: string; role: string | null }[];
  };
  place: {
    venue: string | null;
    address: string | null;
    city: string | null;
    /** The venue's IANA zone when it is outside India; null in India. */
    venueTimeZone: string | null;
  };
  clauses: EditableClauses;
}

export interface CancellationRow {
  /** The shortest notice this row covers, in days (0: any notice shorter than the row before). */
  minNoticeDays: number;
  label: string;
  owedToActBps: number;
  owedToAct: number;
}

export interface ContractClause {
  id: string;
  title: string;
  text: string;
}

export interface ContractDocument {
  template: { id: string; version: number };
  version: number;
  bookingId: string;
  issuedAt: string;
  title: string;
  parties: {
    organizer: { userId: string; legalName: string; address: string | null };
    act: {
      actId: string;
      name: string;
      kind: "solo" | "band";
      signatory: { userId: string; legalName: string };
      address: string | null;
      members: { name: string; role: string | null }[];
    };
  };
  performance: {
    venue: string | null;
    address: string | null;
    city: string | null;
    startsAt: string;
    endsAt: string;
    durationMinutes: number;
    timeZone: typeof INDIA_ZONE;
    venueTimeZone: string | null;
  };
  money: {
    currency: string;
    fee: number;
    depositBps: number;
    deposit: number;
    depositDueDaysAfterSigning: number;
    balance: number;
    /** Seven days before the show; the issue time when the show is sooner than that. */
    balanceDueAt: string;
  };
  cancellation: {
    tier: CancellationTier;
    /** What the act is owed when the organizer cancels, by notice, longest notice first. */
    byOrganizer: CancellationRow[];
  };
  logistics: {
    travel: TravelTerm;
    accommodation: AccommodationTerm;
    sound: SoundTerm;
    rider: string | null;
  };
  clauses: ContractClause[];
  additionalTerms: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The legal clauses every agreement of this template carries, in order. */
export const STANDARD_CLAUSES: readonly ContractClause[] = [
  {
    id: "engagement",
    title: "Engagement",
    text:
      "The organizer engages the act to perform at the time and place above, and the act agrees to perform for the agreed fee. The act performs as an independent contractor, not as an employee of the organizer.",
  },
  {
    id: "payment",
    title: "Payment through the platform",
    text:
      "All payments under this agreement are made through Artist Space, which holds them until the performance has taken place and then releases them to the act, less its published fees. Neither party asks the other for payment outside the platform.",
  },
  {
    id: "cancellation_by_act",
    title: "Cancellation by the act",
    text:
      "If the act cancels, it is owed nothing and everything the organizer has paid is refunded in full. The act will help the organizer find a replacement where it can.",
  },
  {
    id: "force_majeure",
    title: "Force majeure",
    text:
      "Neither party is liable for failing to perform because of events beyond its reasonable control, such as natural disaster, epidemic, government order, civil unrest or the venue becoming unusable. In that case an admin of Artist Space may cancel the booking and everything paid is refunded; neither party owes the other anything more.",
  },
  {
    id: "disputes",
    title: "Disputes",
    text:
      "Either party may raise a dispute through Artist Space from the start of the performance until seven days after it ends. Both parties will first try to settle it through the platform's dispute process, whose ruling on the money held decides how it is released or refunded.",
  },
  {
    id: "governing_law",
    title: "Governing law",
    text:
      "This agreement is governed by the laws of India. Subject to the dispute process above, the courts at the place of the performance (or, for a performance outside India, at Mumbai) have jurisdiction.",
  },
  {
    id: "electronic_signature",
    title: "Electronic signatures",
    text:
      "The parties sign this agreement electronically, which they accept as binding under the Information Technology Act, 2000. Each signature binds the document whose SHA-256 hash is printed on every page; any change to the terms makes a new version that must be signed again.",
  },
  {
    id: "entire_agreement",
    title: "Entire agreement",
    text:
      "This agreement, with the rider and any additional terms below, is the whole agreement between the parties about this performance.",
  },
];

function trimmedOrNull(text: string | null): string | null {
  const t = text?.trim() ?? "";
  return t === "" ? null : t;
}

/** The rows of the cancellation table for the organizer's cancellation of this fee, longest notice first. */
export function cancellationTable(tier: CancellationTier, fee: number): CancellationRow[] {
  return cancellationRules(tier).map((rule) => ({
    minNoticeDays: Math.round(rule.minNoticeMs / DAY_MS * 100) / 100,
    label: rule.label,
    owedToActBps: rule.owedToActBps,
    owedToAct: feeShare(fee, rule.owedToActBps),
  }));
}

export function buildContract(input: ContractInput): ContractDocument {
  const t = input.terms;
  const deposit = depositAmount(t.fee, t.depositBps);
  const balanceDue = new Date(
    Math.max(t.startsAt.getTime() - BALANCE_DUE_DAYS_BEFORE * DAY_MS, input.issuedAt.getTime()),
  );
  return {
    template: { id: CONTRACT_TEMPLATE.id, version: CONTRACT_TEMPLATE.version },
    version: input.version,
    bookingId: input.bookingId,
    issuedAt: input.issuedAt.toISOString(),
    title: input.title,
    parties: {
      organizer: {
        userId: input.organizer.userId,
        legalName: input.clauses.organizerLegalName.trim(),
        address: trimmedOrNull(input.clauses.organizerAddress),
      },
      act: {
        actId: input.act.id,
        name: input.act.name,
        kind: input.act.kind,
        signatory: { userId: input.act.signatory.userId, legalName: input.act.signatory.legalName.trim() },
        address: trimmedOrNull(input.act.address),
        members: input.act.kind === "band"
          ? input.act.members.map((m) => ({ name: m.name, role: m.role }))
          : [],
      },
    },
    performance: {
      venue: input.place.venue,
      address: trimmedOrNull(input.place.address),
      city: input.place.city,
      startsAt: t.startsAt.toISOString(),
      endsAt: endsAt(t.startsAt, t.durationMinutes).toISOString(),
      durationMinutes: t.durationMinutes,
      timeZone: INDIA_ZONE,
      venueTimeZone: input.place.venueTimeZone,
    },
    money: {
      currency: t.currency,
      fee: t.fee,
      depositBps: t.depositBps,
      deposit,
      depositDueDaysAfterSigning: DEPOSIT_DUE_DAYS,
      balance: t.fee - deposit,
      balanceDueAt: balanceDue.toISOString(),
    },
    cancellation: { tier: t.cancellationTier, byOrganizer: cancellationTable(t.cancellationTier, t.fee) },
    logistics: {
      travel: t.travel,
      accommodation: t.accommodation,
      sound: t.sound,
      rider: trimmedOrNull(input.clauses.rider),
    },
    clauses: STANDARD_CLAUSES.map((c) => ({ ...c })),
    additionalTerms: trimmedOrNull(input.clauses.additionalTerms),
  };
}

/** The clauses of a document the organizer may edit, as they stand. */
export function editableClausesOf(doc: ContractDocument): EditableClauses {
  return {
    organizerLegalName: doc.parties.organizer.legalName,
    organizerAddress: doc.parties.organizer.address,
    rider: doc.logistics.rider,
    additionalTerms: doc.additionalTerms,
  };
}

/** The document's canonical form: RFC 8785 JSON, the bytes that are hashed. */
export function canonicalContract(doc: ContractDocument): string {
  const text = canonicalize(doc);
  if (text === undefined) throw new TypeError("A contract document must be JSON");
  return text;
}

/** The contract's identity: the SHA-256 of its canonical form, as 64 lower-case hex digits. */
export function contractHash(doc: ContractDocument): string {
  return sha256Hex(canonicalContract(doc));
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export const HASH_PATTERN = /^[0-9a-f]{64}$/;
