/**
 * Seals a finished contract PDF: a PAdES B-B signature (ETSI.CAdES.detached,
 * SHA-256) by the platform's certificate, written as an incremental update
 * whose byte range covers the whole file as rendered. Any later change to a
 * byte of the contract breaks the seal in every PDF reader.
 */
import { PDF } from "@libpdf/core";
import type { ContractSealer } from "./sealer.ts";

export const SEAL = {
  reason: "Sealed by Artist Space: signed by both parties",
  location: "India",
  /** The signature field's name; readers name the sealer from the certificate. */
  name: "Artist Space",
} as const;

export async function sealPdf(pdf: Uint8Array, sealer: ContractSealer, at: Date): Promise<Uint8Array> {
  const doc = await PDF.load(pdf);
  const { bytes } = await doc.sign({
    signer: sealer.signer,
    reason: SEAL.reason,
    location: SEAL.location,
    fieldName: SEAL.name,
    signingTime: at,
    subFilter: "ETSI.CAdES.detached",
    level: "B-B",
    digestAlgorithm: "SHA-256",
  });
  return bytes;
}
