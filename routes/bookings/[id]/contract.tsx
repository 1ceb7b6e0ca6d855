import { page } from "fresh";
import { ContractStatusBadge } from "../../../components/ContractStatus.tsx";
import { ContractText, SignatureBlocks, VerificationResult } from "../../../components/ContractDocument.tsx";
import {
  CONTRACT_NOTICES,
  type ContractIntent,
  DrawUpForm,
  type FailedContractForm,
  ReviseForm,
  SendForm,
  SignForm,
  VoidForm,
} from "../../../components/ContractForms.tsx";
import { FormMessage, formStateOf } from "../../../components/forms.tsx";
import { OfflineBanner } from "../../../components/OfflineBanner.tsx";
import type { Actor } from "../../../domain/access.ts";
import { AppError, Conflict } from "../../../domain/errors.ts";
import { keepsContractOffline } from "../../../domain/offline_copies.ts";
import { formatDateTime } from "../../../domain/time_format.ts";
import { formFields } from "../../../lib/form_data.ts";
import { type ContractPage, contractPage } from "../../../services/contracts/contract_page.ts";
import {
  contractOfBooking,
  generateContract,
  reviseContract,
  sendContract,
  signContract,
  voidContract,
} from "../../../services/contracts/contracts.ts";
import { define, signInFirst, type State } from "../../../utils.ts";

interface Data extends ContractPage {
  notice?: string;
  failed?: FailedContractForm;
}

type Step = (state: State, actor: Actor, bookingId: string, v: Record<string, string>) => Promise<unknown>;

/** The use case behind each of the page's forms, by the form's `intent`. */
const INTENTS: Record<ContractIntent, Step> = {
  revise: (s, actor, _b, v) =>
    reviseContract(s.deps, actor, v.contract ?? "", {
      organizerLegalName: v.organizerLegalName ?? "",
      organizerAddress: v.organizerAddress ?? "",
      rider: v.rider ?? "",
      additionalTerms: v.additionalTerms ?? "",
    }, s.requestMeta),
  send: (s, actor, _b, v) => sendContract(s.deps, actor, v.contract ?? "", s.requestMeta),
  sign: (s, actor, _b, v) =>
    signContract(s.deps, actor, v.contract ?? "", {
      documentHash: v.documentHash ?? "",
      fullName: v.fullName ?? "",
      consent: v.consent === "yes",
      password: v.password ?? "",
    }, s.requestMeta),
  void: (s, actor, _b, v) =>
    voidContract(s.deps, actor, v.contract ?? "", { reason: v.reason ?? "" }, s.requestMeta),
  generate: (s, actor, bookingId) => generateContract(s.deps, actor, { bookingId }, s.requestMeta),
};

// Own keys only: a posted "toString" is not an intent.
const isIntent = (value: string | null | undefined): value is ContractIntent =>
  value != null && Object.hasOwn(CONTRACT_NOTICES, value);

async function show(state: State, bookingId: string, extra: Pick<Data, "notice" | "failed">) {
  const data = { ...await contractPage(state.deps, state.actor, bookingId, state.requestMeta), ...extra };
  state.title = `Contract: ${data.booking.title}`;
  return data;
}

/** The contract of a booking: read it, and the forms for whatever the viewer may do with it now. */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const done = ctx.url.searchParams.get("done");
    return page(
      await show(ctx.state, ctx.params.id, { notice: isIntent(done) ? CONTRACT_NOTICES[done] : undefined }),
    );
  },
  async POST(ctx) {
    const { state, params: { id } } = ctx;
    if (!state.actor) return signInFirst(ctx);
    const values = await formFields(ctx.req);
    const { intent } = values;
    const here = `/bookings/${id}/contract`;
    if (!isIntent(intent)) return ctx.redirect(here, 303);
    try {
      // The forms act on this booking's newest contract; a form read from one since replaced is refused.
      if (intent !== "generate") {
        const current = await contractOfBooking(state.deps, state.actor, id, state.requestMeta);
        if (!current || current.id !== values.contract) {
          throw new Conflict("This booking's contract has changed since the page was opened: read it again");
        }
      }
      await INTENTS[intent](state, state.actor, id, values);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === "NOT_FOUND" || err.code === "UNAUTHORIZED") throw err;
      const form = formStateOf(err);
      const failed = { intent, form, values: { ...values, password: "" } };
      return page(await show(state, id, { failed }), { status: form.status, headers: form.headers });
    }
    return ctx.redirect(`${here}?done=${intent}`, 303);
  },
});

