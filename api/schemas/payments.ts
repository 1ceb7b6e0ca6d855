/** Response shapes of payments, refunds, the ledger and earnings, for typing and the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { PAYMENT_GATEWAYS, PAYMENT_STATUSES, PAYMENT_TYPES } from "../../domain/payment_status.ts";

const Instant = z.string().openapi({ example: "2026-11-21T14:00:00.000Z" });
const Minor = (example: number) =>
  z.number().int().openapi({ description: "Minor units (paise for INR)", example });
const Currency = z.string().openapi({ example: "INR" });
const Gateway = z.enum(PAYMENT_GATEWAYS);

export const PaymentSchema = z.object({
  id: z.uuid(),
  bookingId: z.uuid(),
  type: z.enum(PAYMENT_TYPES),
  amount: Minor(1_500_000),
  currency: Currency,
  status: z.enum(PAYMENT_STATUSES).openapi({ description: "Moves forward only" }),
  gateway: Gateway,
  method: z.string().nullable().openapi({ example: "upi" }),
  refundedAmount: Minor(0),
  failureReason: z.string().nullable(),
  initiatedAt: Instant,
  completedAt: Instant.nullable(),
  invoiceNumber: z.string().nullable().openapi({
    description: "The GST tax invoice",
    example: "AS/2026-27/1",
  }),
}).openapi("Payment");

export const RefundSchema = z.object({
  id: z.uuid(),
  paymentId: z.uuid(),
  amount: Minor(1_500_000),
  currency: Currency,
  reason: z.enum(["cancellation", "ruling", "admin", "unapplied"]),
  status: z.enum(["requested", "processed", "failed"]),
  requestedAt: Instant,
  processedAt: Instant.nullable(),
}).openapi("Refund");

export const BookingPaymentsSchema = z.object({
  bookingId: z.uuid(),
  currency: Currency,
  fee: Minor(6_000_000),
  paid: Minor(1_500_000),
  instalments: z.array(z.object({
    kind: z.enum(["deposit", "milestone", "balance"]),
    label: z.string(),
    amount: Minor(1_500_000),
    currency: Currency,
    dueAt: Instant.nullable().openapi({ description: "null: due when the show is completed" }),
  })),
  next: z.object({ amount: Minor(1_500_000), label: z.string(), type: z.enum(PAYMENT_TYPES) }).nullable()
    .openapi({ description: "What the organizer can pay now" }),
  blocked: z.string().nullable().openapi({ description: "Why nothing can be paid now" }),
  gateway: Gateway.nullable().openapi({ description: "null: payments in this currency are not configured" }),
  payments: z.array(PaymentSchema),
  refunds: z.array(RefundSchema),
}).openapi("BookingPayments");

export const LedgerSchema = z.object({
  bookingId: z.uuid(),
  currency: Currency.nullable(),
  balances: z.array(z.object({
    account: z.string().openapi({ example: "escrow:8b0c6f0e-5d4a-4c1e-9d7e-2f1a0b3c4d5e" }),
    balance: Minor(1_500_000),
  })),
  postings: z.array(z.object({
    id: z.string(),
    kind: z.enum(["capture", "refund", "release", "band_split", "reversal", "payout"]),
    entries: z.array(z.object({ account: z.string(), amount: Minor(-1_500_000) })),
  })),
}).openapi("Ledger");

export const PaymentMethodsSchema = z.object({
  currency: Currency,
  gateway: Gateway.nullable(),
  sandbox: z.boolean().openapi({ description: "Test instruments only; no money moves" }),
  methods: z.array(z.string()).openapi({ example: ["upi", "card", "netbanking"] }),
}).openapi("PaymentMethods");

export const EarningsSchema = z.object({
  actId: z.uuid(),
  name: z.string(),
  totals: z.array(z.object({
    currency: Currency,
    held: Minor(1_500_000),
    released: Minor(5_400_000),
    paidOut: Minor(0),
    members: z.array(z.object({ userId: z.uuid(), name: z.string(), amount: Minor(1_350_000) })),
  })),
  months: z.array(
    z.object({
      month: z.string().openapi({ example: "2026-11" }),
      currency: Currency,
      released: Minor(5_400_000),
    }),
  ),
  bookings: z.array(z.object({
    bookingId: z.uuid(),
    title: z.string(),
    startsAt: Instant,
    currency: Currency,
    held: Minor(0),
    released: Minor(5_400_000),
    platformFee: Minor(600_000),
    members: z.array(z.object({ userId: z.uuid(), name: z.string(), amount: Minor(1_350_000) })),
    paidOut: Minor(0),
    payoutsHeld: z.object({ amount: Minor(5_400_000), until: Instant }).nullable()
      .openapi({ description: "Payouts waiting at the gateway until the dispute window closes" }),
  })),
}).openapi("Earnings");

export const BillingDetailsSchema = z.object({
  legalName: z.string().openapi({ example: "Dev Events Private Limited" }),
  address: z.string().openapi({ example: "14 Hill Road, Bandra West, Mumbai 400050" }),
  stateCode: z.string().openapi({ description: "GST state code of the address", example: "27" }),
  gstin: z.string().nullable().openapi({
    description: "null when not registered",
    example: "27AAACD1234E1Z9",
  }),
}).openapi("BillingDetails");
