import { page } from "fresh";
import { Fragment } from "preact";
import { JsonLd } from "../../components/JsonLd.tsx";
import { ProfileHeader, ProfileSection } from "../../components/ProfileHeader.tsx";
import { venueJsonLd } from "../../components/schema_org.ts";
import { VENUE_TYPE_LABELS } from "../../components/venue_types.ts";
import { venueBySlug } from "../../services/catalog/profiles.ts";
import { define } from "../../utils.ts";

/** A venue's public profile: what kind of place, where, how big, and what it offers performers. */
export const handler = define.handlers({
  async GET(ctx) {
    const venue = await venueBySlug(ctx.state.db, ctx.params.slug);
    const url = new URL(`/venues/${venue.slug}`, ctx.state.auth.origin);
    const kind = VENUE_TYPE_LABELS[venue.venueType].toLowerCase();
    ctx.state.title = venue.name;
    ctx.state.description =
      `${venue.name}: a ${kind}${venue.city ? ` in ${venue.city}, ${venue.state}` : ""} ` +
      `for up to ${venue.capacity.toLocaleString("en-IN")} people. Book live music there on Artist Space.`;
    ctx.state.meta = { canonicalPath: url.pathname, type: "website", image: venue.photoUrl };
    return page({ venue, jsonLd: venueJsonLd(venue, url) });
  },
});

/** Tech specs are free-form JSON from the owner: only plain values are shown. */
function specLines(specs: Record<string, unknown>): [string, string][] {
  return Object.entries(specs)
    .filter(([, v]) => typeof v === "string" || typeof v === "number")
    .map(([k, v]) => [k.replace(/([a-z])([A-Z])/g, "$1 $2").replaceAll("_", " ").toLowerCase(), String(v)]);
}

export default define.page<typeof handler>(function Venue({ data: { venue, jsonLd } }) {
  const specs = specLines(venue.techSpecs);
  return (
    <article class="max-w-3xl mx-auto px-4 py-6 grid gap-4">
      <ProfileHeader
        name={venue.name}
        subtitle={[VENUE_TYPE_LABELS[venue.venueType], venue.city && `${venue.city}, ${venue.state}`]
          .filter(Boolean).join(" · ")}
        verified={venue.isVerified}
        trustScore={venue.trustScore}
        photoUrl={venue.photoUrl}
      >
        <p class="font-semibold" data-testid="capacity">
          Up to {venue.capacity.toLocaleString("en-IN")} people
        </p>
      </ProfileHeader>
      {venue.description && (
        <ProfileSection title="About">
          <p class="whitespace-pre-line">{venue.description}</p>
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
        <ProfileSection title="Technical">
          <dl class="text-sm grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {specs.map(([k, v]) => (
              <Fragment key={k}>
                <dt class="text-ink-500">{k}</dt>
                <dd>{v}</dd>
              </Fragment>
            ))}
          </dl>
        </ProfileSection>
      )}
      <JsonLd data={jsonLd} />
    </article>
  );
});
