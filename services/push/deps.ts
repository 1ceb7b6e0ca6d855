/** What queueing pushes and managing subscriptions need; absent (null) when push is off on this server. */
import type { Sealer } from "../../lib/sealed.ts";

export interface PushDeps {
  /** The VAPID public key browsers subscribe with (base64url). */
  publicKey: string;
  /** Development and test: a push service on a loopback address (the tests' stand-in) is allowed. */
  allowLoopback: boolean;
  /** Seals push payloads in the outbox, as e-mails' are. */
  sealer: Sealer;
  /** Asks the outbox dispatcher for a prompt run (after the enqueuing transaction commits). */
  kick(): void;
}

export const PUSH_OFF = "Push notifications are not set up on this server";
