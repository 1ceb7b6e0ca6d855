import { formatMoney } from "../domain/money_format.ts";
import { genreBySlug } from "../domain/genres.ts";
import { languageName } from "../domain/languages.ts";
import { countOf } from "../domain/plural.ts";
import { SOCIAL_LABELS, SOCIAL_PLATFORMS } from "../domain/social_links.ts";
import type { ActProfile } from "../services/catalog/profiles.ts";
import type { PortfolioItemView } from "../services/catalog/portfolio.ts";
import type { PublicReviews } from "../services/reviews/read.ts";
import { JsonLd } from "./JsonLd.tsx";
import { PublicReviewList } from "./Reviews.tsx";
import { Portfolio } from "./Portfolio.tsx";
import { EditLink, ProfileHeader, ProfileSection } from "./ProfileHeader.tsx";

const genreLabel = (slug: string) => genreBySlug(slug)?.label ?? slug;

/** The page description: what an act is, where, and from what fee, in one line for search results. */
export function actDescription(act: ActProfile): string {
  const what = act.genres.length > 0 ? act.genres.map(genreLabel).join(", ") : "live music";
  const kind = act.kind === "band" ? "band" : "artist";
  const where = act.city ? ` from ${act.city}, ${act.state}` : "";
  return `${act.name}: ${what} ${kind}${where}. Book from ${
    formatMoney(act.budgetMin, act.currency)
  } on Artist Space.`;
}

/**
 * Everything an organiser needs to decide on an act, shared by the artist
 * and band pages: fees, genres, languages, reach, and for a band its members.
 */
export function ActProfileBody(
  { act, jsonLd, portfolio, canEdit, reviews }: {
    act: ActProfile;
    /** What organizers who booked it said, as the public may read it. */
    reviews: PublicReviews;
    jsonLd: Record<string, unknown>;
    portfolio: PortfolioItemView[];
    /** The viewer owns the act (or is an admin): show the way to the edit page. */
    canEdit: boolean;
  },
) {
  const place = act.city ? `${act.city}, ${act.state}` : null;
  // Only https links reach the table (services/catalog/acts.ts); the check keeps it that way here too.
  const links = SOCIAL_PLATFORMS.flatMap((p) => {
    const url = act.socialLinks[p];
    return url?.startsWith("https://") ? [[p, url] as const] : [];
  });
  const fees = [
    ["Starting at", act.budgetMin],
    ["Standard", act.budgetStandard],
    ["Premium", act.budgetPremium],
  ] as const;
  return (
    <article class="max-w-3xl mx-auto px-4 py-6 grid gap-4">
      <ProfileHeader
        name={act.name}
        subtitle={[act.kind === "band" ? "Band" : "Solo artist", place].filter(Boolean).join(" · ")}
        verified={act.isVerified}
        trust={{
          score: act.trustScore,
          completedBookings: act.completedBookings,
          reviewCount: act.reviewCount,
          quickToRespond: act.quickToRespond,
        }}
        photoUrl={act.photoUrl}
      >
        <p class="text-lg font-semibold text-saffron-700" data-testid="fee">
          From {formatMoney(act.budgetMin, act.currency)}
        </p>
        {canEdit ? <EditLink href={`/artists/${act.slug}/edit`} /> : (
          <a
            href={`/bookings/new?act=${act.slug}`}
            class="inline-block rounded-lg bg-saffron-500 text-ink-900 font-semibold px-4 py-2"
            data-testid="request-booking"
          >
            Request a booking
          </a>
        )}
      </ProfileHeader>
      <ProfileSection title="Fees">
        <dl class="grid grid-cols-3 gap-2 text-center">
          {fees.map(([label, amount]) => (
            <div key={label} class="rounded-lg bg-ink-50 p-2">
              <dt class="text-xs text-ink-500">{label}</dt>
              <dd class="text-sm sm:text-base font-semibold">{formatMoney(amount, act.currency)}</dd>
            </div>
          ))}
        </dl>
      </ProfileSection>
      {act.bio && (
        <ProfileSection title="About">
          <p class="whitespace-pre-line">{act.bio}</p>
        </ProfileSection>
      )}
      <ProfileSection title="Details">
        <ul class="text-sm grid gap-1">
          {act.genres.length > 0 && (
            <li>
              Genres: {act.genres.map((slug, i) => (
                <span key={slug}>
                  {i > 0 && ", "}
                  <a href={`/artists?genre=${slug}`} class="underline">{genreLabel(slug)}</a>
                </span>
              ))}
            </li>
          )}
          {act.languages.length > 0 && <li>Languages: {act.languages.map(languageName).join(", ")}</li>}
          {act.yearsExperience !== null && <li>{countOf(act.yearsExperience, "year")} on stage</li>}
          {act.travelRadiusKm !== null && place && (
            <li>Travels up to {act.travelRadiusKm} km from {act.city}</li>
          )}
        </ul>
      </ProfileSection>
      {links.length > 0 && (
        <ProfileSection title="Elsewhere">
          <ul class="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid="social-links">
            {links.map(([platform, url]) => (
              <li key={platform}>
                <a href={url} rel="nofollow noopener" class="underline">{SOCIAL_LABELS[platform]}</a>
              </li>
            ))}
          </ul>
        </ProfileSection>
      )}
      {act.kind === "band" && (
        <ProfileSection title="Members">
          {act.members.length === 0
            ? <p class="text-sm text-ink-500">The band has not listed its members yet.</p>
            : (
              <ul class="text-sm grid gap-1" data-testid="members">
                {act.members.map((m, i) => (
                  <li key={i}>
                    <span class="font-semibold">{m.name}</span>
                    {m.role && <span class="text-ink-500">· {m.role}</span>}
                  </li>
                ))}
              </ul>
            )}
          {canEdit && (
            <a href={`/bands/${act.slug}/members`} class="mt-2 inline-block text-sm underline">
              Invite or remove members
            </a>
          )}
        </ProfileSection>
      )}
      <Portfolio actId={act.id} items={portfolio} />
      <ProfileSection title="Reviews">
        <PublicReviewList reviews={reviews} />
      </ProfileSection>
      <JsonLd data={jsonLd} />
    </article>
  );
}
