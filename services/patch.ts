/**
 * Partial updates (PATCH). A patch names only the fields it changes, so an
 * empty one (`{}`, as JSON merge-patch clients send) is valid and changes
 * nothing: the answer is the resource as it is. SQL has no empty SET, so
 * every service skips its UPDATE the same way, through `patchColumns`.
 */

/** The columns `set` gives a value (undefined means "leave alone"), or null when it gives none. */
export function patchColumns<T extends Record<string, unknown>>(set: T): Partial<T> | null {
  const given = Object.entries(set).filter(([, value]) => value !== undefined);
  return given.length ? Object.fromEntries(given) as Partial<T> : null;
}
