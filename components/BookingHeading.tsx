import type { BookingView } from "../services/bookings/views.ts";
import { formatDateTime } from "../domain/time_format.ts";
import { StatusBadge } from "./BookingDetails.tsx";

/** The top of a booking page: which show, between whom, where it stands and whose turn it is. */
export function BookingHeading({ booking }: { booking: BookingView }) {
  const waitingOn = booking.turn && booking.turn !== booking.viewer.role
    ? `Waiting for ${booking.turn === "act" ? "the act" : "the organizer"} to answer`
    : null;
  return (
    <div>
      <p class="text-sm text-ink-500">
        <a href="/bookings" class="underline">Your bookings</a>
      </p>
      <h1 class="text-2xl font-bold mt-1">{booking.title}</h1>
      <p class="mt-1 text-sm text-ink-700 flex flex-wrap items-center gap-2">
        <StatusBadge status={booking.status} />
        <a
          href={`/${booking.act.kind === "band" ? "bands" : "artists"}/${booking.act.slug}`}
          class="underline"
        >
          {booking.act.name}
        </a>
        <span>· organized by {booking.organizer.displayName ?? "an organizer"}</span>
      </p>
      {booking.viewer.role === "venue" && (
        <p class="mt-2 text-sm rounded-lg bg-ink-50 text-ink-700 p-3" data-testid="read-only">
          This booking is at{" "}
          {booking.venue?.name ?? "a venue you manage"}, so you can follow it here. Only the organizer and the
          act can change it.
        </p>
      )}
      {(booking.openOffer || waitingOn) && (
        <p class="mt-1 text-xs text-ink-500">
          {[
            booking.openOffer && `Offer open until ${formatDateTime(booking.openOffer.expiresAt)}`,
            waitingOn,
          ].filter(Boolean).join(" · ")}
        </p>
      )}
    </div>
  );
}