function Heading({ data }: { data: Data }) {
  const { booking, contract } = data;
  const signed = data.signatureBlocks.filter((b) => b.signature);
  return (
    <div>
      <p class="text-sm text-ink-500">
        <a href={`/bookings/${booking.id}`} class="underline">Back to the booking</a>
      </p>
      <h1 class="text-2xl font-bold mt-1">Contract: {booking.title}</h1>
      {contract && (
        <div class="mt-2 flex flex-wrap items-center gap-3 text-sm">
          <ContractStatusBadge status={contract.status} />
          <span class="text-ink-500">Version {contract.version}</span>
          <a
            href={`/api/v1/contracts/${contract.id}/pdf`}
            class="rounded-lg border border-ink-300 px-3 py-1 font-semibold"
            data-testid="pdf-link"
          >
            Download PDF{contract.sealed ? " (sealed)" : ""}
          </a>
        </div>
      )}
      {signed.length > 0 && (
        <ul class="mt-2 text-sm text-ink-700" data-testid="signed-by">
          {signed.map((b) => (
            <li key={b.party}>
              Signed by {b.signature!.name} ({b.party === "act" ? "the act" : "the organizer"}),{" "}
              {formatDateTime(b.signature!.signedAt)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function NoContract({ data }: { data: Data }) {
  const { booking } = data;
  const negotiating = booking.status === "inquiry" || booking.status === "offered" ||
    booking.status === "negotiating";
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-3" data-testid="no-contract">
      <p class="text-sm text-ink-700">
        {negotiating
          ? "There is no contract yet: it is drawn up when an offer is accepted, from the agreed terms."
          : data.canDrawUp
          ? "This booking has no contract in force."
          : "This booking has no contract."}
      </p>
      {data.canDrawUp && <DrawUpForm failed={data.failed} />}
    </div>
  );
}

export default define.page<typeof handler>(function ContractPageView({ data }) {
  const { contract, failed } = data;
  if (!contract) {
    return (
      <section class="max-w-3xl mx-auto px-4 py-6 grid gap-5">
        <Heading data={data} />
        <FormMessage state={{ message: data.notice }} tone="ok" />
        {data.failed && !data.canDrawUp && <FormMessage state={data.failed.form} />}
        <NoContract data={data} />
      </section>
    );
  }
  const allowed = contract.viewer.allowedEvents;
  const mine = data.signatureBlocks.find((b) => b.party === contract.viewer.role);
  const organizerMoves = allowed.includes("revise") || allowed.includes("send");
  const signs = contract.viewer.mustSign && mine !== undefined;
  const shown: Record<ContractIntent, boolean> = {
    generate: data.canDrawUp,
    send: allowed.includes("send"),
    revise: allowed.includes("revise") && data.clauses !== null,
    sign: signs,
    void: allowed.includes("void"),
  };
  return (
    <section class="max-w-3xl mx-auto px-4 py-6 grid gap-5">
      {keepsContractOffline({ status: contract.status, role: data.role }) && <OfflineBanner />}
      <Heading data={data} />
      <FormMessage state={{ message: data.notice }} tone="ok" />
      {/* A form that failed shows its own message; one no longer offered (the contract moved on) shows it here. */}
      {failed && !shown[failed.intent] && <FormMessage state={failed.form} />}
      {contract.viewer.mustSign && (
        <p class="rounded-lg bg-saffron-50 border border-saffron-400 p-3 text-sm" data-testid="must-sign">
          <span class="font-semibold">Waiting for your signature.</span> Read the contract below, then{" "}
          <a href="#sign" class="underline">sign it at the end</a>.
        </p>
      )}
      {contract.status === "voided" && (
        <p class="rounded-lg bg-red-50 text-red-800 p-3 text-sm" data-testid="voided">
          This contract was voided{contract.voidedAt ? ` on ${formatDateTime(contract.voidedAt)}` : ""}:{" "}
          {contract.voidReason}
        </p>
      )}
      {data.canDrawUp && (
        <div class="bg-white rounded-2xl shadow-sm p-5">
          <DrawUpForm failed={failed} />
        </div>
      )}
      {organizerMoves && (
        <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-4" data-testid="organizer-actions">
          <h2 class="font-bold">Your move</h2>
          {shown.send && <SendForm contractId={contract.id} failed={failed} />}
          {shown.revise && <ReviseForm contractId={contract.id} clauses={data.clauses!} failed={failed} />}
        </div>
      )}
      <ContractText
        title={contract.document.title}
        sections={data.sections}
        versionLine={data.versionLine ?? ""}
        documentHash={contract.documentHash}
      />
      <SignatureBlocks blocks={data.signatureBlocks} />
      {signs && (
        <SignForm
          contract={contract}
          signatoryName={mine!.name}
          freshSignIn={data.freshSignIn}
          failed={failed}
        />
      )}
      {data.verification && <VerificationResult verification={data.verification} />}
      {shown.void && (
        <div class="bg-white rounded-2xl shadow-sm p-5">
          <VoidForm contract={contract} failed={failed} />
        </div>
      )}
    </section>
  );
});
