import { page } from "fresh";
import { Fragment } from "preact";
import { JsonLd } from "../../components/JsonLd.tsx";
import { PublicReviewList } from "../../components/Reviews.tsx";
import { EditLink, ProfileHeader, ProfileSection } from "../../components/ProfileHeader.tsx";
import { venueJsonLd } from "../../components/schema_org.ts";
import { VENUE_TYPE_LABELS } from "../../components/venue_types.ts";
import { canEdit } from "../../domain/catalog_access.ts";
import { formatDateTime } from "../../domain/time_format.ts";
import { countOf } from "../../domain/plural.ts";
import { specLines } from "../../domain/venue_specs.ts";
import { upcomingShowsAt, venueBySlug } from "../../services/catalog/profiles.ts";
import { reviewsAtVenue } from "../../services/reviews/read.ts";
import { define } from "../../utils.ts";

/**
 * A venue's public profile: what kind of place, where, how big, what it offers performers, and what acts
 * said of the shows they played there.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const venue = await venueBySlug(ctx.state.db, ctx.params.slug);
    const shows = await upcomingShowsAt(ctx.state.db, venue.id, ctx.state.deps.now());
    const reviews = await reviewsAtVenue(ctx.state.db, venue.id, ctx.state.deps.now());
    const url = new URL(`/venues/${venue.slug}`, ctx.state.deps.origin);
    const kind = VENUE_TYPE_LABELS[venue.venueType].toLowerCase();
    ctx.state.title = venue.name;
    ctx.state.description =
      `${venue.name}: a ${kind}${venue.city ? ` in ${venue.city}, ${venue.state}` : ""} ` +
      `for up to ${countOf(venue.capacity, "person", "people")}. Book live music there on Artist Space.`;
    ctx.state.meta = { canonicalPath: url.pathname, type: "website", image: venue.photoUrl };
    const editable = ctx.state.actor !== null && canEdit(ctx.state.actor, { owner_id: venue.ownerId });
    return page({ venue, shows, reviews, jsonLd: venueJsonLd(venue, url), canEdit: editable });
  },
});

export default define.page<typeof handler>(
  function Venue({ data: { venue, shows, reviews, jsonLd, canEdit } }) {
    const specs = specLines(venue.techSpecs);
    return (
      <article class="max-w-3xl mx-auto px-4 py-6 grid gap-4">
        <ProfileHeader
          name={venue.name}
          subtitle={[VENUE_TYPE_LABELS[venue.venueType], venue.city && `${venue.city}, ${venue.state}`]
            .filter(Boolean).join(" · ")}
          verified={venue.isVerified}
          trust={{
            score: venue.trustScore,
            completedBookings: venue.completedBookings,
            // The reviews below are of every show here, not only those the score counted: their own count.
            reviewCount: null,
            quickToRespond: venue.quickToRespond,
          }}
          photoUrl={venue.photoUrl}
        >
          <p class="font-semibold" data-testid="capacity">
            Up to {countOf(venue.capacity, "person", "people")}
          </p>
          {canEdit && <EditLink href={`/venues/${venue.slug}/edit`} />}
        </ProfileHeader>
        {venue.description && (
          <ProfileSection title="About">
            <p class="whitespace-pre-line">{venue.description}</p>
          </ProfileSection>
        )}
        {shows.length > 0 && (
          <ProfileSection title="Upcoming shows">
            <ul class="divide-y divide-ink-100" data-testid="upcoming-shows">
              {shows.map((show) => (
                <li key={`${show.actSlug}-${show.startsAt.toISOString()}`} class="py-2">
                  <p class="font-medium">{show.title}</p>
                  <p class="text-sm text-ink-500">
                    <time dateTime={show.startsAt.toISOString()}>{formatDateTime(show.startsAt)}</time> ·{" "}
                    <a
                      href={`/${show.actKind === "band" ? "bands" : "artists"}/${show.actSlug}`}
                      class="text-plum-700 underline"
                    >
                      {show.actName}
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          </ProfileSection>
        )}
        {venue.address && (
          <ProfileSection title="Address">
            <p>{venue.address}</p>
          </ProfileSection>
        )}
        {venue.amenities.length > 0 && (
          <ProfileSection title="Facilities">
            <ul class="flex flex-wrap gap-2 text-sm">
              {venue.amenities.map((a) => (
                <li key={a} class="rounded bg-ink-50 px-2 py-1">{a.replaceAll("_", " ")}</li>
              ))}
            </ul>
          </ProfileSection>
        )}
        {specs.length > 0 && (
          <ProfileSection title="Technical specifications">
            <dl class="text-sm grid grid-cols-[auto_1fr] gap-x-4 gap-y-1" data-testid="tech-specs">
              {specs.map((line) => (
                <Fragment key={line.key}>
                  <dt class="text-ink-500">{line.label}</dt>
                  <dd>{line.value}</dd>
                </Fragment>
              ))}
            </dl>
          </ProfileSection>
        )}
        <ProfileSection title="What acts said about shows here">
          <p class="text-sm text-ink-500">
            Acts review the organizer who booked them, payment, hospitality and sound included.
          </p>
          <PublicReviewList reviews={reviews} />
        </ProfileSection>
        <JsonLd data={jsonLd} />
      </article>
    );
  },
);
