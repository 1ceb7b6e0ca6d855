/**
 * What a contract says about its parties that the booking itself does not
 * hold: people's legal names, the act's home and rider, and the place by name.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/** The name a person goes by on paper: first and last name, else their display name, else their e-mail. */
export async function legalNameOf(db: Kysely<Database>, userId: string): Promise<string> {
  return legalName(
    await db.selectFrom("users").select(["first_name", "last_name", "display_name", "email"])
      .where("id", "=", userId).executeTakeFirstOrThrow(),
  );
}

function legalName(
  u: { first_name: string | null; last_name: string | null; display_name: string | null; email: string },
): string {
  const full = [u.first_name, u.last_name].map((x) => x?.trim() ?? "").filter(Boolean).join(" ");
  return full || u.display_name?.trim() || u.email;
}

/** The act's home ("Pune, Maharashtra") and the rider it publishes. */
export async function actContractFacts(
  db: Kysely<Database>,
  actId: string,
): Promise<{ home: string | null; rider: string | null }> {
  const row = await db.selectFrom("acts")
    .leftJoin("cities", "cities.city_id", "acts.home_city_id")
    .leftJoin("states", "states.state_id", "cities.state_id")
    .select(["acts.riders", "cities.name as city", "states.name as state"])
    .where("acts.id", "=", actId).executeTakeFirstOrThrow();
  return { home: row.city ? [row.city, row.state].filter(Boolean).join(", ") : null, rider: row.riders };
}

/** A band's accepted members by legal name and role, in the order they joined. */
export async function acceptedMembersByName(
  db: Kysely<Database>,
  actId: string,
): Promise<{ name: string; role: string | null }[]> {
  const rows = await db.selectFrom("band_members")
    .innerJoin("users", "users.id", "band_members.user_id")
    .select(["users.display_name", "users.first_name", "users.last_name", "users.email", "band_members.role"])
    .where("band_members.act_id", "=", actId).where("band_members.status", "=", "accepted")
    .orderBy("band_members.invited_at").orderBy("band_members.user_id").execute();
  return rows.map((m) => ({ name: legalName(m), role: m.role }));
}

/** The venue's name and address and the city's name, as the contract states the place. */
export async function placeByName(
  db: Kysely<Database>,
  place: { venueId: string | null; cityId: number | null },
): Promise<{ venue: string | null; venueAddress: string | null; city: string | null }> {
  const venue = place.venueId
    ? await db.selectFrom("venues").select(["name", "address", "city_id"]).where("id", "=", place.venueId)
      .executeTakeFirst()
    : undefined;
  const cityId = place.cityId ?? venue?.city_id ?? null;
  const city = cityId === null
    ? undefined
    : await db.selectFrom("cities").select("name").where("city_id", "=", cityId).executeTakeFirst();
  return { venue: venue?.name ?? null, venueAddress: venue?.address ?? null, city: city?.name ?? null };
}
