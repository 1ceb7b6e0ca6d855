import type { OwnedProfileRow } from "../services/onboarding/next_step.ts";

const KIND: Record<OwnedProfileRow["kind"], string> = { solo: "Solo act", band: "Band", venue: "Venue" };

/** The acts and venues someone owns, with the way to each one's public page, edit page and members. */
export function YourProfiles({ profiles }: { profiles: OwnedProfileRow[] }) {
  if (profiles.length === 0) return null;
  return (
    <div class="bg-white rounded-2xl shadow-sm p-5">
      <h2 class="font-bold">Your acts and venues</h2>
      <ul class="mt-3 divide-y divide-ink-100" data-testid="your-profiles">
        {profiles.map((p) => {
          const base = p.kind === "venue" ? "/venues" : p.kind === "band" ? "/bands" : "/artists";
          const edit = p.kind === "venue" ? `/venues/${p.slug}/edit` : `/artists/${p.slug}/edit`;
          return (
            <li key={`${p.kind}-${p.slug}`} class="py-3 flex flex-wrap items-center justify-between gap-3">
              <div>
                <a href={`${base}/${p.slug}`} class="font-medium underline">{p.name}</a>
                <p class="text-xs text-ink-500">{KIND[p.kind]}</p>
              </div>
              <p class="flex gap-3 text-sm">
                <a href={edit} class="underline">Edit</a>
                {p.kind === "band" && <a href={`/bands/${p.slug}/members`} class="underline">Members</a>}
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
