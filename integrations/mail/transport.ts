/** What the outbox needs from a mail transport, whichever one delivers. */

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  /** Resolves once the mail is accepted for delivery; rejects with a message safe to store and log. */
  send(mail: OutgoingMail): Promise<void>;
  close?(): Promise<void>;
}
