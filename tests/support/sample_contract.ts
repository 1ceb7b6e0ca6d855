/**
 * One signed performance agreement to render and seal: a band with members,
 * an organizer, the band's manager named in Hindi, a fee of ₹1,50,000 with a
 * 25% deposit (₹37,500), and both parties' signature evidence.
 */
import { buildContract, type ContractDocument, contractHash } from "../../domain/contract_document.ts";
import type { SignatureEvidence } from "../../domain/contract_text.ts";

export const ORGANIZER_NAME = "Meera Kapoor Events LLP";
export const ACT_SIGNATORY = "आशा राव";
export const CONTRACT_ID = "0196f1c2-7a3b-7c4d-8e5f-6a7b8c9d0e1f";

export interface SampleContract {
  doc: ContractDocument;
  hash: string;
  contractId: string;
  signatures: SignatureEvidence[];
}

export function sampleContract(): SampleContract {
  const doc = buildContract({
    bookingId: "0196f1c2-0000-7000-8000-000000000001",
    title: "The Raga Collective live at Blue Frog",
    version: 2,
    issuedAt: new Date("2026-11-02T06:30:00Z"),
    terms: {
      fee: 15_000_000,
      currency: "INR",
      depositBps: 2500,
      startsAt: new Date("2026-12-12T14:30:00Z"),
      durationMinutes: 150,
      travel: "organizer",
      accommodation: "organizer",
      sound: "venue",
      cancellationTier: "standard",
    },
    organizer: { userId: "user-organizer" },
    act: {
      id: "act-raga",
      name: "The Raga Collective",
      kind: "band",
      signatory: { userId: "user-manager", legalName: ACT_SIGNATORY },
      address: "12 Carter Road, Bandra West, Mumbai 400050",
      members: [
        { name: "आशा राव", role: "Manager, vocals" },
        { name: "Kabir Menon", role: "Sitar" },
        { name: "Ishaan Pillai", role: "Tabla" },
        { name: "Rhea D'Souza", role: null },
      ],
    },
    place: {
      venue: "Blue Frog",
      address: "Mathuradas Mills Compound, Lower Parel",
      city: "Mumbai",
      venueTimeZone: null,
    },
    clauses: {
      organizerLegalName: ORGANIZER_NAME,
      organizerAddress: "4th floor, Kamala Mills, Lower Parel, Mumbai 400013",
      rider:
        "Two vocal microphones, four monitor wedges, a 3 m × 2 m riser for the tabla, and dinner for five.",
      additionalTerms: null,
    },
  });
  const hash = contractHash(doc);
  const signatures: SignatureEvidence[] = [
    {
      party: "organizer",
      userId: "user-organizer",
      typedName: ORGANIZER_NAME,
      method: "password",
      documentHash: hash,
      viewedAt: "2026-11-02T07:05:00.000Z",
      signedAt: "2026-11-02T07:12:41.000Z",
      ip: "203.0.113.24",
      userAgent:
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36",
      sessionId: "sess_4f2a9c",
    },
    {
      party: "act",
      userId: "user-manager",
      typedName: ACT_SIGNATORY,
      method: "recent_login",
      documentHash: hash,
      viewedAt: null,
      signedAt: "2026-11-03T15:48:09.000Z",
      ip: "2001:db8::7",
      userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
      sessionId: "sess_91bd07",
    },
  ];
  return { doc, hash, contractId: CONTRACT_ID, signatures };
}
