/**
 * Disputes in the admin console. Staff and admins see the open disputes and
 * each one's case: the booking and its terms, the contract, the payments and
 * refunds, the timeline, and the messages a party disclosed (never anything
 * else of their conversation: services/messages/disclosures.ts). Only admins
 * rule, through the booking machine's `resolve` (services/bookings/
 * bookings.ts resolveDispute), which refunds through the payments service in
 * the same transaction and tells both parties the reason.
 */
import type { Kysely } from "kysely";
import { openDisputes } from "../../db/queries/disputes.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, requireAdmin, requireStaffOrAdmin } from "../../domain/access.ts";
import type { BookingState } from "../../domain/booking_machine.ts";
import { ValidationError } from "../../domain/errors.ts";
import { formatMoneyExact } from "../../domain/money_format.ts";
import type { PaymentGateways } from "../../integrations/payments/mod.ts";
import { bookingPage, resolveDispute } from "../bookings/bookings.ts";
import { minorFromMajor } from "../bookings/form_input.ts";
import { loadBooking } from "../bookings/load_booking.ts";
import type { BookingView, OfferView, TimelineEntry } from "../bookings/views.ts";
import type { RequestMeta } from "../deps.ts";
import { type DisclosedMessage, disclosuresOfBooking } from "../messages/disclosures.ts";
import type { MessageDeps } from "../messages/deps.ts";
import type { WorkflowDeps } from "../notifications.ts";
import { type BookingPayments, bookingPayments } from "../payments/reads.ts";

/** How many open disputes the list shows. */
const LIST_LIMIT = 200;

export interface DisputeLine {
  bookingId: string;
  title: string;
  actName: string;
  organizerName: string | null;
  startsAt: string;
  fee: number;
  paid: number;
  currency: string;
  raisedBy: { party: string | null; name: string | null };
  reason: string | null;
  raisedAt: string | null;
}

export async function disputeList(db: Kysely<Database>, actor: Actor | null): Promise<DisputeLine[]> {
  requireStaffOrAdmin(actor);
  const rows = await openDisputes(db, LIST_LIMIT);
  return rows.map((r) => ({
    bookingId: r.id,
    title: r.title,
    actName: r.act_name,
    organizerName: r.organizer_name,
    startsAt: new Date(r.starts_at).toISOString(),
    fee: r.fee,
    paid: r.paid,
    currency: r.currency,
    raisedBy: { party: r.raised_by_party, name: r.raised_by_name },
    reason: r.reason,
    raisedAt: r.raised_at ? new Date(r.raised_at).toISOString() : null,
  }));
}

export interface DisputeCaseDeps {
  deps: WorkflowDeps;
  /** Null when payments are not configured: the case still shows what was paid. */
  gateways: PaymentGateways | null;
  /** Undefined when messages are not available on this server: disclosures cannot be read. */
  messages?: MessageDeps;
}

export interface DisputeCase {
  booking: BookingView;
  offers: OfferView[];
  timeline: TimelineEntry[];
  /** The timeline's dispute: who raised it, why and when; null if it has none (a seeded booking). */
  dispute: TimelineEntry | null;
  payments: BookingPayments;
  /** What the parties disclosed, each checked again now; null when messages are not available. */
  disclosures: DisclosedMessage[] | null;
  /** The viewer is an admin and the booking waits for a ruling. */
  canRule: boolean;
}

export async function disputeCase(
  { deps, gateways, messages }: DisputeCaseDeps,
  actor: Actor | null,
  bookingId: string,
): Promise<DisputeCase> {
  requireStaffOrAdmin(actor);
  const { booking, offers, timeline } = await bookingPage(deps, actor, bookingId);
  const [payments, disclosed] = await Promise.all([
    bookingPayments(deps.db, gateways, actor, booking.id),
    messages ? disclosuresOfBooking(messages, actor, booking.id) : null,
  ]);
  return {
    booking,
    offers,
    timeline,
    dispute: timeline.findLast((e) => e.event === "dispute") ?? null,
    payments,
    disclosures: disclosed?.disclosures ?? null,
    canRule: booking.viewer.role === "admin" && booking.viewer.allowedEvents.includes("resolve"),
  };
}

/** The ruling form as typed: the outcome, a refund in rupees (as other money forms take it), the reason. */
export interface RulingForm {
  outcome?: string;
  refund?: string;
  reason?: string;
}

/**
 * An admin rules. Staff are refused here, before the booking is read: they
 * see the case but do not decide it. A refund's amount is read like every
 * rupee field; a blank one is asked for.
 */
export async function ruleOnDispute(
  deps: WorkflowDeps,
  actor: Actor | null,
  bookingId: string,
  form: RulingForm,
  meta: RequestMeta,
): Promise<BookingState> {
  requireAdmin(actor);
  const reason = form.reason ?? "";
  let input: Record<string, unknown> = { outcome: "release", reason };
  if (form.outcome === "refund") {
    const refundAmount = minorFromMajor(form.refund, "refundAmount");
    if (refundAmount === undefined) {
      throw new ValidationError("Please check the highlighted fields", [
        { field: "refundAmount", message: "Enter the amount to refund, like 5,000" },
      ]);
    }
    // Said here in money the admin typed; the booking machine refuses it again under the booking's lock.
    const { snapshot, row } = await loadBooking(deps.db, bookingId);
    if (refundAmount > snapshot.paid) {
      throw new ValidationError("Please check the highlighted fields", [{
        field: "refundAmount",
        message: `At most ${formatMoneyExact(snapshot.paid, row.currency)}, what the organizer has paid`,
      }]);
    }
    input = { outcome: "refund", refundAmount, reason };
  }
  return (await resolveDispute(deps, actor, bookingId, input, meta)).status;
}
