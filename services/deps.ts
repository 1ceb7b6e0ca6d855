/**
 * What the authentication use cases need from the outside world, handed in
 * by the composition root (server/app.ts) and by tests.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { TemplateData, TemplateName } from "./mail_templates.ts";
import type { AccessTokenSigner } from "./auth/access_token.ts";
import type { MoneySettings } from "./payments/settings.ts";
import type { PushDeps } from "./push/deps.ts";

/** The e-mails accounts receive; the outbox renders and delivers them. */
export type AccountMessage = { [T in TemplateName]: { template: T; data: TemplateData[T] } }[TemplateName];

export interface ServiceDeps {
  db: Kysely<Database>;
  signer: AccessTokenSigner;
  /** Queues an e-mail inside `trx`, so it is sent if and only if the change commits. */
  sendEmail(trx: Kysely<Database>, to: string, message: AccountMessage): Promise<void>;
  /** Public origin for links in messages, e.g. "https://artistspace.in". */
  origin: string;
  now(): Date;
  /** The platform's fee and invoicing; unset: the default fee and no invoices (services/payments/settings.ts). */
  money?: MoneySettings;
  /** Web Push (services/push/); absent or null: push is off on this server. */
  push?: PushDeps | null;
}

/** Where a request came from, for the audit log and sessions. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}
