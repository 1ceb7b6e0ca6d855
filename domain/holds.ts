/**
 * A hold pencils an organizer in for an act's date, ranked first, second and
 * so on; it lapses, is released, or becomes the booking that confirms.
 */
export const HOLD_STATUSES = ["active", "released", "expired", "converted"] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];
