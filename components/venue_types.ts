import type { VenueType } from "../domain/catalog.ts";

/** What people call each kind of venue, for filters and profile pages. */
export const VENUE_TYPE_LABELS: Record<VenueType, string> = {
  club: "Club",
  bar: "Bar",
  cafe: "Café",
  auditorium: "Auditorium",
  theatre: "Theatre",
  open_air: "Open air",
  hotel_ballroom: "Hotel ballroom",
  banquet_hall: "Banquet hall",
};
