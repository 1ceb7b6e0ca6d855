/** What the message use cases need: the database, the clock, and the key the server countersigns with. */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

export interface MessageDeps {
  db: Kysely<Database>;
  now(): Date;
  /** The server's franking key (32 bytes): countersigns every accepted message's tag. */
  frankingKey: Uint8Array;
}

/** The franking key, derived from the app secret for this purpose alone. */
export async function frankingKeyFrom(appSecret: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode("message-franking")));
}
