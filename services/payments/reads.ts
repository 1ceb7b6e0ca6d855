/**
 * Reading money: one payment, a booking's payments with what is due next,
 * its ledger, an act's earnings, an organizer's payments, and which ways to
 * pay a currency has. Each checks who is asking before reading anything
 * else (domain/payment_access.ts).
 */
import type { Kysely } from "kysely";
import { acceptedMemberIds } from "../../db/queries/act_side.ts";
import { findActById } from "../../db/queries/acts.ts";
import { displayNames, earningsEntriesOfAct } from "../../db/queries/earnings.ts";
import { payoutsOfAct } from "../../db/queries/payouts.ts";
import { findPayment, moneyOfBooking, paymentsOfPayer } from "../../db/queries/payments.ts";
import type { Database, Payment } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import { summarizeEarnings } from "../../domain/earnings.ts";
import { NotFound } from "../../domain/errors.ts";
import { balances, type PostingKind } from "../../domain/ledger.ts";
import { paymentRole, requireEarningsReader, requirePaymentReader } from "../../domain/payment_access.ts";
import type { Instalment } from "../../domain/payment_schedule.ts";
import type { GatewayName } from "../../domain/payment_status.ts";
import type { PaymentGateways } from "../../integrations/payments/mod.ts";
import { bookingOf, type BookingRef, loadBooking, type LoadedBooking } from "../bookings/load_booking.ts";
import { requireId } from "../validation.ts";
import { dueOn } from "./due.ts";
import { bookingLedger } from "./ledger_book.ts";
import { type PaymentView, paymentView, paymentViews, type RefundView, refundView } from "./views.ts";

/**
 * A payment, for someone who may read it: signed in first (an anonymous caller must not learn which
 * ids exist), then the booking's payment readers; anyone else is told it does not exist.
 */
export async function readablePayment(
  db: Kysely<Database>,
  actor: Actor | null,
  id: string,
): Promise<Payment> {
  requireActor(actor);
  const payment = await findPayment(db, requireId(id, "Payment"));
  if (!payment) throw new NotFound("Payment not found");
  requirePaymentReader(actor, (await loadBooking(db, payment.booking_id)).people);
  return payment;
}

export async function getPayment(
  db: Kysely<Database>,
  actor: Actor | null,
  id: string,
): Promise<PaymentView> {
  return (await paymentViews(db, [await readablePayment(db, actor, id)]))[0];
}

export interface InstalmentView {
  kind: Instalment["kind"];
  label: string;
  amount: number;
  currency: string;
  dueAt: string | null;
}

export interface BookingPayments {
  bookingId: string;
  currency: string;
  fee: number;
  paid: number;
  instalments: InstalmentView[];
  /** What the organizer can pay now, or why not. */
  next: { amount: number; label: string; type: PaymentView["type"] } | null;
  blocked: string | null;
  /** The gateway a payment would go through, or null: payments in this currency are not configured. */
  gateway: GatewayName | null;
  payments: PaymentView[];
  refunds: RefundView[];
}

/** A booking's money for its parties, admins and staff. */
export async function bookingPayments(
  db: Kysely<Database>,
  gateways: PaymentGateways | null,
  actor: Actor | null,
  bookingId: string,
): Promise<BookingPayments> {
  // Signed in first: an anonymous caller must not learn which ids exist.
  requireActor(actor);
  const loaded = await loadBooking(db, bookingId);
  requirePaymentReader(actor, loaded.people);
  return await paymentsOf(db, gateways, loaded);
}

/** The same for the booking page, which shows no money to a band's members and a venue's managers. */
export async function bookingPaymentsIfShown(
  db: Kysely<Database>,
  gateways: PaymentGateways | null,
  actor: Actor | null,
  booking: BookingRef,
): Promise<BookingPayments | null> {
  const loaded = await bookingOf(db, booking);
  return paymentRole(actor, loaded.people) ? await paymentsOf(db, gateways, loaded) : null;
}

async function paymentsOf(
  db: Kysely<Database>,
  gateways: PaymentGateways | null,
  loaded: LoadedBooking,
): Promise<BookingPayments> {
  const due = dueOn(loaded.snapshot, loaded.contract);
  const { payments, refunds } = await moneyOfBooking(db, loaded.row.id);
  return {
    bookingId: loaded.row.id,
    currency: loaded.row.currency,
    fee: loaded.row.fee,
    paid: loaded.snapshot.paid,
    instalments: due.instalments.map((i) => ({
      kind: i.kind,
      label: i.label,
      amount: i.amount,
      currency: i.currency,
      dueAt: i.dueAt?.toISOString() ?? null,
    })),
    next: due.payable ? { amount: due.amount, label: due.instalment.label, type: due.type } : null,
    blocked: due.payable ? null : due.reason,
    gateway: gateways?.forCurrency(loaded.row.currency)?.name ?? null,
    payments: payments.map((p) => paymentView(p, p.invoice_number)),
    refunds: refunds.map(refundView),
  };
}

