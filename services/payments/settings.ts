/** The platform's own terms for money, from configuration: its fee and who issues tax invoices. */
import { DEFAULT_PLATFORM_FEE_BPS } from "../../domain/ledger.ts";
import type { InvoiceSupplier } from "../../domain/tax_invoice.ts";

export interface MoneySettings {
  /** The platform's fee on what is released to acts, in basis points. */
  platformFeeBps: number;
  /** The supplier of record on GST invoices; null issues none. */
  invoiceSupplier: Omit<InvoiceSupplier, "stateCode"> | null;
}

export function moneySettingsOf(deps: { money?: MoneySettings }): MoneySettings {
  return deps.money ?? { platformFeeBps: DEFAULT_PLATFORM_FEE_BPS, invoiceSupplier: null };
}
