/**
 * Finding accounts, for admins and staff: by part of a name, e-mail address or username, or by phone
 * number, narrowed by role and status, newest first, a page at a time with the total.
 *
 *   select users.* from users
 *   where (lower(email) like $like or lower(display_name) like $like or lower(username) like $like
 *          or lower(first_name || ' ' || last_name) like $like
 *          or phone = $e164 or phone like $digits)
 *     and status = $status
 *     and exists (select 1 from user_roles join roles ... where roles.name = $role)
 *   order by created_at desc, id
 *   limit $pageSize offset ($page - 1) * $pageSize
 *
 * Phones are stored in E.164 ("+919876543210"); the caller passes the typed number normalised the same
 * way (`phone`) and, for a fragment such as the last five digits, its digits (`phoneDigits`).
 */
import type { Kysely } from "kysely";
import type { RoleName } from "../../domain/roles.ts";
import type { Database, User } from "../schema.ts";
import type { UserStatus } from "../../domain/people.ts";

export interface UserSearch {
  /** Lower-cased text to find inside names, e-mail addresses and usernames. */
  text?: string;
  /** A whole phone number in E.164. */
  phone?: string;
  /** Digits to find inside stored phone numbers. */
  phoneDigits?: string;
  role?: RoleName;
  status?: UserStatus;
  limit: number;
  offset: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchUsers(
  db: Kysely<Database>,
  search: UserSearch,
): Promise<{ rows: User[]; total: number }> {
  let base = db.selectFrom("users");
  const { text, phone, phoneDigits } = search;
  if (text || phone || phoneDigits) {
    base = base.where((eb) => {
      const any = [];
      if (text) {
        const like = `%${escapeLike(text)}%`;
        any.push(
          eb(eb.fn("lower", ["email"]), "like", like),
          eb(eb.fn("lower", ["display_name"]), "like", like),
          eb(eb.fn("lower", ["username"]), "like", like),
          eb(eb.fn("lower", [eb.fn("concat_ws", [eb.val(" "), "first_name", "last_name"])]), "like", like),
        );
      }
      if (phone) any.push(eb("phone", "=", phone));
      if (phoneDigits) any.push(eb("phone", "like", `%${escapeLike(phoneDigits)}%`));
      return eb.or(any);
    });
  }
  if (search.status) base = base.where("status", "=", search.status);
  if (search.role) {
    const role = search.role;
    base = base.where((eb) =>
      eb.exists(
        eb.selectFrom("user_roles").innerJoin("roles", "roles.id", "user_roles.role_id")
          .whereRef("user_roles.user_id", "=", "users.id").where("roles.name", "=", role).select("roles.id"),
      )
    );
  }
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("created_at", "desc").orderBy("id").limit(search.limit).offset(search.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The roles of each of `userIds`, in one query. */
export async function rolesOfUsers(
  db: Kysely<Database>,
  userIds: string[],
): Promise<Map<string, RoleName[]>> {
  const out = new Map<string, RoleName[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await db.selectFrom("user_roles").innerJoin("roles", "roles.id", "user_roles.role_id")
    .select(["user_roles.user_id", "roles.name"]).where("user_roles.user_id", "in", userIds)
    .orderBy("roles.name").execute();
  for (const r of rows) out.get(r.user_id)!.push(r.name);
  return out;
}

/** One account by id, deleted ones too: the console shows what became of them. */
export async function findUserById(db: Kysely<Database>, userId: string): Promise<User | undefined> {
  return await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
}

/** The account with this e-mail address (any case), for filters that name a person by address. */
export async function userIdByEmail(db: Kysely<Database>, email: string): Promise<string | undefined> {
  const row = await db.selectFrom("users").select("id")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase())).executeTakeFirst();
  return row?.id;
}
