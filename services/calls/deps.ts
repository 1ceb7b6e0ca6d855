/** What the call use cases need: the database, the clock, STUN/TURN, and LiveKit when it is configured. */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { IceConfig } from "../../config/env.ts";
import type { LiveKit } from "../../integrations/livekit.ts";
import { ServiceUnavailable } from "../../domain/errors.ts";
import type { PushDeps } from "../push/deps.ts";

export interface CallDeps {
  db: Kysely<Database>;
  now(): Date;
  /** Null when LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET are not set. */
  livekit: LiveKit | null;
  /** STUN/TURN for peer-to-peer calls. */
  ice: IceConfig;
  /** Web Push, to ring the people a call is for; absent or null: push is off. */
  push?: PushDeps | null;
}

export const LIVEKIT_OFF = "Calls through LiveKit are not configured on this server " +
  "(it needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET)";

/** LiveKit, or the 503 that says it is not configured here. */
export function requireLiveKit(deps: CallDeps): LiveKit {
  if (!deps.livekit) throw new ServiceUnavailable(LIVEKIT_OFF);
  return deps.livekit;
}
