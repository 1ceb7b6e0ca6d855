/**
 * Why a score is what it is, for its owner: each component's points and
 * words and what would raise it (domain/trust_score.ts, from the facts
 * services/trust/facts.ts gathers, read without locking), beside the stored
 * score the public sees and the history of its changes, newest first.
 *
 * Who may look: the owner (the person for their organizer score, the owner of
 * an act or venue: the artist, the band's manager, the venue's manager), and
 * staff and admins. Anyone else is refused before the subject is looked up
 * for a person's score (so no account's existence leaks), after it for acts
 * and venues (which are public anyway).
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { type TrustSubject } from "../../db/queries/trust_facts.ts";
import { countTrustHistory, trustHistoryPage } from "../../db/queries/trust_history.ts";
import {
  hasOrganizedBooking,
  ownedTrustSubjects,
  type SubjectOwnerRow,
  trustSubjectOwner,
} from "../../db/queries/trust_subjects.ts";
import type { Database, TrustSubjectType } from "../../db/schema.ts";
import { type Actor, isStaffOrAdmin, requireActor, requireSelfOrStaff } from "../../domain/access.ts";
import { Forbidden, NotFound } from "../../domain/errors.ts";
import { isOrganizerSide } from "../../domain/roles.ts";
import { type Component, trustScore } from "../../domain/trust_score.ts";
import { parseInput, requireId } from "../validation.ts";
import { gatherTrustFacts } from "./facts.ts";

export const TRUST_SUBJECT_TYPES = [
  "organizer",
  "act",
  "venue",
] as const satisfies readonly TrustSubjectType[];

/** How many changes the overview shows per subject; the rest are a link away. */
export const HISTORY_PREVIEW = 5;

export const TrustHistoryInput = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1)
    .meta({ description: "Which page of the history, newest first", example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(100).default(20)
    .meta({ description: "Changes per page (at most 100)", example: 20 }),
}).strict();

export interface TrustSubjectView {
  type: TrustSubjectType;
  id: string;
  name: string;
  /** The subject's public page, when it has one (an organizer's, once they have organized a booking). */
  publicPath: string | null;
}

export interface TrustHistoryEntry {
  oldScore: number;
  newScore: number;
  reason: string;
  /** The booking event behind the change (complete, cancel, resolve...), or null for the nightly pass. */
  event: string | null;
  at: string;
  booking: { id: string; title: string } | null;
}

export interface TrustExplanation {
  subject: TrustSubjectView;
  /** The stored score: what search sorts by and the public sees. */
  score: number;
  /** What the facts give now; it differs from `score` only until the next recomputation (nightly at most). */
  computedScore: number;
  verified: boolean;
  quickToRespond: boolean;
  completedBookings: number;
  /** The revealed, unhidden reviews that count; venues are not reviewed. */
  reviewCount: number;
  components: Component[];
  /** What would raise the score, most useful first. */
  toRaise: string[];
  history: { items: TrustHistoryEntry[]; total: number; page: number; pageSize: number };
}

/**
 * Every score the actor has: as an organizer (when they are on the organizer
 * side or have organized a booking), then each act and venue they own, each
 * with its newest HISTORY_PREVIEW changes.
 */
export async function myTrustExplanations(
  db: Kysely<Database>,
  actor: Actor | null,
  now: Date,
): Promise<TrustExplanation[]> {
  const a = requireActor(actor);
  const preview = { page: 1, pageSize: HISTORY_PREVIEW };
  const subjects: TrustSubject[] = [];
  if (isOrganizerSide(a.roles) || await hasOrganizedBooking(db, a.userId)) {
    subjects.push({ type: "organizer", id: a.userId });
  }
  for (const owned of await ownedTrustSubjects(db, a.userId)) {
    subjects.push({ type: owned.type, id: owned.id });
  }
  const explanations: TrustExplanation[] = [];
  for (const subject of subjects) {
    const owner = await trustSubjectOwner(db, subject);
    if (owner) explanations.push(await explain(db, subject, owner, preview, now));
  }
  return explanations;
}

/** One subject's explanation with a page of its history, for its owner, staff or an admin. */
export async function trustExplanation(
  db: Kysely<Database>,
  actor: Actor | null,
  subjectType: string,
  subjectId: string,
  input: unknown,
  now: Date,
): Promise<TrustExplanation> {
  const a = requireActor(actor);
  const type = (TRUST_SUBJECT_TYPES as readonly string[]).includes(subjectType)
    ? subjectType as TrustSubjectType
    : null;
  if (!type) throw new NotFound("No such kind of trust score");
  const id = requireId(subjectId, "Trust score");
  if (type === "organizer") requireSelfOrStaff(a, id);
  const page = parseInput(TrustHistoryInput, input);
  const subject = { type, id };
  const owner = await trustSubjectOwner(db, subject);
  if (!owner) throw new NotFound("Trust score not found");
  if (owner.ownerId !== a.userId && !isStaffOrAdmin(a)) {
    throw new Forbidden("Only its owner sees how this score is made");
  }
  return await explain(db, subject, owner, page, now);
}

async function explain(
  db: Kysely<Database>,
  subject: TrustSubject,
  owner: SubjectOwnerRow,
  page: { page: number; pageSize: number },
  now: Date,
): Promise<TrustExplanation> {
  const gathered = await gatherTrustFacts(db, subject, now, { lock: false });
  if (!gathered) throw new NotFound("Trust score not found");
  const computed = trustScore(gathered.facts, now);
  const [rows, total] = await Promise.all([
    trustHistoryPage(db, subject, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    countTrustHistory(db, subject),
  ]);
  return {
    subject: {
      type: subject.type,
      id: subject.id,
      name: owner.name,
      publicPath: await publicPathOf(db, subject, owner),
    },
    score: gathered.currentScore,
    computedScore: computed.score,
    verified: gathered.facts.verified,
    quickToRespond: computed.quickToRespond,
    completedBookings: gathered.facts.completedBookings.length,
    reviewCount: gathered.facts.reviews.length,
    ...forSubject(subject.type, computed),
    history: {
      items: rows.map((r) => ({
        oldScore: r.oldScore,
        newScore: r.newScore,
        reason: r.reason,
        event: r.event,
        at: r.at.toISOString(),
        booking: r.bookingId ? { id: r.bookingId, title: r.bookingTitle ?? "A booking" } : null,
      })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    },
  };
}

/**
 * The domain explains every subject alike; a venue is never reviewed (acts
 * review the organizer who booked them), so its review line says so and no
 * advice about reviews is given for it.
 */
function forSubject(
  type: TrustSubjectType,
  computed: { components: Component[]; toRaise: string[] },
): { components: Component[]; toRaise: string[] } {
  if (type !== "venue") return { components: computed.components, toRaise: computed.toRaise };
  return {
    components: computed.components.map((c) =>
      c.key === "reviews"
        ? { ...c, detail: "Venues are not reviewed: acts review the organizer who booked them" }
        : c
    ),
    toRaise: computed.toRaise.filter((advice) => !/review/i.test(advice)),
  };
}

async function publicPathOf(
  db: Kysely<Database>,
  subject: TrustSubject,
  owner: SubjectOwnerRow,
): Promise<string | null> {
  if (subject.type === "act") return `/${owner.kind === "band" ? "bands" : "artists"}/${owner.slug}`;
  if (subject.type === "venue") return `/venues/${owner.slug}`;
  const shown = owner.ownerStatus === "active" && await hasOrganizedBooking(db, subject.id);
  return shown ? `/organizers/${owner.slug}` : null;
}
