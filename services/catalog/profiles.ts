/**
 * Public profiles of the catalogue: an act or a venue by its slug, and the
 * venue list. Read-only and public, so there is nothing to authorize or
 * audit; an unknown slug is NotFound, which pages render as their 404.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import {
  type ActProfileRow,
  type BandMemberRow,
  findAcceptedMembers,
  findActBySlug,
  findUpcomingShows,
  findVenueBySlug,
  findVenues,
  type VenueListRow,
  type VenueProfileRow,
  type VenueShowRow,
} from "../../db/queries/profiles.ts";
import { type Database, VENUE_TYPES } from "../../db/schema.ts";
import { NotFound } from "../../domain/errors.ts";
import { decodeCursor, encodeCursor } from "../../lib/cursor.ts";
import { parseInput } from "../validation.ts";

export type ActProfile = Omit<ActProfileRow, "trustScore"> & {
  trustScore: number;
  /** Accepted members of a band; always empty for a solo act. */
  members: BandMemberRow[];
};

export type VenueProfile = Omit<VenueProfileRow, "trustScore"> & { trustScore: number };

const UPCOMING_SHOWS = 10;

/** Slugs are lowercase words joined by hyphens (a CHECK in the schema); anything else cannot exist. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export async function actBySlug(db: Kysely<Database>, slug: string): Promise<ActProfile> {
  const row = SLUG.test(slug) ? await findActBySlug(db, slug) : undefined;
  if (!row) throw new NotFound("No artist or band by that name");
  const members = row.kind === "band" ? await findAcceptedMembers(db, row.id) : [];
  return { ...row, trustScore: Number(row.trustScore), members };
}

export async function venueBySlug(db: Kysely<Database>, slug: string): Promise<VenueProfile> {
  const row = SLUG.test(slug) ? await findVenueBySlug(db, slug) : undefined;
  if (!row) throw new NotFound("No venue by that name");
  return { ...row, trustScore: Number(row.trustScore) };
}

/** The venue's next confirmed shows, soonest first: public, as any gig listing is. */
export function upcomingShowsAt(db: Kysely<Database>, venueId: string, now: Date): Promise<VenueShowRow[]> {
  return findUpcomingShows(db, venueId, now, UPCOMING_SHOWS);
}

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

export const VenueListInput = z.object({
  /** A city id (geography tables). */
  city: z.preprocess(blank, z.coerce.number().int().min(1).max(2_147_483_647).optional()),
  type: z.preprocess(blank, z.enum(VENUE_TYPES).optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(100).default(24)),
  cursor: z.preprocess(blank, z.string().max(300).optional()),
}).strict();

export interface VenueList {
  items: VenueListRow[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function listVenues(db: Kysely<Database>, input: unknown): Promise<VenueList> {
  const { cursor, limit, ...filters } = parseInput(VenueListInput, input);
  // One extra row tells whether another page exists without a count query.
  const rows = await findVenues(db, {
    ...filters,
    after: cursor ? decodeCursor(cursor, ["string", "string"]) : undefined,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([last.name, last.id]) : null,
  };
}
