/**
 * The identity keys this browser has seen its contacts use (trust on first
 * use). The server writes a notice when someone starts over, but a server
 * that swapped a key in silence would write none; comparing with what this
 * browser saw before catches that too. Public keys only, so plain
 * localStorage will do, per signed-in person.
 */
import type { Recipient } from "./api.ts";

export type Pins = Record<string, string>;

/** Contacts whose identity key differs from the one pinned, and the pins with every key seen now. */
export function comparePins(pinned: Pins, recipients: readonly Recipient[], me: string) {
  const changed: { userId: string; name: string }[] = [];
  const next: Pins = { ...pinned };
  for (const r of recipients) {
    if (r.userId === me || !r.identity) continue;
    const known = pinned[r.userId];
    if (known !== undefined && known !== r.identity.signKey) changed.push({ userId: r.userId, name: r.name });
    // A change is pinned only once the person has seen it (acceptPin): until then it keeps being shown.
    if (known === undefined) next[r.userId] = r.identity.signKey;
  }
  return { changed, next };
}

const storageKey = (me: string) => `artistspace:pinned-keys:${me}`;

export function loadPins(me: string): Pins {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(me)) ?? "{}");
    return typeof stored === "object" && stored !== null ? stored : {};
  } catch {
    return {};
  }
}

export function savePins(me: string, pins: Pins): void {
  try {
    localStorage.setItem(storageKey(me), JSON.stringify(pins));
  } catch {
    // Storage full or refused (private browsing): the server's notices still tell of changes.
  }
}

/** The person has seen that `userId`'s key changed: their new key is the one to compare with from now on. */
export function acceptPin(me: string, userId: string, signKey: string): void {
  savePins(me, { ...loadPins(me), [userId]: signKey });
}
