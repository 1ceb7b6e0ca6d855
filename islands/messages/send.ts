/**
 * Sending one message from the outbox: its files uploaded (sealed), its
 * content sealed to every current key of the conversation, posted with its
 * clientId. When the server answers that the keys changed meanwhile
 * (someone added a phone, or started over), the current keys are fetched
 * and the message is sealed again to those.
 */
import { sealMessage } from "../../lib/e2ee/envelope.ts";
import { ApiError, type MessageView, type Recipient, sendMessage, uploadAttachment } from "./api.ts";
import type { Keys } from "./keystore.ts";
import { keep, type Outgoing } from "./outbox.ts";
import { sealingFor } from "./recipients.ts";

const RESEALS = 3;

export interface Sent {
  message: MessageView;
  /** The conversation's keys as the server last named them. */
  recipients: Recipient[];
}

/** The 409 that says the message was not sealed to exactly the conversation's current keys. */
function staleKeys(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.status !== 409) return false;
  const details = err.details;
  return err.code.toLowerCase() === "stale_keys" ||
    (Array.isArray(details) && details.some((d) => (d as { field?: string })?.field === "keys"));
}

export async function deliver(
  keys: Keys,
  out: Outgoing,
  recipients: Recipient[],
  /** The conversation's keys as the server has them now. */
  currentRecipients: () => Promise<Recipient[]>,
): Promise<Sent> {
  for (const a of out.attachments) {
    if (a.id) continue;
    const { id } = await uploadAttachment(out.conversationId, out.uploads[a.key]);
    a.id = id;
    delete out.uploads[a.key];
    // Kept uploaded, so a resend after a failure does not upload the file again.
    await keep(keys.userId, out);
  }
  for (let attempt = 0;; attempt++) {
    const sealing = sealingFor(recipients);
    if (sealing.problems.length > 0) {
      throw new ApiError(422, "unverified_keys", `Not sent: ${sealing.problems.join("; ")}`);
    }
    const envelope = sealMessage(
      { userId: keys.userId, device: keys.device },
      { conversationId: out.conversationId, clientId: out.clientId, recipients: sealing.keys },
      { text: out.text, attachments: out.attachments },
    );
    try {
      const { message } = await sendMessage({ ...envelope, attachmentIds: out.attachments.map((a) => a.id) });
      return { message, recipients };
    } catch (err) {
      if (!staleKeys(err) || attempt >= RESEALS) throw err;
      // The contract's stale_keys names the current recipients; otherwise they are fetched.
      const named = ((err as ApiError).details as { recipients?: Recipient[] } | null)?.recipients;
      recipients = Array.isArray(named) ? named : await currentRecipients();
    }
  }
}
