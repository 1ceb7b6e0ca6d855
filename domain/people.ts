/** What the platform records of a person beyond their roles (domain/roles.ts). */

/** An account is usable once its e-mail address is verified; "deleted" keeps the row for the audit log. */
export const USER_STATUSES = ["pending_verification", "active", "suspended", "deleted"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const GENDERS = ["female", "male", "non_binary", "other", "prefer_not_to_say"] as const;
export type Gender = (typeof GENDERS)[number];
