/**
 * A subject's trust as the public sees it: the score, the completed bookings
 * and reviews it counted, and the "Quick to respond" badge (the "Verified"
 * one sits after the name, VerifiedBadge.tsx). Nothing private: no
 * cancellations, no amounts.
 */
import { countOf } from "../domain/plural.ts";

export interface PublicTrust {
  score: number;
  completedBookings: number;
  /** Null where a subject is not reviewed (venues have their shows' reviews instead). */
  reviewCount: number | null;
  quickToRespond: boolean;
}

/** Answers requests and offers within a day, as a badge; the hidden comma parts it for screen readers. */
export function QuickToRespondBadge() {
  return (
    <>
      <span class="sr-only">,</span>
      <span class="text-xs rounded bg-blue-100 text-blue-800 px-1.5 py-0.5 whitespace-nowrap">
        Quick to respond
      </span>
    </>
  );
}

/** What the score counted, in words: "14 completed bookings · 9 reviews", each kept on one line. */
function counted(trust: Omit<PublicTrust, "score">): string {
  return [
    countOf(trust.completedBookings, "completed booking"),
    trust.reviewCount !== null && countOf(trust.reviewCount, "review"),
  ].filter((part) => part !== false).map((part) => part.replaceAll(" ", "\u00a0")).join(" · ");
}

/**
 * One line under a profile's name: "★ 72 trust score · 14 completed bookings · 9 reviews" and the badge,
 * one run of text so a narrow screen wraps it between words.
 */
export function TrustSummary({ trust }: { trust: PublicTrust }) {
  return (
    <p class="text-sm text-ink-500 flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="trust-summary">
      <span>
        <span title="Trust score">★ {trust.score.toFixed(0)} trust score</span> · {counted(trust)}
      </span>
      {trust.quickToRespond && <QuickToRespondBadge />}
    </p>
  );
}

/** The same for a search result card, smaller; its score is already in the card's corner. */
export function CardTrust({ trust }: { trust: Omit<PublicTrust, "score"> }) {
  return (
    <p class="text-xs text-ink-500 flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="card-trust">
      <span>{counted(trust)}</span>
      {trust.quickToRespond && <QuickToRespondBadge />}
    </p>
  );
}
