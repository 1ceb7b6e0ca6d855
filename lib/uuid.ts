/** Ids are UUIDs: anything else from a URL, form or cursor names nothing and must not reach SQL. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * `value` as the id PostgreSQL returns for it (lower case), or null when it is
 * not a UUID. UUIDs are case-insensitive, so "5B0F…" and "5b0f…" name one row;
 * only the canonical form lets JavaScript compare ids as SQL does.
 */
export function canonicalUuid(value: string): string | null {
  return UUID.test(value) ? value.toLowerCase() : null;
}
