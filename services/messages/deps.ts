/** What the message use cases need: the database, the clock, and the key the server countersigns with. */
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { PushDeps } from "../push/deps.ts";

export interface MessageDeps {
  db: Kysely<Database>;
  now(): Date;
  /** The server's franking key (32 bytes): countersigns every accepted message's tag. */
  frankingKey: Uint8Array;
  /** Web Push for the "new message" notice; absent or null: push is off. */
  push?: PushDeps | null;
}

/** The franking key, derived from the app secret for this purpose alone. */
export function frankingKeyFrom(appSecret: string): Uint8Array {
  return hmac(sha256, new TextEncoder().encode(appSecret), new TextEncoder().encode("message-franking"));
}
