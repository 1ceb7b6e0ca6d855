/**
 * The genre taxonomy acts are tagged with and searched by. Slugs are stable
 * identifiers (URLs, filters); labels are what people read.
 */
export interface Genre {
  slug: string;
  label: string;
}

export const GENRES: readonly Genre[] = [
  { slug: "bollywood", label: "Bollywood" },
  { slug: "indie", label: "Indie" },
  { slug: "rock", label: "Rock" },
  { slug: "hindustani-classical", label: "Hindustani classical" },
  { slug: "carnatic", label: "Carnatic" },
  { slug: "sufi", label: "Sufi" },
  { slug: "ghazal", label: "Ghazal" },
  { slug: "punjabi", label: "Punjabi" },
  { slug: "hip-hop", label: "Hip-hop" },
  { slug: "electronic", label: "Electronic" },
  { slug: "jazz", label: "Jazz" },
  { slug: "folk", label: "Folk" },
  { slug: "fusion", label: "Fusion" },
  { slug: "devotional", label: "Devotional" },
  { slug: "metal", label: "Metal" },
  { slug: "pop", label: "Pop" },
];

export function genreBySlug(slug: string): Genre | undefined {
  return GENRES.find((g) => g.slug === slug);
}
