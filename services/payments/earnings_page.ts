/**
 * An act's earnings page: the act found by the slug in its address, its
 * earnings as `actEarnings` reads them for the reader, and whose shares the
 * reader sees, so the page can say "your share" to a member and "members'
 * shares" to the owner. Strangers meet the same NotFound as an unknown act.
 */
import type { Kysely } from "kysely";
import { acceptedMemberIds } from "../../db/queries/act_side.ts";
import { findActOwner } from "../../db/queries/acts.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, requireActor } from "../../domain/access.ts";
import type { ActKind } from "../../domain/catalog.ts";
import { NotFound } from "../../domain/errors.ts";
import { requireEarningsReader } from "../../domain/payment_access.ts";
import { actBySlug } from "../catalog/profiles.ts";
import { actEarnings, type EarningsView } from "./reads.ts";

export interface ActEarningsPage {
  act: { id: string; name: string; slug: string; kind: ActKind };
  /** all: the owner, admins and staff see every member's share; own: a member sees only theirs. */
  scope: "all" | "own";
  earnings: EarningsView;
}

export async function actEarningsPage(
  db: Kysely<Database>,
  actor: Actor | null,
  slug: string,
): Promise<ActEarningsPage> {
  const a = requireActor(actor);
  // Members keep their earnings page while the band's manager is suspended; the reader is checked below.
  const act = await actBySlug(db, slug, { includeUnlisted: true });
  const owner = await findActOwner(db, act.id);
  if (!owner) throw new NotFound("No artist or band by that name");
  const scope = requireEarningsReader(a, {
    owner_id: owner.owner_id,
    memberIds: await acceptedMemberIds(db, act.id),
  });
  return {
    act: { id: act.id, name: act.name, slug: act.slug, kind: act.kind },
    scope,
    earnings: await actEarnings(db, a, act.id),
  };
}
