import type { ComponentChildren } from "preact";
import { type PublicTrust, TrustSummary } from "./TrustSummary.tsx";
import { VerifiedBadge } from "./VerifiedBadge.tsx";

/**
 * The top of a public profile: picture, name, a verified badge, a line
 * saying what and where it is, and its trust. The picture has explicit
 * dimensions so the page does not jump when it loads.
 */
export function ProfileHeader(
  { name, subtitle, verified, trust, photoUrl, children }: {
    name: string;
    subtitle: string;
    verified: boolean;
    trust: PublicTrust;
    photoUrl: string | null;
    children?: ComponentChildren;
  },
) {
  return (
    <header class="bg-white rounded-xl shadow-sm p-4 flex gap-4 items-start">
      {photoUrl && (
        <img
          src={photoUrl}
          alt=""
          width={96}
          height={96}
          class="w-24 h-24 rounded-lg object-cover bg-ink-100 shrink-0"
        />
      )}
      <div class="grid gap-1 min-w-0">
        <h1 class="text-2xl font-bold leading-tight break-words">
          {name}
          {verified && <VerifiedBadge />}
        </h1>
        <p class="text-sm text-ink-500">{subtitle}</p>
        <TrustSummary trust={trust} />
        {children}
      </div>
    </header>
  );
}

/** A titled white card, the building block of profile pages. */
export function ProfileSection({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="bg-white rounded-xl shadow-sm p-4 grid gap-2">
      <h2 class="font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** The owner's way from their public page to its edit page. */
export function EditLink({ href }: { href: string }) {
  return (
    <a href={href} class="text-sm font-semibold underline text-ink-700" data-testid="edit-link">
      Edit this page
    </a>
  );
}
