/**
 * The services' WorkflowDeps as the app wires them, for tests that call the
 * services directly: e-mail written to the outbox in the caller's
 * transaction, sealed as the app seals it.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { WorkflowDeps } from "../../services/notifications.ts";
import { enqueue, outboxSealer } from "../../services/outbox.ts";

export const TEST_ORIGIN = "https://artistspace.test";

export interface OutboxDepsOptions {
  /** The services' clock; the real one by default. */
  now?: () => Date;
  /** Seals the outbox's messages, as APP_SECRET does in the app (a test reading them opens them with it). */
  appSecret?: string;
  money?: WorkflowDeps["money"];
}

export function outboxDeps(
  db: Kysely<Database>,
  options: OutboxDepsOptions = {},
): WorkflowDeps {
  const sealer = outboxSealer(options.appSecret ?? "workflow-test-secret-0123456789abcdef");
  return {
    db,
    origin: TEST_ORIGIN,
    now: options.now ?? (() => new Date()),
    sendEmail: async (trx, to, message) => {
      await enqueue(trx, { channel: "email", to, ...message }, sealer);
    },
    ...(options.money ? { money: options.money } : {}),
  };
}
