/**
 * The development mail transport: keeps the latest messages in memory so a
 * developer can read verification links and codes at /dev/mailbox.json
 * without an SMTP server. Never used in production (integrations/mail/mod.ts).
 */
import type { MailTransport, OutgoingMail } from "./transport.ts";

export interface MailboxMessage extends OutgoingMail {
  sentAt: Date;
}

export class DevMailbox implements MailTransport {
  readonly #messages: MailboxMessage[] = [];

  constructor(readonly limit = 200) {}

  send(mail: OutgoingMail): Promise<void> {
    const { to, subject, text, html } = mail;
    this.#messages.push({ to, subject, text, html, sentAt: new Date() });
    if (this.#messages.length > this.limit) this.#messages.splice(0, this.#messages.length - this.limit);
    return Promise.resolve();
  }

  /** Newest first. */
  list(): MailboxMessage[] {
    return this.#messages.map((m) => ({ ...m })).reverse();
  }
}

/** `{ messages: [...] }`, newest first, for `GET /dev/mailbox.json`. */
export function mailboxResponse(mailbox: Pick<DevMailbox, "list">): Response {
  return Response.json({ messages: mailbox.list() }, { headers: { "cache-control": "no-store" } });
}
