/**
 * Whom a message is sealed to: every device on each participant's device
 * list and each participant's identity, and only lists their own identity
 * signed. The server hands the lists over; it cannot add a device of its own
 * to one without that signature.
 */
import { openDeviceList } from "../../lib/e2ee/device_list.ts";
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
    const opened = openDeviceList(r.deviceList);
    if (!opened.ok) {
      problems.push(`${r.name}: ${opened.reason}`);
      continue;
    }
    const { doc } = opened;
    if (
      doc.userId !== r.userId || doc.identity.id !== r.identity.id ||
      doc.identity.signKey !== r.identity.signKey || doc.identity.boxKey !== r.identity.boxKey
    ) {
      problems.push(`${r.name}: the device list belongs to other keys`);
      continue;
    }
    keys.set(r.identity.id, { id: r.identity.id, boxKey: r.identity.boxKey });
    for (const d of doc.devices) keys.set(d.id, { id: d.id, boxKey: d.boxKey });
  }
  return { keys: [...keys.values()], withoutKeys, problems };
}
