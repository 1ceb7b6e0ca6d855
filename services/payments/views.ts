/** Payments as the API and the pages show them: amounts in minor units, times as ISO strings. */
import type { Kysely } from "kysely";
import type { RefundLine } from "../../db/queries/payments.ts";
import type { Database, Payment, PaymentRefund } from "../../db/schema.ts";
import type { GatewayName, PaymentStatus, PaymentType } from "../../domain/payment_status.ts";

export interface PaymentView {
  id: string;
  bookingId: string;
  type: PaymentType;
  amount: number;
  currency: string;
  status: PaymentStatus;
  gateway: GatewayName;
  method: string | null;
  refundedAmount: number;
  failureReason: string | null;
  initiatedAt: string;
  completedAt: string | null;
  /** The GST tax invoice's number, once issued. */
  invoiceNumber: string | null;
}

export interface RefundView {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  reason: PaymentRefund["reason"];
  status: PaymentRefund["status"];
  requestedAt: string;
  processedAt: string | null;
}

export function paymentView(p: Payment, invoiceNumber: string | null): PaymentView {
  return {
    id: p.id,
    bookingId: p.booking_id,
    type: p.payment_type,
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    gateway: p.gateway,
    method: p.method,
    refundedAmount: p.refunded_amount,
    failureReason: p.failure_reason,
    initiatedAt: p.initiated_at.toISOString(),
    completedAt: p.completed_at?.toISOString() ?? null,
    invoiceNumber,
  };
}

export function refundView(r: RefundLine): RefundView {
  return {
    id: r.id,
    paymentId: r.payment_id,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason,
    status: r.status,
    requestedAt: r.created_at.toISOString(),
    processedAt: r.processed_at?.toISOString() ?? null,
  };
}

/** The invoice numbers of these payments, by payment id. */
export async function invoiceNumbers(
  db: Kysely<Database>,
  paymentIds: string[],
): Promise<Map<string, string>> {
  if (paymentIds.length === 0) return new Map();
  const rows = await db.selectFrom("invoices").select(["payment_id", "number"])
    .where("payment_id", "in", paymentIds).execute();
  return new Map(rows.map((r) => [r.payment_id, r.number]));
}

export async function paymentViews(db: Kysely<Database>, payments: Payment[]): Promise<PaymentView[]> {
  const numbers = await invoiceNumbers(db, payments.map((p) => p.id));
  return payments.map((p) => paymentView(p, numbers.get(p.id) ?? null));
}
