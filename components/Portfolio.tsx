import EmbedPlayer from "../islands/EmbedPlayer.tsx";
import type { PortfolioItemView } from "../services/catalog/portfolio.ts";
import { ProfileSection } from "./ProfileHeader.tsx";

/** Where a private document opens: the API signs a short-lived URL at the moment of the click. */
export const documentHref = (actId: string, itemId: string) =>
  `/api/v1/artists/${actId}/portfolio/${itemId}/file`;

/**
 * An act's portfolio on its profile: photos with their size reserved, audio
 * and video as click-to-load players (or plain links), and private
 * documents for those allowed to see them.
 */
export function Portfolio({ actId, items }: { actId: string; items: PortfolioItemView[] }) {
  const photos = items.filter((i) => i.kind === "photo");
  const media = items.filter((i) => i.kind === "audio" || i.kind === "video");
  const documents = items.filter((i) => i.kind === "document");
  if (items.length === 0) return null;
  return (
    <ProfileSection title="Portfolio">
      {media.length > 0 && (
        <ul class="grid gap-3" data-testid="portfolio-media">
          {media.map((item) => (
            <li key={item.id}>
              {item.provider && item.provider !== "link" && item.embedUrl
                ? (
                  <EmbedPlayer
                    provider={item.provider}
                    title={item.title}
                    url={item.url}
                    embedUrl={item.embedUrl}
                  />
                )
                : (
                  <a href={item.url} rel="noopener noreferrer nofollow ugc" target="_blank" class="underline">
                    {item.title}
                  </a>
                )}
            </li>
          ))}
        </ul>
      )}
      {photos.length > 0 && (
        <ul class="grid grid-cols-2 sm:grid-cols-3 gap-2" data-testid="portfolio-photos">
          {photos.map((item) => (
            <li key={item.id}>
              <img
                src={item.url}
                alt={item.title}
                width={item.width ?? 300}
                height={item.height ?? 300}
                loading="lazy"
                decoding="async"
                class={`w-full rounded-lg bg-ink-100 object-cover ${item.width ? "h-auto" : "aspect-square"}`}
              />
            </li>
          ))}
        </ul>
      )}
      {documents.length > 0 && (
        <ul class="text-sm grid gap-1" data-testid="portfolio-documents">
          {documents.map((item) => (
            <li key={item.id}>
              <a href={documentHref(actId, item.id)} rel="nofollow" class="underline">
                Technical rider (private): {item.title}
              </a>
            </li>
          ))}
        </ul>
      )}
    </ProfileSection>
  );
}
