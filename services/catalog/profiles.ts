/**
 * Public profiles of the catalogue: an act or a venue by its slug. Read-only
 * and public, so there is nothing to authorize or audit; an unknown slug is
 * NotFound, which pages render as their 404. Lists of them are searches
 * (./search.ts, ./venue_search.ts).
 */
import type { Kysely } from "kysely";
import {
  type ActProfileRow,
  type BandMemberRow,
  findAcceptedMembers,
  findActBySlug,
  findUpcomingShows,
  findVenueBySlug,
  type VenueProfileRow,
  type VenueShowRow,
} from "../../db/queries/profiles.ts";
import type { Database } from "../../db/schema.ts";
import { NotFound } from "../../domain/errors.ts";

export type ActProfile = ActProfileRow & {
  /** Accepted members of a band; always empty for a solo act. */
  members: BandMemberRow[];
};

export type VenueProfile = VenueProfileRow;

const UPCOMING_SHOWS = 10;

/** Slugs are lowercase words joined by hyphens (a CHECK in the schema); anything else cannot exist. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export async function actBySlug(db: Kysely<Database>, slug: string): Promise<ActProfile> {
  const row = SLUG.test(slug) ? await findActBySlug(db, slug) : undefined;
  if (!row) throw new NotFound("No artist or band by that name");
  const members = row.kind === "band" ? await findAcceptedMembers(db, row.id) : [];
  return { ...row, members };
}

export async function venueBySlug(db: Kysely<Database>, slug: string): Promise<VenueProfile> {
  const row = SLUG.test(slug) ? await findVenueBySlug(db, slug) : undefined;
  if (!row) throw new NotFound("No venue by that name");
  return row;
}

/** The venue's next confirmed shows, soonest first: public, as any gig listing is. */
export function upcomingShowsAt(db: Kysely<Database>, venueId: string, now: Date): Promise<VenueShowRow[]> {
  return findUpcomingShows(db, venueId, now, UPCOMING_SHOWS);
}
