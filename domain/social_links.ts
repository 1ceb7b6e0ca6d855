/**
 * The social and streaming profiles an act can link from its page, their
 * names as people know them, and links as people paste them: without
 * https:// ("instagram.com/kavya") or as a handle ("@kavya"). Links are
 * stored as https:// addresses only.
 */
export const SOCIAL_PLATFORMS = [
  "website",
  "instagram",
  "facebook",
  "youtube",
  "spotify",
  "soundcloud",
  "apple_music",
  "bandcamp",
  "x",
] as const;

export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

export const SOCIAL_LABELS: Record<SocialPlatform, string> = {
  website: "Website",
  instagram: "Instagram",
  facebook: "Facebook",
  youtube: "YouTube",
  spotify: "Spotify",
  soundcloud: "SoundCloud",
  apple_music: "Apple Music",
  bandcamp: "Bandcamp",
  x: "X (Twitter)",
};

/** Where "@name" points on the platforms whose profiles are addressed by handle. */
const HANDLE_BASES: Partial<Record<SocialPlatform, string>> = {
  instagram: "https://www.instagram.com/",
  x: "https://x.com/",
  youtube: "https://www.youtube.com/@",
  soundcloud: "https://soundcloud.com/",
};

/**
 * A pasted link as an https:// address: a bare host and path gets https://,
 * an http:// link is upgraded, and a handle becomes the platform's profile
 * link. Anything else (another scheme, a word without a dot) is returned as
 * typed, for the schema to refuse with its message.
 */
export function withHttps(typed: string, platform?: SocialPlatform): string {
  const text = typed.trim();
  const handle = /^@([A-Za-z0-9._-]{1,100})$/.exec(text)?.[1];
  const base = platform && HANDLE_BASES[platform];
  if (handle && base) return `${base}${handle}`;
  if (/^http:\/\//i.test(text)) return `https://${text.slice(7)}`;
  if (/^\/\/[^/\s]/.test(text)) return `https:${text}`;
  // A host has a dot and no scheme before it: "instagram.com/x", "www.band.in", not "mailto:a@b.in".
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?([/?#]\S*)?$/i.test(text)) return `https://${text}`;
  return text;
}
