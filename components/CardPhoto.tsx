/**
 * The picture at the side of a search-result card: the photo in a fixed
 * square (so the list never shifts while images arrive), or the name's
 * initials when there is none.
 */
export function CardPhoto(
  { name, url, width, height }: {
    name: string;
    url: string | null;
    width: number | null;
    height: number | null;
  },
) {
  const box = "w-16 h-16 shrink-0 rounded-lg overflow-hidden";
  if (url) {
    return (
      <img
        src={url}
        alt=""
        width={width ?? 64}
        height={height ?? 64}
        loading="lazy"
        decoding="async"
        class={`${box} object-cover bg-ink-100`}
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      class={`${box} bg-saffron-100 text-saffron-700 font-bold flex items-center justify-center`}
    >
      {initials(name)}
    </span>
  );
}

/** "Asha & The Ragas" -> "AT"; the first letters of the first two words with letters in them. */
export function initials(name: string): string {
  const words = name.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+/u, "")).filter(Boolean);
  return words.slice(0, 2).map((w) => [...w][0].toUpperCase()).join("") || "?";
}
