/**
 * schema.org descriptions of public profiles, for JSON-LD.
 *
 * A solo act is a MusicGroup too, not a Person: schema.org defines
 * MusicGroup as "a musical group, such as a band, an orchestra, or a choir.
 * Can also be a solo musician", and what we list is a bookable act under a
 * stage name ("DJ Kavya"), with genres (a MusicGroup property that Person
 * lacks) and fees, not a private individual's personal details.
 */
import { genreBySlug } from "../domain/genres.ts";
import type { ActProfile, VenueProfile } from "../services/catalog/profiles.ts";
import type { OrganizerProfile } from "../services/trust/organizer_profile.ts";

type Place = { city: string | null; state: string | null; country: string | null };

function postalAddress(place: Place, street?: string | null) {
  return {
    "@type": "PostalAddress",
    streetAddress: street ?? undefined,
    addressLocality: place.city ?? undefined,
    addressRegion: place.state ?? undefined,
    addressCountry: place.country ?? undefined,
  };
}

/** Minor units as a schema.org price: a plain decimal number in the currency's major unit. */
const price = (minor: number) => minor / 100;

/** `url` is the profile's canonical URL; a relative photo URL resolves against it. */
export function actJsonLd(act: ActProfile, url: URL): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "MusicGroup",
    name: act.name,
    url: url.href,
    description: act.bio ?? undefined,
    image: act.photoUrl ? new URL(act.photoUrl, url).href : undefined,
    genre: act.genres.map((slug) => genreBySlug(slug)?.label ?? slug),
    knowsLanguage: act.languages,
    location: act.city ? { "@type": "Place", address: postalAddress(act) } : undefined,
    member: act.kind === "band"
      ? act.members.map((m) => ({
        "@type": "OrganizationRole",
        member: { "@type": "Person", name: m.name },
        roleName: m.role ?? undefined,
      }))
      : undefined,
    makesOffer: {
      "@type": "Offer",
      name: "Live performance",
      priceSpecification: {
        "@type": "PriceSpecification",
        minPrice: price(act.budgetMin),
        maxPrice: price(act.budgetPremium),
        priceCurrency: act.currency,
      },
    },
  };
}

export function venueJsonLd(venue: VenueProfile, url: URL): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "MusicVenue",
    name: venue.name,
    url: url.href,
    description: venue.description ?? undefined,
    image: venue.photoUrl ? new URL(venue.photoUrl, url).href : undefined,
    maximumAttendeeCapacity: venue.capacity,
    address: postalAddress(venue, venue.address),
    amenityFeature: venue.amenities.map((a) => ({
      "@type": "LocationFeatureSpecification",
      name: a.replaceAll("_", " "),
      value: true,
    })),
  };
}

/**
 * An organizer's page: a ProfilePage about a Person (an organizer may be a
 * company, but the account is a person's), with only what the page shows.
 */
export function organizerJsonLd(organizer: OrganizerProfile, url: URL): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "ProfilePage",
    url: url.href,
    mainEntity: {
      "@type": "Person",
      name: organizer.name,
      url: url.href,
      address: organizer.city ? postalAddress(organizer) : undefined,
    },
  };
}
