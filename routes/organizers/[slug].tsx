import { page } from "fresh";
import { JsonLd } from "../../components/JsonLd.tsx";
import { ProfileHeader, ProfileSection } from "../../components/ProfileHeader.tsx";
import { PublicReviewList } from "../../components/Reviews.tsx";
import { organizerJsonLd } from "../../components/schema_org.ts";
import { countOf } from "../../domain/plural.ts";
import { formatMonth } from "../../domain/time_format.ts";
import { organizerProfile } from "../../services/trust/organizer_profile.ts";
import { define } from "../../utils.ts";

/**
 * An organizer's public page, for acts deciding whether to take their booking: their trust score, how many
 * bookings they completed, whether they paid on time, and what the acts they booked said of them.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const organizer = await organizerProfile(ctx.state.db, ctx.params.slug, ctx.state.deps.now());
    const url = new URL(`/organizers/${organizer.slug}`, ctx.state.deps.origin);
    ctx.state.title = `${organizer.name}, organizer`;
    ctx.state.description = `${organizer.name} organizes live music${
      organizer.city ? ` in ${organizer.city}` : ""
    } on Artist Space: trust score ${organizer.trustScore.toFixed(0)}, ${
      countOf(organizer.completedBookings, "completed booking")
    }, ${countOf(organizer.reviews.summary.count, "review")} by the acts they booked.`;
    ctx.state.meta = { canonicalPath: url.pathname, type: "profile", image: null };
    return page({ organizer, jsonLd: organizerJsonLd(organizer, url) });
  },
});

export default define.page<typeof handler>(function Organizer({ data: { organizer, jsonLd } }) {
  const { payments } = organizer;
  return (
    <article class="max-w-3xl mx-auto px-4 py-6 grid gap-4">
      <ProfileHeader
        name={organizer.name}
        subtitle={[
          "Organizer",
          organizer.city && `${organizer.city}, ${organizer.state}`,
          `member since ${formatMonth(organizer.memberSince)}`,
        ].filter(Boolean).join(" · ")}
        verified={false}
        trust={{
          score: organizer.trustScore,
          completedBookings: organizer.completedBookings,
          reviewCount: organizer.reviews.summary.count,
          quickToRespond: organizer.quickToRespond,
        }}
        photoUrl={null}
      />
      <ProfileSection title="Payments">
        <p class="text-sm" data-testid="payment-timeliness">
          {payments.total === 0
            ? "No payments through Artist Space yet."
            : `Paid on time: ${payments.onTime} of ${countOf(payments.total, "payment")} (${
              Math.round(payments.onTime / payments.total * 100)
            }%).`}
        </p>
        <p class="text-xs text-ink-500">
          A deposit or milestone is on time before the show starts, the balance within a week of its end.
        </p>
      </ProfileSection>
      <ProfileSection title="What acts said">
        <PublicReviewList reviews={organizer.reviews} />
      </ProfileSection>
      <JsonLd data={jsonLd} />
    </article>
  );
});
