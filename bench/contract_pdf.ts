/**
 * One contract PDF, as the platform makes it when the second party signs:
 * rendered (pdfkit, the Devanagari font, the certificate of completion) and
 * sealed (a PAdES signature with the development seal). Each is timed over
 * RUNS runs after one warm-up, which pays for loading and parsing the font
 * once per process. Figures only: times depend on the machine.
 */
import { renderContractPdf } from "../integrations/contract_pdf/render.ts";
import { sealPdf } from "../integrations/contract_pdf/seal.ts";
import { loadContractSealer } from "../integrations/contract_pdf/sealer.ts";
import { sampleContract } from "../tests/support/sample_contract.ts";
import { median, p95 } from "./login.ts";

const RUNS = 20;

export async function reportContractPdf(): Promise<void> {
  const dataDir = await Deno.makeTempDir({ prefix: "bench-contract-seal-" });
  try {
    const sealer = await loadContractSealer({ dataDir, appEnv: "test" });
    const contract = sampleContract();
    let pdf = await renderContractPdf(contract);
    let sealed = await sealPdf(pdf, sealer, new Date());
    const render: number[] = [];
    const seal: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t0 = performance.now();
      pdf = await renderContractPdf(contract);
      render.push(performance.now() - t0);
      t0 = performance.now();
      sealed = await sealPdf(pdf, sealer, new Date());
      seal.push(performance.now() - t0);
    }
    const ms = (values: number[]) =>
      `median ${median(values).toFixed(1).padStart(6)} ms, p95 ${p95(values).toFixed(1).padStart(6)} ms`;
    console.log(`contract PDF, ${RUNS} runs (a band's agreement, both parties signed):`);
    console.log(`  ${"render".padEnd(32)} ${ms(render)} (${(pdf.length / 1024).toFixed(1)} KB)`);
    console.log(
      `  ${"seal (PAdES B-B, RSA-2048)".padEnd(32)} ${ms(seal)} (${
        (sealed.length / 1024).toFixed(1)
      } KB sealed)`,
    );
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}
