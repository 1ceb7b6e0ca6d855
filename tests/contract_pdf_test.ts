/**
 * The contract PDF as its readers see it: rendered and sealed by the real
 * code, then checked with the tools people and auditors use. qpdf checks the
 * file's structure, pdftotext reads it as a viewer's copy-and-paste would
 * (the Hindi name must come back as typed, the rupee amounts as printed), and
 * pdfsig (poppler) verifies the seal as Okular or Evince would. The contract
 * is rendered and sealed once; each test reads what it needs.
 */
import assert from "node:assert/strict";
import { contractHash } from "../domain/contract_document.ts";
import { renderContractPdf } from "../integrations/contract_pdf/render.ts";
import { sealPdf } from "../integrations/contract_pdf/seal.ts";
import {
  ContractSealError,
  DEV_SEAL_PASSWORD,
  loadContractSealer,
} from "../integrations/contract_pdf/sealer.ts";
import { pdfTool as tool } from "./support/pdf_tools.ts";
import { ACT_SIGNATORY, ORGANIZER_NAME, sampleContract } from "./support/sample_contract.ts";

const dir = await Deno.makeTempDir({ prefix: "contract-pdf-" });
const sample = sampleContract();
const rendered = await renderContractPdf({
  ...sample,
  signerNames: { organizer: "Meera Kapoor", act: "Asha Rao" },
});
const sealer = await loadContractSealer({ dataDir: dir, appEnv: "test" });
const sealed = await sealPdf(rendered, sealer, new Date());
const sealedFile = `${dir}/sealed.pdf`;
await Deno.writeFile(`${dir}/rendered.pdf`, rendered);
await Deno.writeFile(sealedFile, sealed);

Deno.test.afterAll(() => Deno.remove(dir, { recursive: true }));

Deno.test("qpdf finds nothing wrong with the rendered or the sealed file", async () => {
  for (const file of [`${dir}/rendered.pdf`, sealedFile]) {
    const { code, out } = await tool("qpdf", "--check", file);
    assert.equal(code, 0, out);
    assert.match(out, /No syntax or stream encoding errors found/);
  }
});

Deno.test("the text of the sealed PDF holds the parties, the amounts, the hash and the certificate", async () => {
  const { code, out } = await tool("pdftotext", "-layout", sealedFile, "-");
  assert.equal(code, 0, out);
  for (
    const expected of [
      "Performance agreement",
      ORGANIZER_NAME,
      ACT_SIGNATORY,
      "The Raga Collective",
      "Kabir Menon",
      "₹1,50,000",
      "₹37,500",
      sample.hash,
      `Contract ${sample.contractId}`,
      "Page 1 of 4",
      "Page 4 of 4",
      `Signed electronically by ${ACT_SIGNATORY} on Tue, 3 Nov 2026, 9:18 pm IST`,
      `Signed electronically by ${ORGANIZER_NAME} on Mon, 2 Nov 2026, 12:42 pm IST`,
      "Certificate of completion",
      "recent sign-in",
      "2001:db8::7",
      "Tue, 3 Nov 2026, 9:18 pm IST (2026-11-03T15:48:09.000Z UTC)",
      "sess_91bd07",
      "Asha Rao",
    ]
  ) assert.ok(out.includes(expected), `missing ${JSON.stringify(expected)} in:\n${out}`);
  // The hash is at the foot of every page, and the certificate is the last page.
  assert.equal(out.split(`Document SHA-256: ${sample.hash}`).length - 1, 4);
  const pages = out.split("\f").filter((p) => p.trim() !== "");
  assert.match(pages.at(-1)!, /Certificate of completion/);
});

Deno.test("pdfsig reports the seal valid and covering the whole document", async () => {
  const { code, out } = await tool("pdfsig", sealedFile);
  assert.equal(code, 0, out);
  for (
    const line of [
      "  - Signature Field Name: Artist Space",
      "  - Signer Certificate Common Name: Artist Space contract seal (development)",
      "  - Signing Hash Algorithm: SHA-256",
      "  - Signature Type: ETSI.CAdES.detached",
      "  - Total document signed",
      "  - Signature Validation: Signature is Valid.",
    ]
  ) assert.ok(out.split("\n").includes(line), `missing line ${JSON.stringify(line)} in:\n${out}`);
});

