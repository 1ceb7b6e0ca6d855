/**
 * Public profiles of the catalogue: an act or a venue by its slug. Read-only
 * and public, so there is nothing to authorize or audit; an unknown slug, or
 * one of a suspended owner, is NotFound, which pages render as their 404. Lists of them are searches
 * (./search.ts, ./venue_search.ts).
 */
import { z } from "zod";
import type { Kysely } from "kysely";
import {
  type ActProfileRow,
  type BandMemberRow,
  countUpcomingShows,
  findAcceptedMembers,
  findActBySlug,
  findUpcomingShows,
  findVenueBySlug,
  type ListedOptions,
  venueExists,
  type VenueProfileRow,
  type VenueShowRow,
} from "../../db/queries/profiles.ts";
import type { Database } from "../../db/schema.ts";
import type { ActKind } from "../../domain/catalog.ts";
import { NotFound } from "../../domain/errors.ts";
import { parseInput, requireId } from "../validation.ts";

export type ActProfile = ActProfileRow & {
  /** Accepted members of a band; always empty for a solo act. */
  members: BandMemberRow[];
};

export type VenueProfile = VenueProfileRow;

const UPCOMING_SHOWS = 10;

/** Slugs are lowercase words joined by hyphens (a CHECK in the schema); anything else cannot exist. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The act's public profile. A suspended owner's act is not found (domain/suspension.ts) unless the caller
 * asks for it with `includeUnlisted`: pages that authorize on their own, such as a band member's earnings.
 */
export async function actBySlug(
  db: Kysely<Database>,
  slug: string,
  options: ListedOptions = {},
): Promise<ActProfile> {
  const row = SLUG.test(slug) ? await findActBySlug(db, slug, options) : undefined;
  if (!row) throw new NotFound("No artist or band by that name");
  const members = row.kind === "band" ? await findAcceptedMembers(db, row.id) : [];
  return { ...row, members };
}

/** The venue's public profile; as actBySlug, a suspended owner's venue is not found. */
export async function venueBySlug(db: Kysely<Database>, slug: string): Promise<VenueProfile> {
  const row = SLUG.test(slug) ? await findVenueBySlug(db, slug) : undefined;
  if (!row) throw new NotFound("No venue by that name");
  return row;
}

/** The venue's next confirmed shows, soonest first (the first few unless `page` says which): public, as any gig listing is. */
export function upcomingShowsAt(
  db: Kysely<Database>,
  venueId: string,
  now: Date,
  page: { limit: number; offset?: number } = { limit: UPCOMING_SHOWS },
): Promise<VenueShowRow[]> {
  return findUpcomingShows(db, venueId, now, page);
}

export const VenueEventsInput = z.object({
  // Far past the last show, and small enough that the offset stays a safe integer.
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
}).strict();

/** A show as anyone may see it: what, when and who; never the terms or the organizer. */
export interface VenueEvent {
  title: string;
  startsAt: string;
  act: { name: string; slug: string; kind: ActKind };
}

/** A page of a venue's upcoming public shows (what its page lists), with how many there are in all. */
export async function venueEvents(
  db: Kysely<Database>,
  venueId: string,
  input: unknown,
  now: Date,
): Promise<{ items: VenueEvent[]; page: number; pageSize: number; totalItems: number }> {
  const id = requireId(venueId, "Venue");
  const { page, pageSize } = parseInput(VenueEventsInput, input);
  if (!await venueExists(db, id)) throw new NotFound("Venue not found");
  const [rows, totalItems] = await Promise.all([
    upcomingShowsAt(db, id, now, { limit: pageSize, offset: (page - 1) * pageSize }),
    countUpcomingShows(db, id, now),
  ]);
  const items = rows.map((r) => ({
    title: r.title,
    startsAt: r.startsAt.toISOString(),
    act: { name: r.actName, slug: r.actSlug, kind: r.actKind },
  }));
  return { items, page, pageSize, totalItems };
}
