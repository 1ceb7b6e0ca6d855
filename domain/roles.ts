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

/** The organizer side: who posts opportunities, asks acts for dates and holds them. */
export const ORGANIZER_SIDE_ROLES = [
  "promoter",
  "organizer",
  "venue_manager",
] as const satisfies readonly RoleName[];

/** The act side: who owns acts (an artist their solo act, a band manager their band). */
export const ACT_OWNER_ROLES = ["artist", "band_manager"] as const satisfies readonly RoleName[];

export function isOrganizerSide(roles: readonly RoleName[]): boolean {
  return roles.some((r) => (ORGANIZER_SIDE_ROLES as readonly RoleName[]).includes(r));
}

export function ownsActs(roles: readonly RoleName[]): boolean {
  return roles.some((r) => (ACT_OWNER_ROLES as readonly RoleName[]).includes(r));
}