Deno.test("one byte changed inside the signed range and pdfsig no longer calls the seal valid", async () => {
  const tampered = sealed.slice();
  // The header's "%PDF-1.7" becomes "%PDF-1.6": still a readable PDF, but not the bytes that were signed.
  const at = new TextDecoder().decode(tampered.subarray(0, 16)).indexOf("1.7") + 2;
  assert.equal(tampered[at], "7".charCodeAt(0));
  tampered[at] = "6".charCodeAt(0);
  const file = `${dir}/tampered.pdf`;
  await Deno.writeFile(file, tampered);
  const { out } = await tool("pdfsig", file);
  assert.ok(!out.includes("Signature is Valid."), out);
  assert.ok(out.includes("  - Signature Validation: Digest Mismatch."), out);
});

Deno.test("the same contract renders to the same bytes", async () => {
  const again = await renderContractPdf({
    ...sample,
    signerNames: { organizer: "Meera Kapoor", act: "Asha Rao" },
  });
  assert.deepEqual(again, rendered);
});

Deno.test("a PDF never names a hash or a signature of another version", async () => {
  const other = { ...sample.doc, version: sample.doc.version + 1 };
  await assert.rejects(
    () => renderContractPdf({ ...sample, doc: other }),
    /not this contract document's/,
  );
  const stale = { ...sample.signatures[1], documentHash: contractHash(other) };
  await assert.rejects(
    () => renderContractPdf({ ...sample, signatures: [sample.signatures[0], stale] }),
    /act's signature is on another version/,
  );
});

Deno.test("an unsigned party's block says so, and the certificate lists only who signed", async () => {
  const pdf = await renderContractPdf({ ...sample, signatures: [sample.signatures[0]] });
  const file = `${dir}/half-signed.pdf`;
  await Deno.writeFile(file, pdf);
  const { out } = await tool("pdftotext", "-layout", file, "-");
  assert.match(out, /Not signed yet/);
  assert.ok(!out.includes("recent sign-in"), out);
});

Deno.test("the development seal is made once, kept owner-only, and reused", async () => {
  const file = `${dir}/contract-seal.p12`;
  assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
  const again = await loadContractSealer({ dataDir: dir, appEnv: "development" });
  assert.deepEqual(again.signer.certificate, sealer.signer.certificate);
  assert.match(sealer.subject, /CN=Artist Space contract seal \(development\)/);
  const years = (sealer.validTo.getTime() - Date.now()) / (365.25 * 86_400_000);
  assert.ok(years > 4.9 && years < 5.1, `valid for ${years} years`);
});

Deno.test("production refuses to start without its seal, and takes it from the environment", async () => {
  await assert.rejects(
    () => loadContractSealer({ dataDir: dir, appEnv: "production" }),
    (err) => err instanceof ContractSealError && /CONTRACT_SEAL_P12/.test(err.message),
  );
  const p12 = await Deno.readFile(`${dir}/contract-seal.p12`);
  const base64 = btoa(String.fromCharCode(...p12));
  await assert.rejects(
    () => loadContractSealer({ p12Base64: base64, dataDir: dir, appEnv: "production" }),
    (err) => err instanceof ContractSealError && /CONTRACT_SEAL_PASSWORD/.test(err.message),
  );
  const fromEnv = await loadContractSealer({
    p12Base64: base64,
    password: DEV_SEAL_PASSWORD,
    dataDir: `${dir}/unused`,
    appEnv: "production",
  });
  assert.deepEqual(fromEnv.signer.certificate, sealer.signer.certificate);
  await assert.rejects(
    () => loadContractSealer({ p12Base64: base64, password: "wrong", dataDir: dir, appEnv: "production" }),
    (err) => err instanceof ContractSealError && /could not be opened/.test(err.message),
  );
});
