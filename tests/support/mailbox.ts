/** The development server's mailbox (/dev/mailbox.json), for tests that read what the app e-mailed. */

export interface MailboxMessage {
  to: string;
  subject: string;
  text: string;
}

/** The first e-mail to `to` whose subject matches, waiting a moment for the outbox to deliver it. */
export async function mailTo(origin: string, to: string, subject: RegExp): Promise<MailboxMessage> {
  // The outbox delivers right after the commit; give it a moment.
  for (let i = 0; i < 50; i++) {
    const { messages } = await (await fetch(`${origin}/dev/mailbox.json`)).json() as {
      messages: MailboxMessage[];
    };
    const found = messages.find((m) => m.to === to && subject.test(m.subject));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail to ${to} matching ${subject}`);
}
