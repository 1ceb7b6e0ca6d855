/** The seven roles of the platform and which of them people may take themselves. */

export const ROLE_NAMES = [
  "artist",
  "band_manager",
  "promoter",
  "organizer",
  "venue_manager",
  "admin",
  "staff",
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** Chosen at registration; admin and staff are granted only by an admin. */
export const SELF_SERVICE_ROLES = [
  "artist",
  "band_manager",
  "promoter",
  "organizer",
  "venue_manager",
] as const satisfies readonly RoleName[];
export type SelfServiceRole = (typeof SELF_SERVICE_ROLES)[number];
