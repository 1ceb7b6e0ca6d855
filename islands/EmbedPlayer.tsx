/**
 * A click-to-load player for a YouTube, Spotify or SoundCloud link. Nothing
 * from the platform loads (no iframe, no cookies, no tracking) until the
 * visitor asks; then the privacy-friendly embed (youtube-nocookie.com etc.)
 * replaces the poster. Without JavaScript the poster is a plain link to the
 * platform.
 */
import { useSignal } from "@preact/signals";
import { EMBED_ORIGINS, type EmbedProvider } from "../domain/media_links.ts";

interface Props {
  provider: EmbedProvider;
  title: string;
  /** The platform's own page, for visitors without JavaScript. */
  url: string;
  embedUrl: string;
}

const PLATFORM: Record<EmbedProvider, string> = {
  youtube: "YouTube",
  spotify: "Spotify",
  soundcloud: "SoundCloud",
};

// Classes, not inline styles: the CSP refuses style attributes.
const FRAME: Record<EmbedProvider, string> = {
  youtube: "w-full aspect-video",
  spotify: "w-full h-[152px]",
  soundcloud: "w-full h-[166px]",
};

export default function EmbedPlayer({ provider, title, url, embedUrl }: Props) {
  const playing = useSignal(false);
  // The URL comes from the server, but an iframe is worth one more look.
  if (playing.value && embedUrl.startsWith(`${EMBED_ORIGINS[provider]}/`)) {
    return (
      <iframe
        src={embedUrl}
        title={title}
        class={`${FRAME[provider]} rounded-lg border-0`}
        allow="autoplay; encrypted-media; fullscreen; picture-in-picture"
        referrerpolicy="strict-origin-when-cross-origin"
        allowFullScreen
      />
    );
  }
  return (
    <a
      href={url}
      rel="noopener noreferrer"
      target="_blank"
      data-embed={provider}
      onClick={(e) => {
        e.preventDefault();
        playing.value = true;
      }}
      class={`${
        FRAME[provider]
      } rounded-lg bg-ink-900 text-white flex items-center justify-center gap-3 p-4 hover:bg-ink-700`}
    >
      <span aria-hidden="true" class="text-3xl leading-none">▶</span>
      <span class="grid text-left min-w-0">
        <span class="font-semibold truncate">{title}</span>
        <span class="text-xs text-ink-100">Play on {PLATFORM[provider]} (loads {PLATFORM[provider]})</span>
      </span>
    </a>
  );
}
