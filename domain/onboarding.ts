/**
 * A new person's first step on the platform, by role: an artist creates their
 * solo act, a band manager their band and then invites its members, a venue
 * manager adds their venue, an organizer or promoter posts a gig. Pure: the
 * caller says what the person has done so far, and a step that is done is
 * never offered again.
 */
import type { RoleName } from "./roles.ts";

export interface Step {
  /** Stable name of the step, for tests and analytics. */
  key: "solo-act" | "band" | "band-members" | "venue" | "gig";
  title: string;
  /** Why it matters, in one or two sentences. */
  text: string;
  /** The button's words and where it leads. */
  action: string;
  path: string;
  /** Another way forward, shown as a plain link. */
  alternative?: { label: string; path: string };
}

/** What the person has done so far, as far as the first steps go. */
export interface Progress {
  soloActs: number;
  bands: number;
  /** Bands the person plays in (accepted invitations). */
  bandsJoined: number;
  /** A band the person manages with nobody invited to it or in it yet, if any. */
  bandWithoutMembers: { name: string; slug: string } | null;
  venues: number;
  /** Gigs posted plus bookings asked for, as organizer. */
  organizerActivity: number;
}

export const NOTHING_DONE: Progress = {
  soloActs: 0,
  bands: 0,
  bandsJoined: 0,
  bandWithoutMembers: null,
  venues: 0,
  organizerActivity: 0,
};

const SOLO_ACT: Step = {
  key: "solo-act",
  title: "Create your solo act",
  text: "Your act is the profile organizers find, book and pay: your name, fees and genres. " +
    "It takes two minutes, and you can add photos and links afterwards.",
  action: "Create your act",
  path: "/artists/new",
};

const BAND: Step = {
  key: "band",
  title: "Create your band",
  text: "Your band's profile is what organizers find and book. Create it, then invite the members.",
  action: "Create your band",
  path: "/bands/new",
};

const VENUE: Step = {
  key: "venue",
  title: "Add your venue",
  text: "List your venue so acts and organizers can find it, see its stage and book dates there.",
  action: "Add your venue",
  path: "/venues/new",
};

const GIG: Step = {
  key: "gig",
  title: "Post your first gig",
  text: "Tell acts what you are looking for and they apply with a pitch and a fee. " +
    "Or browse the acts and ask one for a date.",
  action: "Post a gig",
  path: "/opportunities/new",
  alternative: { label: "Browse acts", path: "/artists" },
};

function inviteMembers(band: { name: string; slug: string }): Step {
  return {
    key: "band-members",
    title: `Invite the members of ${band.name}`,
    text: "Invite each member by the e-mail address of their Artist Space account; " +
      "they accept from their dashboard.",
    action: "Invite members",
    path: `/bands/${band.slug}/members`,
  };
}

/**
 * The first step not yet done, roles taken in this order: artist, band
 * manager, venue manager, then the organizer side. Null when there is none.
 */
export function nextStep(roles: readonly RoleName[], done: Progress): Step | null {
  const has = (role: RoleName) => roles.includes(role);
  if (has("artist") && done.soloActs === 0) return SOLO_ACT;
  if (has("band_manager")) {
    if (done.bands === 0) return BAND;
    if (done.bandWithoutMembers) return inviteMembers(done.bandWithoutMembers);
  }
  if (has("venue_manager") && done.venues === 0) return VENUE;
  if ((has("organizer") || has("promoter")) && done.organizerActivity === 0) return GIG;
  return null;
}

/** The step a brand-new account starts with (the welcome e-mail's link). */
export function firstStep(roles: readonly RoleName[]): Step | null {
  return nextStep(roles, NOTHING_DONE);
}

/** Where someone creates an act they can apply to gigs with, if their roles allow one. */
export function actCreationPath(roles: readonly RoleName[]): string | null {
  return roles.includes("artist") ? SOLO_ACT.path : roles.includes("band_manager") ? BAND.path : null;
}
