/** Words the console uses for roles, account states and how long ago something was. */
import type { UserStatus } from "../../domain/people.ts";
import type { RoleName } from "../../domain/roles.ts";

export const ROLE_LABEL: Record<RoleName, string> = {
  artist: "Artist",
  band_manager: "Band manager",
  promoter: "Promoter",
  organizer: "Organizer",
  venue_manager: "Venue manager",
  admin: "Admin",
  staff: "Staff",
};

export const USER_STATUS_LABEL: Record<UserStatus, string> = {
  pending_verification: "E-mail not verified",
  active: "Active",
  suspended: "Suspended",
  deleted: "Deleted",
};

/** Badge colours: a suspended or deleted account stands out in a list. */
export const USER_STATUS_TONE: Record<UserStatus, string> = {
  pending_verification: "bg-saffron-50 text-saffron-700",
  active: "bg-green-50 text-green-800",
  suspended: "bg-red-50 text-red-800",
  deleted: "bg-ink-100 text-ink-700",
};

/** "under a minute", "4 min", "3 h 5 min", "2 days": how long a span of milliseconds is, roughly. */
export function formatSpan(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
