/**
 * Messages a booking's parties disclosed for a dispute, each with the
 * verdict of its check against the sender's commitment and the server's
 * countersignature (services/messages/disclosures.ts). The booking's
 * disclosures page and the admin console's dispute case show the same.
 */
import { formatDateTime } from "../domain/time_format.ts";
import type { DisclosedMessage } from "../services/messages/disclosures.ts";

function Verdict({ d }: { d: DisclosedMessage }) {
  return d.verified
    ? (
      <p class="text-sm font-semibold text-green-800" data-testid="verified">
        Verified: the sender committed to exactly this text, and our countersignature matches.
      </p>
    )
    : (
      <p class="text-sm font-semibold text-red-800" data-testid="not-verified">
        Not verified: {d.problem}
      </p>
    );
}

export function DisclosedMessages({ disclosures }: { disclosures: DisclosedMessage[] }) {
  if (disclosures.length === 0) {
    return (
      <p class="text-sm text-ink-700" data-testid="no-disclosures">Nobody has disclosed a message yet.</p>
    );
  }
  return (
    <ol class="grid gap-3" data-testid="disclosures">
      {disclosures.map((d) => (
        <li
          key={`${d.messageId}-${d.disclosedByName}`}
          class="bg-white rounded-2xl shadow-sm p-4 grid gap-2"
        >
          <p class="text-sm text-ink-500">
            #{d.seq} from {d.senderName}, {formatDateTime(d.sentAt)} · disclosed by {d.disclosedByName},{" "}
            {formatDateTime(d.disclosedAt)}
          </p>
          <blockquote class="whitespace-pre-wrap border-l-4 border-ink-300 pl-3">
            {d.text ?? "(not in the form of a message)"}
          </blockquote>
          {d.attachmentNames.length > 0 && (
            <p class="text-sm text-ink-700">Attachments: {d.attachmentNames.join(", ")}</p>
          )}
          <Verdict d={d} />
        </li>
      ))}
    </ol>
  );
}
