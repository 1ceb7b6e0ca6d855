/** The kinds of things the catalogue lists: acts, band members, venues and portfolio items. */

/** One bookable `acts` table holds solo artists and bands. */
export const ACT_KINDS = ["solo", "band"] as const;
export type ActKind = (typeof ACT_KINDS)[number];

/** A band member is invited by the band's owner and counts once they accept. */
export const BAND_MEMBER_STATUSES = ["invited", "accepted", "declined"] as const;
export type BandMemberStatus = (typeof BAND_MEMBER_STATUSES)[number];

export const VENUE_TYPES = [
  "club",
  "bar",
  "cafe",
  "auditorium",
  "theatre",
  "open_air",
  "hotel_ballroom",
  "banquet_hall",
] as const;
export type VenueType = (typeof VENUE_TYPES)[number];

/** Photos and documents are stored files; audio and video are links (domain/media_links.ts). */
export const PORTFOLIO_KINDS = ["photo", "audio", "video", "document"] as const;
export type PortfolioKind = (typeof PORTFOLIO_KINDS)[number];

/** The most people a venue may say it holds (the largest stadiums hold about 1,30,000). */
export const MAX_VENUE_CAPACITY = 1_000_000;
