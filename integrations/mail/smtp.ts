/**
 * SMTP delivery with nodemailer, configured by one URL:
 * `smtps://user:pass@host:465` (TLS from the start) or `smtp://user:pass@host:587`
 * (STARTTLS when the server offers it; add `?requireTLS=true` to insist).
 * Percent-encode reserved characters in the user name and password.
 */
import nodemailer from "nodemailer";
import type { MailTransport } from "./transport.ts";

export interface SmtpOptions {
  url: string;
  from: string;
}

export function createSmtpTransport({ url, from }: SmtpOptions): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    // Well under the outbox's claim lease (services/outbox.ts), so a hung
    // server fails the attempt instead of letting a second dispatcher resend it.
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
    // Our mails never attach files or fetch URLs; refuse if a template ever tried.
    disableFileAccess: true,
    disableUrlAccess: true,
  }, { from });

  return {
    async send({ to, subject, text, html }) {
      await transporter.sendMail({ to, subject, text, html });
    },
    close() {
      transporter.close();
      return Promise.resolve();
    },
  };
}
