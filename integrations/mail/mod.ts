/**
 * Picks the mail transport the configuration asks for. Production without
 * SMTP_URL gets a transport that refuses every message, so the outbox keeps
 * them (and retries) until e-mail is configured, rather than pretending.
 */
import type { Config } from "../../config/env.ts";
import { logError, logInfo } from "../../lib/log.ts";
import { DevMailbox } from "./dev_mailbox.ts";
import { createSmtpTransport } from "./smtp.ts";
import type { MailTransport } from "./transport.ts";

export const MAIL_DISABLED_MESSAGE = "SMTP_URL is not configured: e-mail is switched off";

/** Returns a `DevMailbox` in development and test without SMTP_URL; check with `instanceof`. */
export function createMailTransport(config: Pick<Config, "env" | "mail">): MailTransport {
  const { smtpUrl, from } = config.mail;
  if (smtpUrl) return createSmtpTransport({ url: smtpUrl, from });
  if (config.env !== "production") {
    if (config.env === "development") {
      logInfo("mail: no SMTP_URL, e-mails are kept in memory at /dev/mailbox.json");
    }
    return new DevMailbox();
  }
  logError(MAIL_DISABLED_MESSAGE, { msg: "mail: e-mail is switched off" });
  return {
    send: () => Promise.reject(new Error(MAIL_DISABLED_MESSAGE)),
  };
}
