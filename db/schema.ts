/**
 * Table types for Kysely: the one place that says what the database holds.
 * Keep in step with db/migrations/. `Generated<T>` marks columns the database
 * fills in (defaults, identities, triggers).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// The lists of values the columns hold live in domain/, with the rules about them.
import type { BookingState } from "../domain/booking_machine.ts";
import type { ActKind, BandMemberStatus, PortfolioKind, VenueType } from "../domain/catalog.ts";
import type { ChainParty, ContractEventType } from "../domain/contract_chain.ts";
import type { ContractDocument } from "../domain/contract_document.ts";
import type { ContractState } from "../domain/contract_machine.ts";
import type { SignatureEvidence } from "../domain/contract_text.ts";
import type { HoldStatus } from "../domain/holds.ts";
import type { MediaProvider } from "../domain/media_links.ts";
import type { OfferStatus } from "../domain/negotiation.ts";
import type { ReviewSide } from "../domain/reviews.ts";
import type { GatewayName, PaymentStatus, PaymentType } from "../domain/payment_status.ts";
import type { PostingKind } from "../domain/ledger.ts";
import type { ApplicationStatus, OpportunityStatus } from "../domain/opportunity_rules.ts";
import type { Gender, UserStatus } from "../domain/people.ts";
import type { ConversationKind, MessageKind } from "../domain/conversations.ts";
import type { CallEndReason, CallEventKind, CallStatus, CallTransport } from "../domain/calls.ts";
import type { RoleName } from "../domain/roles.ts";
import type { VerificationStatus } from "../domain/verification.ts";

/** timestamptz: read as Date, written as Date or ISO string, defaulted by the database. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface UsersTable {
  id: Generated<string>;
  username: string | null;
  email: string;
  password_hash: string | null;
  phone: string | null;
  display_name: string | null;
  first_name: string | null;
  last_name: string | null;
  gender: Gender | null;
  date_of_birth: ColumnType<Date | null, string | null | undefined, string | null>;
  status: Generated<UserStatus>;
  locale: string | null;
  currency: Generated<string>;
  timezone: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  metadata: Json;
  /** The person's trust score as an organizer (0025_trust_scores). */
  trust_score: Score;
  /** The address of their organizer page, /organizers/<slug>: set by a trigger on insert, never changed (0026). */
  public_slug: Generated<string>;
  /** As an organizer: what the score counted, and its badge (0026_public_trust). */
  completed_bookings: Generated<number>;
  review_count: Generated<number>;
  quick_to_respond: Generated<boolean>;
}

export interface RolesTable {
  id: Generated<string>;
  name: RoleName;
  description: string | null;
}

export interface UserRolesTable {
  user_id: string;
  role_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
}

export interface CountriesTable {
  country_id: Generated<number>;
  name: string;
  iso2: string;
  iso3: string | null;
  currency_code: string | null;
  phone_code: string | null;
  lat: number | null;
  lon: number | null;
}

export interface StatesTable {
  state_id: Generated<number>;
  country_id: number;
  name: string;
  iso_code: string;
  lat: number | null;
  lon: number | null;
}

export interface CitiesTable {
  city_id: Generated<number>;
  state_id: number;
  name: string;
  lat: number | null;
  lon: number | null;
  /** From GeoNames (0012_city_aliases); null where it has no figure, e.g. for a district. */
  population: number | null;
}

/** Other names people use for a city: former, official or everyday (0012_city_aliases). */
export interface CityAliasesTable {
  city_id: number;
  alias: string;
  /** Where the name comes from, e.g. "renamed by the Government of Maharashtra, 1995". */
  source: string;
}

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE on it. */
export interface AuditLogsTable {
  id: Generated<string>;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  diff: ColumnType<Record<string, unknown> | null, string | null | undefined, never>;
  ip: string | null;
  user_agent: string | null;
  at: Timestamp;
}

