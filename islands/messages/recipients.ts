/**
 * Whom a message is sealed to (lib/e2ee's sealingKeys: every device on each
 * participant's signed device list and each identity), with what the page
 * tells the writer: who has no keys yet, and whose list was refused.
 */
import { sealingKeys } from "../../lib/e2ee/device_list.ts";
import type { RecipientKey } from "../../lib/e2ee/envelope.ts";
import type { Recipient } from "./api.ts";

export interface Sealing {
  keys: RecipientKey[];
  /** Participants without keys yet: what is sent now stays unreadable to them. */
  withoutKeys: string[];
  /** Why a list was refused; nothing may be sent while there is one. */
  problems: string[];
}

export function sealingFor(recipients: readonly Recipient[]): Sealing {
  const keys = new Map<string, RecipientKey>();
  const withoutKeys: string[] = [];
  const problems: string[] = [];
  for (const r of recipients) {
    if (!r.identity || !r.deviceList) {
      withoutKeys.push(r.name);
      continue;
    }
    try {
      for (const k of sealingKeys([r])) keys.set(k.id, { id: k.id, boxKey: k.boxKey });
    } catch (err) {
      // sealingKeys names the person by id; the writer knows them by name.
      problems.push(`${r.name}: ${String((err as Error).message).replace(`${r.userId}: `, "")}`);
    }
  }
  return { keys: [...keys.values()], withoutKeys, problems };
}

/**
 * Each participant's devices as their own identity signed the list: a message whose sending device is not
 * on its sender's list may come from a device they have since dropped, or from keys the server made up.
 */
export function listedDevices(recipients: readonly Recipient[]): Map<string, Set<string>> {
  const listed = new Map<string, Set<string>>();
  for (const r of recipients) {
    try {
      listed.set(r.userId, new Set(sealingKeys([r]).map((k) => k.id)));
    } catch {
      // A list that does not verify vouches for no device.
    }
  }
  return listed;
}
