/**
 * Removing stored files once the rows that pointed at them are gone. Storage
 * cannot join a transaction, so files go after the commit, and best effort: a
 * leftover object is harmless (and logged), a row pointing at nothing is not.
 */
import type { Storage } from "../integrations/storage/storage.ts";
import { logError } from "../lib/log.ts";

/** Deletes each of `keys` from `storage`; without storage (uploads not configured) there is nothing to delete. */
export async function removeStoredFiles(
  storage: Storage | null | undefined,
  keys: readonly string[],
): Promise<void> {
  if (!storage) return;
  for (const key of keys) {
    try {
      await storage.delete(key);
    } catch (err) {
      logError(err, { storageKey: key });
    }
  }
}
