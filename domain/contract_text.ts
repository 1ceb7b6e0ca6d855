/**
 * A contract document as people read it: numbered sections of paragraphs and
 * tables, in plain words. The contract page and the PDF both render these
 * sections, so the two say the same thing and both say only what the hashed
 * document holds. Money goes through `formatMoneyExact` (₹1,50,000: lakh grouping,
 * and the paise of a share that is not whole), times through `formatDateTime`
 * on India's wall clock.
 */
import type { ContractDocument } from "./contract_document.ts";
import type { Party } from "./negotiation.ts";
import { formatMoneyExact } from "./money_format.ts";
import { formatDateTime } from "./time_format.ts";

export interface ContractTable {
  head: string[];
  rows: string[][];
}

export interface ContractSection {
  heading: string;
  paragraphs: string[];
  table?: ContractTable;
}

/** How a signature was confirmed. */
export type SignatureMethod = "password" | "recent_login";

/** What the platform records of one signature: the evidence the certificate of completion prints. */
export interface SignatureEvidence {
  party: Party;
  userId: string;
  /** The full legal name the signer typed. */
  typedName: string;
  method: SignatureMethod;
  documentHash: string;
  signedAt: string;
  /** When the signer first opened this version of the contract. */
  viewedAt: string | null;
  ip: string | null;
  userAgent: string | null;
  sessionId: string;
}

const TRAVEL: Record<ContractDocument["logistics"]["travel"], string> = {
  organizer: "The organizer pays for the act's travel to and from the performance.",
  act: "The act pays for its own travel.",
  shared: "The organizer and the act share the cost of travel equally.",
};
const ACCOMMODATION: Record<ContractDocument["logistics"]["accommodation"], string> = {
  organizer: "The organizer provides accommodation for the act on the night of the performance.",
  act: "The act arranges and pays for its own accommodation.",
  none: "No accommodation is needed.",
};
const SOUND: Record<ContractDocument["logistics"]["sound"], string> = {
  venue: "The venue's sound system is used, with its engineer.",
  organizer: "The organizer provides the sound system and an engineer.",
  act: "The act brings its own sound system.",
};

function hours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = [
    h > 0 ? `${h} hour${h === 1 ? "" : "s"}` : "",
    m > 0 ? `${m} minute${m === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  return parts.join(" ");
}

function notice(days: number, previous: number | null): string {
  if (previous === null) return `${days} days or more`;
  if (days === 0) return `under ${previous} days`;
  return `${days} to ${previous} days`;
}

/** The place of the performance in one line. */
export function placeLine(doc: ContractDocument): string {
  const p = doc.performance;
  return [p.venue, p.address, p.city].filter((x): x is string => !!x).join(", ") || "To be agreed";
}

/** The act's signatory as the signature block names them. */
export function actSignatoryRole(doc: ContractDocument): string {
  return doc.parties.act.kind === "band" ? `for ${doc.parties.act.name}, as its manager` : "the artist";
}

export function contractSections(doc: ContractDocument): ContractSection[] {
  const money = (n: number) => formatMoneyExact(n, doc.money.currency);
  const { organizer, act } = doc.parties;
  const p = doc.performance;
  const m = doc.money;

  const parties: ContractSection = {
    heading: "1. The parties",
    paragraphs: [
      `Organizer: ${organizer.legalName}${organizer.address ? `, of ${organizer.address}` : ""}.`,
      `Act: ${act.name}, represented by ${act.signatory.legalName} (${actSignatoryRole(doc)})${
        act.address ? `, of ${act.address}` : ""
      }.`,
    ],
  };
  if (act.kind === "band") {
    parties.table = {
      head: ["Band member", "Role"],
      rows: act.members.length > 0
        ? act.members.map((x) => [x.name, x.role ?? "—"])
        : [["As listed by the band", "—"]],
    };
  }

  const zone = p.venueTimeZone
    ? ` Local time at the venue (${p.venueTimeZone}) applies to the day of the show.`
    : "";
  const performance: ContractSection = {
    heading: "2. The performance",
    paragraphs: [
      `${doc.title}.`,
      `Where: ${placeLine(doc)}.`,
      `When: from ${formatDateTime(p.startsAt)} to ${formatDateTime(p.endsAt)} India time (IST, UTC+05:30), ${
        hours(p.durationMinutes)
      } on stage.${zone}`,
    ],
  };

  const fee: ContractSection = {
    heading: "3. The fee",
    paragraphs: [
      `The organizer pays the act a fee of ${money(m.fee)} (${m.currency}).`,
      `A deposit of ${money(m.deposit)} (${
        m.depositBps / 100
      }% of the fee) is due within ${m.depositDueDaysAfterSigning} days of both parties signing, and before the performance.`,
      `The balance of ${money(m.balance)} is due by ${formatDateTime(m.balanceDueAt)}.`,
      "No deposit can be paid before both parties have signed this agreement.",
    ],
  };

  const cancellation: ContractSection = {
    heading: "4. Cancellation by the organizer",
    paragraphs: [
      `The ${doc.cancellation.tier} cancellation terms apply. If the organizer cancels, the act is owed the share of the fee below, by the notice given before the performance starts; it is kept from what was paid, and any rest is owed by the organizer.`,
    ],
    table: {
      head: ["Notice before the show", "Share of the fee", "Owed to the act"],
      rows: doc.cancellation.byOrganizer.map((row, i, all) => [
        notice(row.minNoticeDays, i === 0 ? null : all[i - 1].minNoticeDays),
        `${row.owedToActBps / 100}%`,
        money(row.owedToAct),
      ]),
    },
  };

  const logistics: ContractSection = {
    heading: "5. Travel, accommodation, sound and rider",
    paragraphs: [
      TRAVEL[doc.logistics.travel],
      ACCOMMODATION[doc.logistics.accommodation],
      SOUND[doc.logistics.sound],
      doc.logistics.rider ? `Rider: ${doc.logistics.rider}` : "The act has no rider beyond the above.",
    ],
  };

  const legal = doc.clauses.map((c, i): ContractSection => ({
    heading: `${6 + i}. ${c.title}`,
    paragraphs: [c.text],
  }));

  const extra: ContractSection[] = doc.additionalTerms
    ? [{ heading: `${6 + doc.clauses.length}. Additional terms`, paragraphs: [doc.additionalTerms] }]
    : [];

  return [parties, performance, fee, cancellation, logistics, ...legal, ...extra];
}

/** The signature blocks: who signs, and in what capacity. */
export function signatureBlocks(doc: ContractDocument): { party: Party; name: string; capacity: string }[] {
  return [
    { party: "organizer", name: doc.parties.organizer.legalName, capacity: "the organizer" },
    { party: "act", name: doc.parties.act.signatory.legalName, capacity: actSignatoryRole(doc) },
  ];
}

/** "Version 2 of the performance agreement (template performance-agreement v1)". */
export function versionLine(doc: ContractDocument): string {
  return `Version ${doc.version}, issued ${
    formatDateTime(doc.issuedAt)
  } (template ${doc.template.id} v${doc.template.version})`;
}
