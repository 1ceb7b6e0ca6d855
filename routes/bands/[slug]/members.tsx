import { page } from "fresh";
import { InvitationAnswer } from "../../../components/BandInvitations.tsx";
import { InviteForm, MemberList } from "../../../components/BandMembers.tsx";
import { FormMessage, type FormState, formStateOf } from "../../../components/forms.tsx";
import type { Actor } from "../../../domain/access.ts";
import { canEdit } from "../../../domain/catalog_access.ts";
import { NotFound } from "../../../domain/errors.ts";
import { formFields } from "../../../lib/form_data.ts";
import { getAct } from "../../../services/catalog/acts.ts";
import * as members from "../../../services/catalog/band_members.ts";
import { actBySlug } from "../../../services/catalog/profiles.ts";
import {
  EMPTY_INVITE,
  inviteFormFields,
  inviteInput,
  type InviteValues,
  inviteValuesOf,
} from "../../../services/onboarding/member_form.ts";
import { requireId } from "../../../services/validation.ts";
import { define, signInFirst, type State } from "../../../utils.ts";

interface Band {
  id: string;
  name: string;
  slug: string;
}

interface Data {
  band: Band;
  /** The band's manager or an admin: invites and removes. */
  manages: boolean;
  members: members.MemberView[];
  /** The viewer's own invitation or membership, if any. */
  mine: members.MyBand | null;
  viewerId: string;
  invite: InviteValues;
  notice?: string;
  /** A form that failed: the invite form, or any other ("page"). */
  failed?: { where: "invite" | "page"; form: FormState };
}

const NOTICES: Record<string, string> = {
  invited: "Invitation sent. They will see it on their dashboard.",
  removed: "Removed from the band.",
  left: "You have left the band.",
  joined: "Welcome to the band!",
  declined: "Invitation declined.",
};

/** Runs a form's use case and answers the notice to come back with. */
type Step = (state: State, actor: Actor, band: Band, f: Record<string, string>) => Promise<string>;

/** The use case behind each of the page's forms, by the form's `intent`. */
const INTENTS = {
  async invite({ db, requestMeta }, actor, band, f) {
    await members.inviteMember(db, actor, band.id, inviteInput(inviteValuesOf(f)), requestMeta);
    return "invited";
  },
  async remove({ db, requestMeta }, actor, band, f) {
    const userId = requireId(f.userId ?? "", "Member");
    await members.removeMember(db, actor, band.id, userId, requestMeta);
    return userId === actor.userId ? "left" : "removed";
  },
  async accept({ db, requestMeta }, actor, band) {
    await members.acceptInvitation(db, actor, band.id, actor.userId, requestMeta);
    return "joined";
  },
  async decline({ db, requestMeta }, actor, band) {
    await members.declineInvitation(db, actor, band.id, actor.userId, requestMeta);
    return "declined";
  },
} satisfies Record<string, Step>;

// Own keys only: a posted "toString" is not an intent.
const isIntent = (value: string | undefined): value is keyof typeof INTENTS =>
  value !== undefined && Object.hasOwn(INTENTS, value);

async function bandOf(state: State, slug: string): Promise<Band> {
  const act = await actBySlug(state.db, slug);
  if (act.kind !== "band") throw new NotFound("No band by that name");
  return { id: act.id, name: act.name, slug: act.slug };
}

async function show(state: State, actor: Actor, band: Band, extra: Partial<Data> = {}, status = 200) {
  const { db } = state;
  const { ownerId } = await getAct(db, band.id);
  state.title = `${band.name}: members`;
  return page<Data>({
    band,
    manages: canEdit(actor, { owner_id: ownerId }),
    members: await members.listMembers(db, actor, band.id),
    mine: (await members.myBands(db, actor)).find((b) => b.bandId === band.id) ?? null,
    viewerId: actor.userId,
    invite: EMPTY_INVITE,
    ...extra,
  }, { status });
}

/** A band's line-up and invitations, managed with plain forms: invite, accept or decline, remove, leave. */
export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const band = await bandOf(ctx.state, ctx.params.slug);
    const notice = NOTICES[ctx.url.searchParams.get("done") ?? ""];
    return show(ctx.state, ctx.state.actor, band, { notice });
  },
  async POST(ctx) {
    const { state } = ctx;
    if (!state.actor) return signInFirst(ctx);
    const band = await bandOf(state, ctx.params.slug);
    const f = await formFields(ctx.req);
    if (!isIntent(f.intent)) return ctx.redirect(`/bands/${band.slug}/members`, 303);
    try {
      const done = await INTENTS[f.intent](state, state.actor, band, f);
      return ctx.redirect(`/bands/${band.slug}/members?done=${done}`, 303);
    } catch (err) {
      const form = formStateOf(err);
      // A refusal is about the page, not a field: whoever gets one has no invite form to show it in.
      if (f.intent !== "invite" || form.status === 403) {
        return show(state, state.actor, band, { failed: { where: "page", form } }, form.status);
      }
      form.fields = inviteFormFields(form);
      const failed = { where: "invite" as const, form };
      return show(state, state.actor, band, { invite: inviteValuesOf(f), failed }, form.status);
    }
  },
});

export default define.page<typeof handler>(function BandMembersPage({ data }) {
  const { band, mine, failed } = data;
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-6">
      <div>
        <h1 class="text-2xl font-bold">{band.name}: members</h1>
        <p class="text-sm flex flex-wrap gap-4">
          <a href={`/bands/${band.slug}`} class="underline">The band's public page</a>
          {data.manages && (
            <a href={`/artists/${band.slug}/edit`} class="underline">Edit the band's profile</a>
          )}
        </p>
      </div>
      <FormMessage state={{ message: data.notice }} tone="ok" />
      {failed?.where === "page" && <FormMessage state={failed.form} />}
      {mine?.status === "invited" && (
        <div class="bg-white rounded-2xl shadow-sm p-5 grid gap-3" data-testid="your-invitation">
          <p>You are invited to join {band.name}{mine.role ? ` as ${mine.role}` : ""}.</p>
          <InvitationAnswer band={band} />
        </div>
      )}
      <MemberList members={data.members} manages={data.manages} viewerId={data.viewerId} />
      {data.manages && (
        <InviteForm values={data.invite} form={failed?.where === "invite" ? failed.form : undefined} />
      )}
    </section>
  );
});
