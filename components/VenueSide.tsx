/**
 * The dashboard's venue side: the shows and requests at the venues the viewer
 * manages, whoever organized them; and what the organizer side is called for
 * someone who books acts only as a venue's manager.
 */
import type { OrganizerHalf, VenueHalf } from "../services/dashboard.ts";
import { BookingList } from "./DashboardLists.tsx";

/** Venue managers book acts for their own rooms and are not "organizers". */
export function organizerSideHeading(half: OrganizerHalf): string {
  return half.venueManagerOnly ? "Acts you book" : "As organizer";
}

export function VenueSide({ venue }: { venue: VenueHalf }) {
  return (
    <div class="grid gap-6" data-testid="venue-dashboard">
      <h2 class="text-lg font-bold">At your venues</h2>
      <BookingList
        title="Upcoming shows"
        empty="No confirmed shows at your venues yet."
        bookings={venue.upcoming}
        testId="venue-upcoming"
      />
      <BookingList
        title="Requests being negotiated"
        empty="No open requests at your venues."
        bookings={venue.requests}
        testId="venue-requests"
      />
    </div>
  );
}
