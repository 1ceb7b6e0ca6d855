/** The account as its owner and admins see it: never the password hash or metadata internals. */
import type { RoleName } from "../../domain/roles.ts";
import type { User } from "../../db/schema.ts";

export interface PublicUser {
  id: string;
  email: string;
  username: string | null;
  displayName: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  status: User["status"];
  roles: RoleName[];
  locale: string | null;
  currency: string;
  timezone: string;
  createdAt: string;
}

export function publicUser(user: User, roles: RoleName[]): PublicUser {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    displayName: user.display_name,
    firstName: user.first_name,
    lastName: user.last_name,
    phone: user.phone,
    status: user.status,
    roles,
    locale: user.locale,
    currency: user.currency,
    timezone: user.timezone,
    createdAt: user.created_at.toISOString(),
  };
}
