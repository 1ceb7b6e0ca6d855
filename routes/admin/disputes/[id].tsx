import { page } from "fresh";
import { RulingForm } from "../../../components/admin/RulingForm.tsx";
import { BookingCard, StatusBadge, TermsCard } from "../../../components/BookingDetails.tsx";
import { ContractCard } from "../../../components/BookingContract.tsx";
import { PaymentsCard } from "../../../components/BookingPayments.tsx";
import { DisclosedMessages } from "../../../components/DisclosedMessages.tsx";
import { FormMessage, type FormState, formStateOf } from "../../../components/forms.tsx";
import { Timeline } from "../../../components/Timeline.tsx";
import { AppError } from "../../../domain/errors.ts";
import { formatMoneyExact } from "../../../domain/money_format.ts";
import { formatDateTime } from "../../../domain/time_format.ts";
import { formFields } from "../../../lib/form_data.ts";
import {
  type DisputeCase,
  disputeCase,
  ruleOnDispute,
  type RulingForm as Typed,
} from "../../../services/admin/disputes.ts";
import { define, type State } from "../../../utils.ts";

interface Data extends DisputeCase {
  failed?: FormState;
  typed?: Typed;
  notice?: string;
}

/** The service's field names as the ruling form's: the refund's amount is typed in one field. */
const FORM_FIELD: Record<string, string> = { refundAmount: "refund", amount: "refund" };

async function show(
  state: State,
  id: string,
  extra: Pick<Data, "failed" | "typed" | "notice">,
  status = 200,
) {
  const data = await disputeCase(
    { deps: state.deps, gateways: state.payments ?? null, messages: state.messages },
    state.actor,
    id,
  );
  state.title = `Dispute: ${data.booking.title}`;
  return page({ ...data, ...extra }, { status });
}

/** One dispute's case: what happened, the money and the evidence; admins rule on it here. */
export const handler = define.handlers<Data>({
  GET(ctx) {
    const done = ctx.url.searchParams.get("done") === "ruled";
    return show(ctx.state, ctx.params.id, {
      notice: done ? "The ruling is recorded and both parties are told its reason." : undefined,
    });
  },
  async POST(ctx) {
    const { state, params: { id } } = ctx;
    const form = await formFields(ctx.req);
    const typed = { outcome: form.outcome, refund: form.refund, reason: form.reason };
    try {
      await ruleOnDispute(state.deps, state.actor, id, typed, state.requestMeta);
    } catch (err) {
      // Refusals (staff, a booking that is not there) are the page's status; the rest is the form's.
      if (!(err instanceof AppError) || ["FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED"].includes(err.code)) {
        throw err;
      }
      const failed = formStateOf(err);
      const fields: Record<string, string> = {};
      for (const [field, message] of Object.entries(failed.fields)) {
        fields[FORM_FIELD[field] ?? field] ??= message;
      }
      return show(state, id, { failed: { ...failed, fields }, typed }, failed.status);
    }
    return ctx.redirect(`/admin/disputes/${id}?done=ruled`, 303);
  },
});

const PARTY: Record<string, string> = { act: "the act", organizer: "the organizer", admin: "an admin" };

export default define.page<typeof handler>(function DisputeCasePage({ data }) {
  const { booking, dispute } = data;
  const ruling = data.timeline.findLast((e) => e.event === "resolve");
  return (
    <section class="max-w-2xl mx-auto px-4 py-6 grid gap-5">
      <div class="grid gap-1">
        <p class="text-sm">
          <a href="/admin/disputes" class="underline">All disputes</a>
        </p>
        <h1 class="text-2xl font-bold">Dispute: {booking.title}</h1>
        <p class="flex flex-wrap items-center gap-3 text-sm">
          <StatusBadge status={booking.status} />
          <a href={`/bookings/${booking.id}`} class="underline">The booking's page</a>
        </p>
      </div>
      <FormMessage state={{ message: data.notice }} tone="ok" />
      <BookingCard title="The dispute">
        {dispute
          ? (
            <div class="grid gap-1 text-sm" data-testid="dispute">
              <p>
                Raised by {dispute.actor?.displayName ?? "someone"} ({PARTY[dispute.party] ?? dispute.party}),
                {" "}
                {formatDateTime(dispute.at)}
              </p>
              {typeof dispute.detail.reason === "string" && (
                <blockquote class="whitespace-pre-wrap border-l-4 border-ink-100 pl-3">
                  {dispute.detail.reason}
                </blockquote>
              )}
            </div>
          )
          : <p class="text-sm text-ink-700">The timeline has no dispute event for this booking.</p>}
      </BookingCard>
      <BookingCard title="Ruling">
        {data.canRule
          ? (
            <RulingForm
              paid={booking.paid}
              currency={booking.terms.currency}
              failed={data.failed}
              typed={data.typed}
            />
          )
          : ruling
          ? (
            <p class="text-sm" data-testid="ruled">
              Ruled {formatDateTime(ruling.at)}: {rulingOutcome(ruling.detail, booking.terms.currency)}
              {typeof ruling.detail.reason === "string" && <>{" "}“{ruling.detail.reason}”</>}
            </p>
          )
          : (
            <p class="text-sm text-ink-700" data-testid="admins-rule">
              Only an admin rules on a dispute and refunds; staff see the case.
            </p>
          )}
      </BookingCard>
      <TermsCard booking={booking} />
      <ContractCard booking={booking} />
      {booking.contract && (
        <p class="text-sm -mt-3">
          <a
            href={`/api/v1/contracts/${booking.contract.id}/pdf`}
            class="underline"
            data-testid="contract-pdf"
          >
            The contract as a PDF
          </a>
        </p>
      )}
      <PaymentsCard payments={data.payments} admin={false} />
      <BookingCard title="Timeline">
        <Timeline entries={data.timeline} />
      </BookingCard>
      <BookingCard title="Messages the parties disclosed">
        {data.disclosures === null
          ? <p class="text-sm text-ink-700">Messages are not available on this server.</p>
          : <DisclosedMessages disclosures={data.disclosures} />}
      </BookingCard>
    </section>
  );
});

/** What the ruling decided, as its timeline event recorded it. */
function rulingOutcome(detail: Record<string, unknown>, currency: string): string {
  return detail.outcome === "refund" && typeof detail.amount === "number"
    ? `${formatMoneyExact(detail.amount, currency)} refunded to the organizer, the rest released to the act.`
    : "the fee released to the act.";
}