export interface LedgerView {
  bookingId: string;
  currency: string | null;
  balances: { account: string; balance: number }[];
  postings: { id: string; kind: PostingKind; entries: { account: string; amount: number }[] }[];
}

/** The booking's ledger: every posting and every account's balance. */
export async function ledgerOfBooking(
  db: Kysely<Database>,
  actor: Actor | null,
  bookingId: string,
): Promise<LedgerView> {
  requireActor(actor);
  const loaded = await loadBooking(db, bookingId);
  requirePaymentReader(actor, loaded.people);
  const ledger = await bookingLedger(db, loaded.row.id);
  return {
    bookingId: loaded.row.id,
    currency: ledger.currencies.get(loaded.row.id) ?? null,
    balances: [...balances(ledger)].map(([account, balance]) => ({ account, balance })),
    postings: ledger.postings.map((p) => ({
      id: p.id,
      kind: p.kind,
      entries: p.entries.map((e) => ({ account: e.account, amount: e.amount })),
    })),
  };
}

export interface MemberShare {
  userId: string;
  name: string;
  amount: number;
}

export interface EarningsView {
  actId: string;
  name: string;
  totals: { currency: string; held: number; released: number; paidOut: number; members: MemberShare[] }[];
  months: { month: string; currency: string; released: number }[];
  bookings: {
    bookingId: string;
    title: string;
    startsAt: string;
    currency: string;
    held: number;
    released: number;
    platformFee: number;
    members: MemberShare[];
    paidOut: number;
    /** Payouts waiting at the gateway: how much, and when the hold ends. */
    payoutsHeld: { amount: number; until: string } | null;
  }[];
}

/** An act's earnings; a member sees only their own share beside the act's totals. */
export async function actEarnings(
  db: Kysely<Database>,
  actor: Actor | null,
  actId: string,
): Promise<EarningsView> {
  requireActor(actor);
  const act = await findActById(db, requireId(actId, "Act"));
  if (!act) throw new NotFound("Act not found");
  const scope = requireEarningsReader(actor, {
    owner_id: act.owner_id,
    memberIds: await acceptedMemberIds(db, act.id),
  });
  const [entries, held] = await Promise.all([earningsEntriesOfAct(db, act.id), payoutsOfAct(db, act.id)]);
  const earnings = summarizeEarnings(entries);
  const heldOf = (bookingId: string) => {
    const rows = held.filter((p) =>
      p.booking_id === bookingId && (scope === "all" || p.payee_id === actor!.userId)
    );
    if (rows.length === 0) return null;
    const until = rows.reduce((last, p) => p.hold_until > last ? p.hold_until : last, rows[0].hold_until);
    return { amount: rows.reduce((sum, p) => sum + Number(p.amount), 0), until: until.toISOString() };
  };
  const userIds = [...new Set(earnings.totals.flatMap((t) => [...t.members.keys()]))];
  const names = await displayNames(db, userIds);
  const shares = (members: Map<string, number>): MemberShare[] =>
    [...members]
      .filter(([userId]) => scope === "all" || userId === actor!.userId)
      .map(([userId, amount]) => ({ userId, name: names.get(userId) ?? "A member", amount }));
  return {
    actId: act.id,
    name: act.name,
    totals: earnings.totals.map((t) => ({ ...t, members: shares(t.members) })),
    months: earnings.months,
    bookings: earnings.bookings.map((b) => ({
      ...b,
      startsAt: b.startsAt.toISOString(),
      members: shares(b.members),
      payoutsHeld: heldOf(b.bookingId),
    })),
  };
}

/** What the signed-in organizer has paid, newest first. */
export async function myPayments(db: Kysely<Database>, actor: Actor | null, limit = 100) {
  const a = requireActor(actor);
  const rows = await paymentsOfPayer(db, a.userId, limit);
  const views = await paymentViews(db, rows);
  return views.map((v, i) => ({
    ...v,
    bookingTitle: rows[i].booking_title,
    bookingStartsAt: rows[i].booking_starts_at,
  }));
}

export interface PaymentMethods {
  currency: string;
  gateway: GatewayName | null;
  /** A sandbox takes test instruments only; no money moves. */
  sandbox: boolean;
  methods: string[];
}

const METHODS: Record<GatewayName, string[]> = {
  razorpay: ["upi", "card", "netbanking", "wallet"],
  stripe: ["card"],
  sandbox: ["upi", "card"],
};

/** How a payment in `currency` can be made here; no gateway means payments are not configured. */
export function paymentMethods(gateways: PaymentGateways | null, currency: string): PaymentMethods {
  const gateway = gateways?.forCurrency(currency.toUpperCase()) ?? null;
  return {
    currency: currency.toUpperCase(),
    gateway: gateway?.name ?? null,
    sandbox: gateway?.name === "sandbox",
    methods: gateway ? METHODS[gateway.name] : [],
  };
}
