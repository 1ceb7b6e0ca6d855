/**
 * Demo data for development: one user per self-service role plus an admin,
 * so every dashboard has someone to log in as. Deterministic, so links and
 * screenshots stay stable between machines.
 */
import { type Kysely, sql } from "kysely";
import { withAuditContext } from "./audit.ts";
import type { RoleName } from "../domain/roles.ts";
import type { Database, NewUser } from "./schema.ts";

type DemoUser = Pick<NewUser, "username" | "email" | "first_name" | "last_name" | "gender"> & {
  role: RoleName;
};

export const DEMO_USERS: readonly DemoUser[] = [
  {
    role: "artist",
    username: "asha_artist",
    email: "asha.artist@demo.artistspace.in",
    first_name: "Asha",
    last_name: "Rao",
    gender: "female",
  },
  {
    role: "band_manager",
    username: "bharat_manager",
    email: "bharat.bandmanager@demo.artistspace.in",
    first_name: "Bharat",
    last_name: "Menon",
    gender: "male",
  },
  {
    role: "promoter",
    username: "chitra_promoter",
    email: "chitra.promoter@demo.artistspace.in",
    first_name: "Chitra",
    last_name: "Iyer",
    gender: "female",
  },
  {
    role: "organizer",
    username: "dev_organizer",
    email: "dev.organizer@demo.artistspace.in",
    first_name: "Dev",
    last_name: "Kapoor",
    gender: "male",
  },
  {
    role: "venue_manager",
    username: "esha_venue",
    email: "esha.venue@demo.artistspace.in",
    first_name: "Esha",
    last_name: "Singh",
    gender: "female",
  },
  {
    role: "admin",
    username: "farhan_admin",
    email: "farhan.admin@demo.artistspace.in",
    first_name: "Farhan",
    last_name: "Ali",
    gender: "male",
  },
];

/**
 * Seeds the demo users when there are no users at all; otherwise does nothing.
 * `passwordHash` (made by the caller, which knows how passwords are hashed)
 * lets people sign in as them; without it they cannot sign in.
 */
export async function seedDemoData(
  db: Kysely<Database>,
  options: { passwordHash?: string } = {},
): Promise<{ seeded: boolean; users: number }> {
  return await db.transaction().execute(async (trx) => {
    // Two seeders racing (two app instances booting) must not both see an
    // empty table; the second waits here and then finds users.
    await sql`select pg_advisory_xact_lock(hashtext('artistspace.seed_demo_data'))`.execute(trx);
    const existing = await trx.selectFrom("users").select("id").limit(1).executeTakeFirst();
    if (existing) return { seeded: false, users: 0 };

    // No actor: the audit entries say the seed made these rows, not a person.
    await withAuditContext(trx, { userAgent: "db/seed.ts" });
    const roles = await trx.selectFrom("roles").select(["id", "name"]).execute();
    const roleId = new Map(roles.map((r) => [r.name, r.id]));
    const users = await trx.insertInto("users")
      .values(DEMO_USERS.map(({ role: _role, ...user }) => ({
        ...user,
        display_name: `${user.first_name} ${user.last_name}`,
        password_hash: options.passwordHash ?? null,
        status: "active" as const,
        locale: "en-IN",
        metadata: JSON.stringify({ demo: true }),
      })))
      .returning(["id", "email"])
      .execute();
    const idByEmail = new Map(users.map((u) => [u.email, u.id]));
    await trx.insertInto("user_roles")
      .values(DEMO_USERS.map((u) => ({ user_id: idByEmail.get(u.email)!, role_id: roleId.get(u.role)! })))
      .execute();
    if (options.passwordHash) {
      await trx.insertInto("password_history")
        .values(users.map((u) => ({ user_id: u.id, password_hash: options.passwordHash! })))
        .execute();
    }
    return { seeded: true, users: users.length };
  });
}