export type SessionKind = "browser" | "api";

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  kind: SessionKind;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface RefreshTokensTable {
  token_hash: Uint8Array;
  session_id: string;
  created_at: Timestamp;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export type AccountTokenPurpose = "verify_email" | "reset_password" | "login_code";

export interface AccountTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: AccountTokenPurpose;
  /** Null for a login code, which is typed, never followed as a link. */
  token_hash: Uint8Array | null;
  code_hash: Uint8Array | null;
  attempts: Generated<number>;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type PasskeyDeviceType = "singleDevice" | "multiDevice";

/** A WebAuthn credential's public half (db/migrations/0029_passkeys.ts). */
export interface PasskeysTable {
  id: Generated<string>;
  user_id: string;
  /** base64url, as the authenticator names it. */
  credential_id: string;
  /** COSE-encoded. */
  public_key: Uint8Array;
  sign_count: ColumnType<number, number | undefined, number>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  device_type: PasskeyDeviceType;
  backed_up: boolean;
  name: string;
  created_at: Timestamp;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type WebauthnChallengePurpose = "registration" | "authentication";

/** Single use: spent by the statement that deletes it. */
export interface WebauthnChallengesTable {
  challenge: string;
  purpose: WebauthnChallengePurpose;
  user_id: string | null;
  session_id: string | null;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface PasswordHistoryTable {
  id: Generated<string>;
  user_id: string;
  password_hash: string;
  created_at: Timestamp;
}

/** Fixed-window counters of services/rate_limit.ts; `key` holds a hash of the subject. */
export interface RateLimitsTable {
  key: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  hits: number;
}

export type OutboxChannel = "email" | "sms" | "push";
export type OutboxStatus = "pending" | "sent" | "failed";

/**
 * Messages awaiting delivery; `payload` is sealed (lib/sealed.ts) and wiped once sent. A push row's
 * `recipient` is its push subscription's id and its `template` the push type.
 */
export interface OutboxTable {
  id: Generated<string>;
  channel: OutboxChannel;
  recipient: string;
  template: string;
  payload: Uint8Array | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Written by triggers or generated (db/migrations/0006_catalog.ts, 0031_search_at_scale.ts); never by the application. */
type SearchDocument = ColumnType<string, never, never>;
/** int8 minor units (paise): read as a number while exact (db/client.ts). */
type Money = ColumnType<number, number | bigint, number | bigint>;
/** numeric(5,2): read as a string on every driver, so it stays exact. */
type Score = ColumnType<string, number | string | undefined, number | string>;

export interface GenresTable {
  id: Generated<number>;
  slug: string;
  label: string;
}

/** A bookable act: a solo artist (`owner_id` is the artist) or a band (`owner_id` is its manager). */
export interface ActsTable {
  id: Generated<string>;
  kind: ActKind;
  owner_id: string;
  name: string;
  slug: string;
  bio: string | null;
  years_experience: number | null;
  budget_min: Money;
  budget_standard: Money;
  budget_premium: Money;
  currency: Generated<string>;
  trust_score: Score;
  /** What the score counted, and its badge (0026_public_trust). */
  completed_bookings: Generated<number>;
  review_count: Generated<number>;
  quick_to_respond: Generated<boolean>;
  is_verified: Generated<boolean>;
  photo_url: string | null;
  /** Pixel size of the photo, when known (both or neither). */
  photo_width: number | null;
  photo_height: number | null;
  home_city_id: number | null;
  travel_radius_km: number | null;
  /** ISO 639-1 codes. */
  languages: ColumnType<string[], string[] | undefined, string[]>;
  social_links: Json;
  riders: string | null;
  search_document: SearchDocument;
  name_document: SearchDocument;
  card_document: SearchDocument;
  /** The card's words beyond the name, and the document's beyond the card (0032_search_tier_remainders). */
  card_rest_document: SearchDocument;
  rest_document: SearchDocument;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActGenresTable {
  act_id: string;
  genre_id: number;
}

export interface BandMembersTable {
  act_id: string;
  user_id: string;
  /** Instrument or role in the band. */
  role: string | null;
  /** Share of the band's fee in basis points (10000 = all of it). */
  fee_share_bps: number | null;
  status: Generated<BandMemberStatus>;
  invited_by: string | null;
  invited_at: Timestamp;
  responded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface VenuesTable {
  id: Generated<string>;
  owner_id: string;
  name: string;
  slug: string;
  description: string | null;
  capacity: number;
  venue_type: VenueType;
  city_id: number | null;
  address: string | null;
  amenities: ColumnType<string[], string[] | undefined, string[]>;
  tech_specs: Json;
  trust_score: Score;
  /** What the score counted, and its badge (0026_public_trust); venues are not reviewed. */
  completed_bookings: Generated<number>;
  quick_to_respond: Generated<boolean>;
  is_verified: Generated<boolean>;
  photo_url: string | null;
  /** Pixel size of the photo, when known (both or neither). */
  photo_width: number | null;
  photo_height: number | null;
  search_document: SearchDocument;
  name_document: SearchDocument;
  card_document: SearchDocument;
  /** The card's words beyond the name, and the document's beyond the card (0032_search_tier_remainders). */
  card_rest_document: SearchDocument;
  rest_document: SearchDocument;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Times an act cannot be booked; search's "available on" filter honours them. */
export interface ActBlocksTable {
  id: Generated<string>;
  act_id: string;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  ends_at: ColumnType<Date, Date | string, Date | string>;
  reason: string | null;
  created_at: Timestamp;
}

export type BookingParty = "act" | "organizer";
export type TimelineParty = BookingParty | "admin" | "system";

/** A timestamptz the application always sets. */
type Instant = ColumnType<Date, Date | string, Date | string>;
type NullableInstant = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** Set by a trigger from other columns (db/migrations/0008_bookings.ts). */
type Derived<T> = ColumnType<T, never, never>;

/** Terms every offer carries and the booking keeps (the agreed ones once confirmed). */
interface OfferTermColumns {
  travel: Generated<"organizer" | "act" | "shared">;
  accommodation: Generated<"organizer" | "act" | "none">;
  sound: Generated<"venue" | "organizer" | "act">;
  cancellation_tier: Generated<"flexible" | "standard" | "strict">;
}

export interface OpportunitiesTable {
  id: Generated<string>;
  organizer_id: string;
  title: string;
  description: string | null;
  starts_at: Instant;
  duration_minutes: number;
  venue_id: string | null;
  city_id: number | null;
  address: string | null;
  budget_min: Money;
  budget_max: Money;
  currency: Generated<string>;
  requirements: string | null;
  application_deadline: Instant;
  status: Generated<OpportunityStatus>;
  search_document: SearchDocument;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OpportunityGenresTable {
  opportunity_id: string;
  genre_id: number;
}

export interface BookingsTable extends OfferTermColumns {
  id: Generated<string>;
  act_id: string;
  organizer_id: string;
  opportunity_id: string | null;
  venue_id: string | null;
  city_id: number | null;
  address: string | null;
  title: string;
  status: Generated<BookingState>;
  starts_at: Instant;
  duration_minutes: number;
  ends_at: Derived<Date>;
  travel_buffer_minutes: Generated<number>;
  /** The performance plus the travel buffer on each side, as a range literal. */
  occupancy: Derived<string>;
  fee: Money;
  currency: Generated<string>;
  deposit_bps: Generated<number>;
  offers_made: Generated<number>;
  paid: ColumnType<number, number | bigint | undefined, number | bigint>;
  refund_due: ColumnType<number, number | bigint | undefined, number | bigint>;
  /** The cancellation split (domain/cancellation_policy.ts) when cancelled after confirmation. */
  cancellation: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** The organizer's opening message. */
  message: string | null;
  /** A dispute was raised once; the ruling on it is final (0010). */
  disputed: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BookingOffersTable extends OfferTermColumns {
  booking_id: string;
  round: number;
  made_by: BookingParty;
  made_by_user: string | null;
  fee: Money;
  currency: string;
  deposit_bps: number;
  starts_at: Instant;
  duration_minutes: number;
  note: string | null;
  expires_at: Instant;
  status: Generated<OfferStatus>;
  created_at: Timestamp;
  closed_at: NullableInstant;
}

/** The booking timeline: append-only. */
export interface BookingEventsTable {
  id: Generated<string>;
  booking_id: string;
  actor_id: string | null;
  party: TimelineParty;
  event: string;
  from_status: BookingState | null;
  to_status: BookingState;
  detail: Json;
  created_at: Timestamp;
}

/** A booking's performance agreement (0014_contracts); its rules are domain/contract_machine.ts. */
export interface ContractsTable {
  id: Generated<string>;
  booking_id: string;
  /** The template id of the document. */
  contract_type: string;
  version: Generated<number>;
  /** The current version's document, exactly as hashed. */
  terms: ColumnType<ContractDocument, string, string>;
  document_hash: string;
  status: Generated<ContractState>;
  artist_signature: SignatureColumn;
  artist_signed_at: NullableInstant;
  promoter_signature: SignatureColumn;
  promoter_signed_at: NullableInstant;
  sent_at: NullableInstant;
  voided_at: NullableInstant;
  void_reason: string | null;
  /** The sealed PDF's private storage key, once both have signed. */
  pdf_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

type SignatureColumn = ColumnType<SignatureEvidence | null, string | null | undefined, string | null>;

/** Append-only hash chain of a contract's events (domain/contract_chain.ts). */
export interface ContractEventsTable {
  id: Generated<string>;
  contract_id: string;
  seq: number;
  event: ContractEventType;
  actor_id: string | null;
  party: ChainParty;
  detail: Json;
  at: Instant;
  prev_hash: string;
  hash: string;
}

/** What an organizer paid (or set out to pay) towards a booking (0018_payments). */
export interface PaymentsTable {
  id: Generated<string>;
  booking_id: string;
  payer_id: string;
  payee_id: string;
  amount: Money;
  currency: string;
  payment_type: PaymentType;
  status: Generated<PaymentStatus>;
  gateway: GatewayName;
  /** `booking:<id>:<type>:<n>`: the same operation never makes two checkouts. */
  idempotency_key: string;
  /** The gateway's checkout: a Razorpay order, a Stripe Checkout Session, a sandbox checkout. */
  checkout_ref: string | null;
  /** The gateway's payment id once paid. */
  gateway_transaction_id: string | null;
  gateway_response: Json;
  method: string | null;
  gateway_fee: ColumnType<number, number | bigint | undefined, number | bigint>;
  refunded_amount: ColumnType<number, number | bigint | undefined, number | bigint>;
  failure_reason: string | null;
  initiated_at: Timestamp;
  completed_at: NullableInstant;
  metadata: Json;
  updated_at: Timestamp;
}

export type RefundReason = "cancellation" | "ruling" | "admin" | "unapplied";
export type RefundStatus = "requested" | "processed" | "failed";

export interface PaymentRefundsTable {
  id: Generated<string>;
  payment_id: string;
  booking_id: string;
  amount: Money;
  currency: string;
  reason: RefundReason;
  status: Generated<RefundStatus>;
  refund_ref: string | null;
  requested_by: string | null;
  note: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  processed_at: NullableInstant;
}

/** Append-only: domain/ledger.ts's postings as applied. */
export interface LedgerPostingsTable {
  id: string;
  /** The order postings were applied in (0019). */
  seq: Generated<string>;
  booking_id: string;
  currency: string;
  kind: PostingKind;
  payment_id: string | null;
  refund_id: string | null;
  created_at: Timestamp;
}

export interface LedgerEntriesTable {
  posting_id: string;
  seq: number;
  booking_id: string;
  account: string;
  amount: Money;
}

/** Who is paid out where: a gateway account an admin entered once the gateway verified its holder. */
export interface PayoutAccountsTable {
  user_id: string;
  gateway: GatewayName;
  account_ref: string;
  created_by: string | null;
  created_at: Timestamp;
}

export type PayoutStatus = "scheduled" | "held" | "released" | "cancelling" | "cancelled";

export interface PayoutsTable {
  id: Generated<string>;
  booking_id: string;
  payee_id: string;
  /** The captured payment the transfer is made from. */
  payment_id: string;
  amount: Money;
  currency: string;
  gateway: GatewayName;
  destination: string;
  /** From a band member's share (member_payable) rather than the act's own payable. */
  from_member_share: boolean;
  status: Generated<PayoutStatus>;
  transfer_ref: string | null;
  hold_until: Instant;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  released_at: NullableInstant;
}

/** How a payer is named on GST invoices (0020_billing_details). */
export interface BillingDetailsTable {
  user_id: string;
  legal_name: string;
  address: string;
  state_code: string;
  gstin: string | null;
  updated_at: Timestamp;
}

export interface GatewayEventsTable {
  gateway: GatewayName;
  event_id: string;
  type: string;
  fact: ColumnType<Record<string, unknown> | null, string | null, never>;
  received_at: Timestamp;
}

export interface InvoiceSerialsTable {
  financial_year: string;
  last_serial: number;
}

export interface InvoicesTable {
  id: Generated<string>;
  payment_id: string;
  number: string;
  financial_year: string;
  serial: number;
  issued_at: Instant;
  document: Json;
  pdf_key: string | null;
}

export interface ApplicationsTable {
  id: Generated<string>;
  opportunity_id: string;
  act_id: string;
  applicant_id: string;
  pitch: string;
  proposed_fee: Money;
  currency: string;
  status: Generated<ApplicationStatus>;
  booking_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActHoldsTable {
  id: Generated<string>;
  act_id: string;
  holder_id: string;
  booking_id: string | null;
  /** A calendar date: written as "YYYY-MM-DD", read as UTC midnight of that date (db/client.ts). */
  hold_date: ColumnType<Date, string, string>;
  rank: number;
  status: Generated<HoldStatus>;
  expires_at: Instant;
  note: string | null;
  created_at: Timestamp;
  ended_at: NullableInstant;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: string | null;
  /** A path inside the site. */
  link: string | null;
  read_at: NullableInstant;
  created_at: Timestamp;
}

export interface CalendarFeedsTable {
  user_id: string;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A person's long-lived keys; `backup` is the identity's secrets sealed under their recovery key. */
export interface E2eeIdentitiesTable {
  id: string;
  user_id: string;
  sign_key: string;
  box_key: string;
  backup: Json;
  created_at: Timestamp;
  superseded_at: NullableInstant;
}

/** The device list as its identity signed it: `document` is the exact signed JSON text. */
export interface E2eeDeviceListsTable {
  user_id: string;
  identity_id: string;
  version: number;
  document: string;
  signature: string;
  updated_at: Timestamp;
}

export interface E2eeDevicesTable {
  id: string;
  user_id: string;
  identity_id: string;
  sign_key: string;
  box_key: string;
  created_at: Timestamp;
  retired_at: NullableInstant;
}

export interface ConversationsTable {
  id: Generated<string>;
  kind: ConversationKind;
  booking_id: string | null;
  application_id: string | null;
  user_low: string | null;
  user_high: string | null;
  last_seq: Generated<number>;
  last_message_at: NullableInstant;
  created_at: Timestamp;
}

/** A conversation's call (0022_calls, 0023_p2p_calls); `room_name` is random, never derived from an id. */
export interface CallsTable {
  id: Generated<string>;
  conversation_id: string;
  started_by: string | null;
  transport: CallTransport;
  room_name: string;
  status: Generated<CallStatus>;
  started_at: Timestamp;
  ended_at: NullableInstant;
  /** A peer-to-peer call: when someone answered. */
  answered_at: NullableInstant;
  /** A peer-to-peer call: when its people last said they were still in it. */
  alive_at: NullableInstant;
  end_reason: ColumnType<CallEndReason | null, CallEndReason | null | undefined, CallEndReason | null>;
}

/**
 * Who joined, left or declined a call: from a LiveKit webhook (its id), or
 * for a peer-to-peer call from the device that did it.
 */
export interface CallEventsTable {
  id: Generated<string>;
  call_id: string;
  user_id: string | null;
  kind: CallEventKind;
  webhook_id: string | null;
  device_id: string | null;
  at: Date;
}

/**
 * A review of one side of a completed booking by the other (0024_reviews); its rules are
 * domain/reviews.ts. The organizer reviews the act (`subject_act_id`), the act the organizer
 * (`subject_user_id`); the three categories of the other side stay null.
 */
export interface ReviewsTable {
  id: Generated<string>;
  booking_id: string;
  author_id: string | null;
  side: ReviewSide;
  subject_act_id: string | null;
  subject_user_id: string | null;
  overall: number;
  punctuality: number | null;
  performance_as_described: number | null;
  professionalism: number | null;
  paid_on_time: number | null;
  hospitality_and_sound: number | null;
  communication: number | null;
  text: string;
  submitted_at: Date;
  reply: string | null;
  replied_at: Date | null;
  hidden_at: Date | null;
  hidden_by: string | null;
  hidden_reason: string | null;
}

/** A person's report of a review, once each; reported reviews are the moderation queue. */
export interface ReviewReportsTable {
  id: Generated<string>;
  review_id: string;
  reporter_id: string;
  reason: string;
  created_at: Generated<Date>;
  /** Staff dismissed the report (0027): it was handled and the review stays up. */
  dismissed_at: Date | null;
  dismissed_by: string | null;
}

/** A call's signal, sealed end to end to the devices it names; deleted when the call ends. */
export interface CallSignalsTable {
  id: Generated<number>;
  call_id: string;
  sender_id: string;
  client_id: string;
  envelope: ColumnType<Record<string, unknown>, string, string>;
  device_ids: string[];
  sent_at: Date;
}

/** LiveKit webhooks already received, by their id: a redelivery is recognised and changes nothing. */
export interface LiveKitWebhooksTable {
  id: string;
  event: string;
  received_at: Timestamp;
}

export interface MessagesTable {
  id: Generated<string>;
  conversation_id: string;
  seq: number;
  kind: Generated<MessageKind>;
  sender_id: string;
  client_id: string | null;
  sender_device_id: string | null;
  nonce: string | null;
  body: string | null;
  /** Recipient key id → that key's sealed copy of the message key. */
  keys: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  signature: string | null;
  franking_tag: string | null;
  server_tag: string | null;
  recipient_ids: ColumnType<string[], string[] | undefined, string[]>;
  attachment_ids: ColumnType<string[], string[] | undefined, string[]>;
  sent_at: Timestamp;
}

export interface ConversationReadsTable {
  conversation_id: string;
  user_id: string;
  delivered_seq: Generated<number>;
  read_seq: Generated<number>;
  notified_seq: Generated<number>;
  digested_seq: Generated<number>;
}

export interface MessageAttachmentsTable {
  id: Generated<string>;
  conversation_id: string;
  uploader_id: string;
  storage_key: string;
  size_bytes: number;
  created_at: Timestamp;
}

export interface MessageDisclosuresTable {
  id: Generated<string>;
  message_id: string;
  disclosed_by: string;
  content: string;
  franking_key: string;
  verified: boolean;
  problem: string | null;
  created_at: Timestamp;
}

export type TrustSubjectType = "act" | "venue" | "organizer";

/** Every change of a trust score, why, and the event behind it (0025_trust_scores); append-only. */
export interface TrustScoreHistoryTable {
  id: Generated<string>;
  subject_type: TrustSubjectType;
  subject_id: string;
  old_score: ColumnType<string, number | string, never>;
  new_score: ColumnType<string, number | string, never>;
  reason: string;
  booking_id: string | null;
  event: string | null;
  at: Timestamp;
}

/** Why and by whom a person was suspended, and who lifted it (0028_suspensions_job_runs). */
export interface UserSuspensionsTable {
  id: Generated<string>;
  user_id: string;
  reason: string;
  /** What reinstating returns the account to. */
  status_before: "pending_verification" | "active";
  suspended_by: string | null;
  suspended_at: Timestamp;
  lifted_at: NullableInstant;
  lifted_by: string | null;
  lift_note: string | null;
}

export type JobRunStatus = "running" | "succeeded" | "failed";

/** Each run of a background job (server/jobs.ts), the newest few hundred per job (0028_suspensions_job_runs). */
export interface JobRunsTable {
  id: Generated<string>;
  job: string;
  status: Generated<JobRunStatus>;
  started_at: ColumnType<Date, Date | string, never>;
  finished_at: NullableInstant;
  result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  error: string | null;
}

/** An owner's request that staff verify their act or venue (0027_verification_requests; domain/verification.ts). */
export interface VerificationRequestsTable {
  id: Generated<string>;
  /** Exactly one of the two. */
  act_id: string | null;
  venue_id: string | null;
  requested_by: string | null;
  /** https:// addresses: an official site, social profiles. */
  links: string[];
  note: string | null;
  status: Generated<VerificationStatus>;
  created_at: Timestamp;
  decided_at: NullableInstant;
  decided_by: string | null;
  /** Required when rejected: the owner reads it. */
  decision_reason: string | null;
}

/** A private document given with a verification request: its object in storage, never a public URL. */
export interface VerificationDocumentsTable {
  id: Generated<string>;
  request_id: string;
  storage_key: string;
  /** As uploaded, cleaned of anything but plain characters; shown, never used as a path. */
  file_name: string;
  content_type: "application/pdf" | "image/jpeg" | "image/png";
  byte_size: number;
  created_at: Timestamp;
}

/** Every word of the acts' and venues' documents, and the best tier it reaches (0031_search_at_scale). */
export interface SearchWordsTable {
  source: "act" | "venue";
  word: string;
  /** 3: in a name; 2: on a card (name, genres, city); 0: only elsewhere (a bio, a description). */
  rank: number;
}

export interface Database {
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  countries: CountriesTable;
  states: StatesTable;
  cities: CitiesTable;
  city_aliases: CityAliasesTable;
  audit_logs: AuditLogsTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  account_tokens: AccountTokensTable;
  password_history: PasswordHistoryTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  outbox: OutboxTable;
  rate_limits: RateLimitsTable;
  genres: GenresTable;
  acts: ActsTable;
  act_genres: ActGenresTable;
  band_members: BandMembersTable;
  venues: VenuesTable;
  search_words: SearchWordsTable;
  act_blocks: ActBlocksTable;
  portfolio_items: PortfolioItemsTable;
  opportunities: OpportunitiesTable;
  opportunity_genres: OpportunityGenresTable;
  bookings: BookingsTable;
  booking_offers: BookingOffersTable;
  booking_events: BookingEventsTable;
  applications: ApplicationsTable;
  act_holds: ActHoldsTable;
  notifications: NotificationsTable;
  calendar_feeds: CalendarFeedsTable;
  contracts: ContractsTable;
  contract_events: ContractEventsTable;
  payments: PaymentsTable;
  payment_refunds: PaymentRefundsTable;
  ledger_postings: LedgerPostingsTable;
  ledger_entries: LedgerEntriesTable;
  gateway_events: GatewayEventsTable;
  invoice_serials: InvoiceSerialsTable;
  invoices: InvoicesTable;
  payout_accounts: PayoutAccountsTable;
  payouts: PayoutsTable;
  billing_details: BillingDetailsTable;
  e2ee_identities: E2eeIdentitiesTable;
  e2ee_device_lists: E2eeDeviceListsTable;
  e2ee_devices: E2eeDevicesTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  conversation_reads: ConversationReadsTable;
  message_attachments: MessageAttachmentsTable;
  message_disclosures: MessageDisclosuresTable;
  calls: CallsTable;
  call_events: CallEventsTable;
  call_signals: CallSignalsTable;
  livekit_webhooks: LiveKitWebhooksTable;
  reviews: ReviewsTable;
  review_reports: ReviewReportsTable;
  trust_score_history: TrustScoreHistoryTable;
  push_subscriptions: PushSubscriptionsTable;
  push_preferences: PushPreferencesTable;
  user_suspensions: UserSuspensionsTable;
  job_runs: JobRunsTable;
  verification_requests: VerificationRequestsTable;
  verification_documents: VerificationDocumentsTable;
}

/** A browser's Web Push subscription (db/migrations/0030_push.ts); keys base64url as the browser gave them. */
export interface PushSubscriptionsTable {
  id: Generated<string>;
  user_id: string;
  /** The session that turned it on; signing that session out silences it. */
  session_id: string | null;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** "Chrome on Android": what /account lists it as. */
  label: string;
  created_at: Timestamp;
  last_success_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  failure_count: Generated<number>;
}

/** The push types (domain/push_types.ts) a person turned off; no row: all on. */
export interface PushPreferencesTable {
  user_id: string;
  muted: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: Timestamp;
}

export type PushSubscriptionRow = Selectable<PushSubscriptionsTable>;

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type City = Selectable<CitiesTable>;
export type AuditLog = Selectable<AuditLogsTable>;
export type Act = Selectable<ActsTable>;
export type NewAct = Insertable<ActsTable>;
export type Venue = Selectable<VenuesTable>;
export type NewVenue = Insertable<VenuesTable>;
export type Opportunity = Selectable<OpportunitiesTable>;
export type Booking = Selectable<BookingsTable>;
export type BookingOffer = Selectable<BookingOffersTable>;
export type BookingEvent = Selectable<BookingEventsTable>;
export type Application = Selectable<ApplicationsTable>;
export type ActHold = Selectable<ActHoldsTable>;
export type Notification = Selectable<NotificationsTable>;
export type Conversation = Selectable<ConversationsTable>;
export type Message = Selectable<MessagesTable>;
export type Call = Selectable<CallsTable>;
export type CallSignal = Selectable<CallSignalsTable>;
export type Contract = Selectable<ContractsTable>;
export type ContractEventRow = Selectable<ContractEventsTable>;
export type Payment = Selectable<PaymentsTable>;
export type PaymentRefund = Selectable<PaymentRefundsTable>;
export type Payout = Selectable<PayoutsTable>;
export type VerificationRequest = Selectable<VerificationRequestsTable>;
export type VerificationDocument = Selectable<VerificationDocumentsTable>;

/**
 * An act's photos, audio/video links and documents (db/migrations/0009_portfolio.ts):
 * either an https link (`url`, `provider`) or a stored file (`storage_key`,
 * `content_type`, `byte_size`, and `url` when public). Documents are private,
 * everything else public.
 */
export interface PortfolioItemsTable {
  id: Generated<string>;
  act_id: string;
  kind: PortfolioKind;
  title: string;
  url: string | null;
  provider: MediaProvider | null;
  storage_key: string | null;
  content_type: string | null;
  byte_size: number | null;
  /** Pixel size of a photo, when known (both or neither). */
  width: number | null;
  height: number | null;
  visibility: "public" | "private";
  position: number;
  created_at: Timestamp;
}

export type PortfolioItem = Selectable<PortfolioItemsTable>;
