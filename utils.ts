/** Fresh's convention: the app's `define` helpers, typed with its request state. */
import type { Kysely } from "kysely";
import { createDefine } from "fresh";
import type { Database } from "./db/schema.ts";

export interface State {
  /** The database, handed to services; set for every request by server/app.ts. */
  db: Kysely<Database>;
  requestId?: string;
  /** Page title and description, rendered by routes/_app.tsx. */
  title?: string;
  description?: string;
}

export const define = createDefine<State>();
