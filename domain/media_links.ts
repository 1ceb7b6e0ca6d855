/**
 * Recognises the audio and video links artists paste (YouTube, Spotify,
 * SoundCloud) and gives each its privacy-friendly embed: YouTube through
 * youtube-nocookie.com, and pages load none of them until the visitor asks
 * (islands/EmbedPlayer.tsx). Anything else https is a plain link.
 *
 * Pure: the URL is only parsed, never fetched.
 */
import { ValidationError } from "./errors.ts";

/** Where a portfolio link points: the players we embed, or any other https page. */
export const MEDIA_PROVIDERS = ["youtube", "spotify", "soundcloud", "link"] as const;
export type MediaProvider = (typeof MEDIA_PROVIDERS)[number];
export type EmbedProvider = Exclude<MediaProvider, "link">;

/** The only origins an embed may come from; the page CSP's frame-src lists exactly these. */
export const EMBED_ORIGINS: Record<EmbedProvider, string> = {
  youtube: "https://www.youtube-nocookie.com",
  spotify: "https://open.spotify.com",
  soundcloud: "https://w.soundcloud.com",
};

export type MediaLink =
  | {
    provider: EmbedProvider;
    /** YouTube: the video id; Spotify: "<type>/<id>"; SoundCloud: "<user>/<track or sets/...>". */
    id: string;
    /** The link without tracking noise, for visitors without JavaScript. */
    url: string;
    embedUrl: string;
    kind: "audio" | "video";
  }
  | { provider: "link"; url: string };

export const MEDIA_LINK_MAX_LENGTH = 500;

const YOUTUBE_HOSTS = new Set(["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"]);
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const SPOTIFY_TYPES = new Set(["track", "album", "playlist", "artist", "episode"]);
const SPOTIFY_ID = /^[A-Za-z0-9]{22}$/;
const SOUNDCLOUD_HOSTS = new Set(["soundcloud.com", "www.soundcloud.com", "m.soundcloud.com"]);
const SOUNDCLOUD_SEGMENT = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The link, recognised. Throws a ValidationError on field "url" for anything
 * that is not an absolute https URL (javascript:, data:, http:, relative
 * paths), or that carries a user name or password.
 */
export function parseMediaLink(input: string): MediaLink {
  const refuse = (message: string): never => {
    throw new ValidationError(message, [{ field: "url", message }]);
  };
  const text = input.trim();
  if (text.length === 0) refuse("Paste a link");
  if (text.length > MEDIA_LINK_MAX_LENGTH) refuse(`At most ${MEDIA_LINK_MAX_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse("Not a web address; it should start with https://");
  }
  if (url.protocol !== "https:") refuse("Only https:// links are accepted");
  if (url.username || url.password) refuse("Links with a user name or password are not accepted");
  return youtube(url) ?? spotify(url) ?? soundcloud(url) ?? { provider: "link", url: url.href };
}

function youtube(url: URL): MediaLink | null {
  let id: string | null = null;
  const path = url.pathname.split("/").filter(Boolean);
  if (url.hostname === "youtu.be" && path.length === 1) id = path[0];
  else if (YOUTUBE_HOSTS.has(url.hostname)) {
    if (url.pathname === "/watch") id = url.searchParams.get("v");
    else if (path.length === 2 && (path[0] === "shorts" || path[0] === "embed" || path[0] === "live")) {
      id = path[1];
    }
  }
  if (!id || !YOUTUBE_ID.test(id)) return null;
  return {
    provider: "youtube",
    id,
    url: `https://www.youtube.com/watch?v=${id}`,
    embedUrl: `${EMBED_ORIGINS.youtube}/embed/${id}`,
    kind: "video",
  };
}

function spotify(url: URL): MediaLink | null {
  if (url.hostname !== "open.spotify.com") return null;
  const path = url.pathname.split("/").filter(Boolean);
  // Localised links carry a prefix: /intl-de/track/<id>.
  if (path[0]?.startsWith("intl-")) path.shift();
  if (path[0] === "embed") path.shift();
  const [type, id] = path;
  if (path.length !== 2 || !SPOTIFY_TYPES.has(type) || !SPOTIFY_ID.test(id)) return null;
  return {
    provider: "spotify",
    id: `${type}/${id}`,
    url: `https://open.spotify.com/${type}/${id}`,
    embedUrl: `${EMBED_ORIGINS.spotify}/embed/${type}/${id}`,
    kind: "audio",
  };
}

function soundcloud(url: URL): MediaLink | null {
  if (!SOUNDCLOUD_HOSTS.has(url.hostname)) return null;
  const path = url.pathname.split("/").filter(Boolean);
  // user/track, or user/sets/playlist; a bare profile page has nothing to play.
  const valid = (path.length === 2 && path[1] !== "sets") || (path.length === 3 && path[1] === "sets");
  if (!valid || !path.every((s) => SOUNDCLOUD_SEGMENT.test(s))) return null;
  const canonical = `https://soundcloud.com/${path.join("/")}`;
  return {
    provider: "soundcloud",
    id: path.join("/"),
    url: canonical,
    embedUrl: `${EMBED_ORIGINS.soundcloud}/player/?url=${encodeURIComponent(canonical)}`,
    kind: "audio",
  };
}
