/** Invitations to join a band, each answered with a plain form posted to the band's members page. */
import type { MyBand } from "../services/catalog/band_members.ts";

export function InvitationAnswer({ band }: { band: { name: string; slug: string } }) {
  return (
    <form method="post" action={`/bands/${band.slug}/members`} class="flex flex-wrap gap-2">
      <button
        type="submit"
        name="intent"
        value="accept"
        class="rounded-lg bg-saffron-500 text-ink-900 font-semibold px-3 py-1.5 text-sm"
      >
        Join {band.name}
      </button>
      <button
        type="submit"
        name="intent"
        value="decline"
        class="rounded-lg border border-ink-300 px-3 py-1.5 text-sm"
      >
        Decline
      </button>
    </form>
  );
}

export function BandInvitations({ invitations }: { invitations: MyBand[] }) {
  if (invitations.length === 0) return null;
  return (
    <section class="bg-white rounded-2xl shadow-sm p-5 grid gap-3" data-testid="band-invitations">
      <h2 class="text-lg font-bold">Band invitations</h2>
      <ul class="grid gap-3">
        {invitations.map((b) => (
          <li key={b.bandId} class="grid gap-2">
            <p>
              <a href={`/bands/${b.slug}`} class="font-semibold underline">{b.name}</a> invited you to join
              {b.role ? ` as ${b.role}` : ""}.
            </p>
            <InvitationAnswer band={b} />
          </li>
        ))}
      </ul>
    </section>
  );
}
