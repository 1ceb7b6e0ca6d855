/**
 * The contract PDF maker the services use: rendering, and sealing with the
 * platform's certificate. Production loads the seal at start-up, so a missing
 * or broken CONTRACT_SEAL_P12 stops the deploy instead of the first signed
 * contract; elsewhere it is made (or read) on first use, so starting the app
 * costs nothing until someone downloads a signed contract.
 */
import type { Config } from "../../config/env.ts";
import { logInfo } from "../../lib/log.ts";
import { type RenderContractInput, renderContractPdf } from "./render.ts";
import { sealPdf } from "./seal.ts";
import { type ContractSealer, loadContractSealer } from "./sealer.ts";

export interface ContractPdfMaker {
  render(input: RenderContractInput): Promise<Uint8Array>;
  seal(pdf: Uint8Array, at: Date): Promise<Uint8Array>;
}

export async function createContractPdfMaker(config: Config): Promise<ContractPdfMaker> {
  let sealer: Promise<ContractSealer> | null = null;
  const load = () =>
    sealer ??= loadContractSealer({ ...config.contractSeal, dataDir: config.dataDir, appEnv: config.env });
  if (config.env === "production") {
    const { subject, validTo } = await load();
    logInfo("contract seal: loaded from CONTRACT_SEAL_P12", { subject, validTo: validTo.toISOString() });
  } else if (config.env === "development" && !config.contractSeal.p12Base64) {
    logInfo(
      `contract seal: a development certificate (${config.dataDir}/contract-seal.p12), not trusted by readers`,
    );
  }
  return {
    render: renderContractPdf,
    seal: async (pdf, at) => await sealPdf(pdf, await load(), at),
  };
}
