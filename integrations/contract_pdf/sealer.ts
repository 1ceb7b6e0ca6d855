/**
 * The platform's seal: the certificate and key Artist Space signs finished
 * contract PDFs with (seal.ts). Production brings its own PKCS#12 in the
 * environment (CONTRACT_SEAL_P12, base64, and CONTRACT_SEAL_PASSWORD) and
 * refuses to start without it: a seal generated on the fly would differ
 * between instances and deploys, so yesterday's PDFs would name a key nobody
 * holds. Development and test make a self-signed certificate once and keep it
 * under the data folder, as config/env.ts does with its secrets.
 */
import { P12Signer, type Signer } from "@libpdf/core";
import { generateKeyPairSync, X509Certificate } from "node:crypto";
// @ts-types="@types/node-forge"
import forge from "node-forge";
import type { AppEnv } from "../../config/env.ts";

export interface ContractSealer {
  signer: Signer;
  /** The certificate's subject, as viewers show who sealed the PDF. */
  subject: string;
  validTo: Date;
}

export interface ContractSealerOptions {
  p12Base64?: string;
  password?: string;
  dataDir: string;
  appEnv: AppEnv;
}

export class ContractSealError extends Error {}

const DEV_FILE = "contract-seal.p12";
/**
 * The development seal's password. It protects nothing secret (the file is a
 * self-signed development key, readable only by its owner), so it is fixed
 * here rather than kept in a second file.
 */
export const DEV_SEAL_PASSWORD = "artist-space-development-seal";
const DEV_SUBJECT = "Artist Space contract seal (development)";
const DEV_VALID_YEARS = 5;

export async function loadContractSealer(opts: ContractSealerOptions): Promise<ContractSealer> {
  if (opts.appEnv === "production" && (!opts.p12Base64 || opts.password === undefined)) {
    throw new ContractSealError(
      "Production needs the contract seal: CONTRACT_SEAL_P12 (a PKCS#12 file, base64) and CONTRACT_SEAL_PASSWORD",
    );
  }
  if (opts.p12Base64) {
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob(opts.p12Base64.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
    } catch {
      throw new ContractSealError("CONTRACT_SEAL_P12 is not base64");
    }
    return await sealerFrom(bytes, opts.password ?? "", "CONTRACT_SEAL_P12", opts.appEnv === "production");
  }
  return await developmentSealer(opts.dataDir);
}

async function sealerFrom(
  p12: Uint8Array,
  password: string,
  source: string,
  refuseExpired: boolean,
): Promise<ContractSealer> {
  let signer: P12Signer;
  try {
    signer = await P12Signer.create(p12, password);
  } catch (err) {
    throw new ContractSealError(
      `${source} could not be opened (wrong password, or not a PKCS#12 file with one key and its certificate): ${
        err instanceof Error ? err.message : err
      }`,
    );
  }
  const cert = new X509Certificate(signer.certificate);
  const validTo = new Date(cert.validTo);
  if (refuseExpired && validTo.getTime() <= Date.now()) {
    throw new ContractSealError(`${source}: the seal's certificate expired on ${validTo.toISOString()}`);
  }
  // node:crypto lists the subject's parts one a line; one line reads better in a log.
  return { signer, subject: cert.subject.split("\n").join(", "), validTo };
}

/** The stored development seal, made on first use and again once it has expired. */
async function developmentSealer(dataDir: string): Promise<ContractSealer> {
  const file = `${dataDir}/${DEV_FILE}`;
  const stored = await readIfPresent(file);
  if (stored) {
    const sealer = await sealerFrom(stored, DEV_SEAL_PASSWORD, file, false);
    if (sealer.validTo.getTime() > Date.now()) return sealer;
    await Deno.remove(file);
  }
  await Deno.mkdir(dataDir, { recursive: true });
  try {
    await Deno.writeFile(file, selfSignedP12(new Date()), { mode: 0o600, createNew: true });
  } catch (err) {
    // Another process starting at the same moment wrote its own first: use that one.
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
  }
  return await sealerFrom(await Deno.readFile(file), DEV_SEAL_PASSWORD, file, false);
}

async function readIfPresent(file: string): Promise<Uint8Array | null> {
  try {
    return await Deno.readFile(file);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/**
 * A self-signed RSA-2048 certificate for document signing and its key, as a
 * PKCS#12 file (AES-256 key encryption). The key pair comes from the runtime's
 * native crypto (fast); node-forge writes the certificate and the PKCS#12.
 */
function selfSignedP12(now: Date): Uint8Array {
  const { privateKey: pem } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // A positive serial of 16 random bytes (the top bit clear keeps the DER integer positive).
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] &= 0x7f;
  cert.serialNumber = forge.util.bytesToHex(String.fromCharCode(...serial));
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now);
  cert.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + DEV_VALID_YEARS);
  const name = [{ name: "commonName", value: DEV_SUBJECT }, {
    name: "organizationName",
    value: "Artist Space",
  }, {
    name: "countryName",
    value: "IN",
  }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], DEV_SEAL_PASSWORD, {
    algorithm: "aes256",
    friendlyName: DEV_SUBJECT,
  });
  const der = forge.asn1.toDer(p12).getBytes();
  return Uint8Array.from(der, (c) => c.charCodeAt(0));
}
