/**
 * The contract as its page shows it: the same sections the PDF prints
 * (domain/contract_text.ts), tables that scroll sideways on a narrow phone
 * rather than squeeze, the signature blocks, the version and the document
 * hash a signature binds.
 */
import type { ContractSection } from "../domain/contract_text.ts";
import { formatDateTime } from "../domain/time_format.ts";
import type { ContractVerification } from "../services/contracts/verify.ts";
import type { SignatureBlockView } from "../services/contracts/contract_page.ts";

function SectionTable({ table }: { table: NonNullable<ContractSection["table"]> }) {
  return (
    <div class="mt-2 overflow-x-auto">
      <table class="w-full text-sm border-collapse">
        <thead>
          <tr>
            {table.head.map((h) => (
              <th key={h} scope="col" class="text-left font-semibold border-b border-ink-300 py-1 pr-3">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => <td key={j} class="border-b border-ink-100 py-1 pr-3">{cell}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ContractText(
  { title, sections, versionLine, documentHash }: {
    title: string;
    sections: ContractSection[];
    versionLine: string;
    documentHash: string;
  },
) {
  return (
    <article class="bg-white rounded-2xl shadow-sm p-5 grid gap-4" data-testid="contract-text">
      <header>
        <h2 class="text-lg font-bold">Performance agreement: {title}</h2>
        <p class="text-xs text-ink-500 mt-1" data-testid="version-line">{versionLine}</p>
      </header>
      {sections.map((s) => (
        <section key={s.heading}>
          <h3 class="font-semibold">{s.heading}</h3>
          {s.paragraphs.map((p, i) => <p key={i} class="mt-1 text-sm text-ink-700 break-words">{p}</p>)}
          {s.table && <SectionTable table={s.table} />}
        </section>
      ))}
      <p class="text-xs text-ink-500">
        Document hash (SHA-256), which every signature binds:{" "}
        <code class="font-mono break-all text-ink-900" data-testid="document-hash">{documentHash}</code>
      </p>
    </article>
  );
}

export function SignatureBlocks({ blocks }: { blocks: SignatureBlockView[] }) {
  return (
    <div class="grid gap-3 sm:grid-cols-2" data-testid="signature-blocks">
      {blocks.map((b) => (
        <div key={b.party} class="rounded-xl border border-ink-100 bg-white p-4 text-sm">
          <p class="font-semibold">{b.name}</p>
          <p class="text-ink-500">for {b.capacity}</p>
          {b.signature
            ? (
              <p class="mt-2 text-green-800" data-testid={`signature-${b.party}`}>
                Signed as “{b.signature.name}” on {formatDateTime(b.signature.signedAt)}
                {b.signature.method === "password" ? ", confirmed by password" : ", just after signing in"}
              </p>
            )
            : <p class="mt-2 text-ink-500">Not signed yet</p>}
        </div>
      ))}
    </div>
  );
}

/** "History intact: N events", or each thing that no longer matches. */
export function VerificationResult({ verification: v }: { verification: ContractVerification }) {
  const problems = [...v.problems, ...v.chain.problems.map((p) => p.message)];
  return (
    <div
      class={`rounded-xl p-4 text-sm ${v.valid ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
      data-testid="verification"
    >
      {v.valid
        ? (
          <p>
            History intact: {v.chain.entries} events, hash{" "}
            <code class="font-mono break-all">{v.chain.head}</code>
          </p>
        )
        : (
          <>
            <p class="font-semibold">The contract's history does not check out:</p>
            <ul class="mt-1 list-disc pl-5">
              {problems.map((p) => <li key={p}>{p}</li>)}
            </ul>
          </>
        )}
      <p class="mt-1 text-xs">Checked {formatDateTime(v.checkedAt)}</p>
    </div>
  );
}
