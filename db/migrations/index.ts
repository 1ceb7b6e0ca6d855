/**
 * Every migration, in order. A static list (not a directory scan) so it
 * survives bundling and `deno compile`. Names are history: never rename one.
 */
import type { Migration } from "kysely/migration";
import identity from "./0001_identity.ts";
import geography from "./0002_geography.ts";
import auth from "./0003_auth.ts";
import outbox from "./0004_outbox.ts";
import rateLimits from "./0005_rate_limits.ts";
import catalog from "./0006_catalog.ts";
import photoSize from "./0007_photo_size.ts";
import bookings from "./0008_bookings.ts";
import portfolio from "./0009_portfolio.ts";
import bookingDisputed from "./0010_booking_disputed.ts";
import loginCodes from "./0011_login_codes.ts";
import cityAliases from "./0012_city_aliases.ts";
import rateLimitRelease from "./0013_rate_limit_release.ts";
import languageCodes from "./0016_language_codes.ts";
import contracts from "./0017_contracts.ts";
import payments from "./0018_payments.ts";
import payouts from "./0019_payouts.ts";
import billingDetails from "./0020_billing_details.ts";
import messages from "./0021_messages.ts";
import calls from "./0022_calls.ts";
import p2pCalls from "./0023_p2p_calls.ts";
import reviews from "./0024_reviews.ts";
import trustScores from "./0025_trust_scores.ts";
import publicTrust from "./0026_public_trust.ts";
import verificationRequests from "./0027_verification_requests.ts";
import suspensionsJobRuns from "./0028_suspensions_job_runs.ts";
import passkeys from "./0029_passkeys.ts";
import push from "./0030_push.ts";
import searchAtScale from "./0031_search_at_scale.ts";
import searchTierRemainders from "./0032_search_tier_remainders.ts";

export const migrations: Readonly<Record<string, Migration>> = {
  "0001_identity": identity,
  "0002_geography": geography,
  "0003_auth": auth,
  "0004_outbox": outbox,
  "0005_rate_limits": rateLimits,
  "0006_catalog": catalog,
  "0007_photo_size": photoSize,
  "0008_bookings": bookings,
  "0009_portfolio": portfolio,
  "0010_booking_disputed": bookingDisputed,
  "0011_login_codes": loginCodes,
  "0012_city_aliases": cityAliases,
  "0013_rate_limit_release": rateLimitRelease,
  "0016_language_codes": languageCodes,
  "0017_contracts": contracts,
  "0018_payments": payments,
  "0019_payouts": payouts,
  "0020_billing_details": billingDetails,
  "0021_messages": messages,
  "0022_calls": calls,
  "0023_p2p_calls": p2pCalls,
  "0024_reviews": reviews,
  "0025_trust_scores": trustScores,
  "0026_public_trust": publicTrust,
  "0027_verification_requests": verificationRequests,
  "0028_suspensions_job_runs": suspensionsJobRuns,
  "0029_passkeys": passkeys,
  "0030_push": push,
  "0031_search_at_scale": searchAtScale,
  "0032_search_tier_remainders": searchTierRemainders,
};
