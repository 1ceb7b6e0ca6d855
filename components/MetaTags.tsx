import type { PageMeta } from "../utils.ts";

/**
 * Open Graph tags and the canonical link of a public page, so a shared link
 * previews with its name and picture and search engines index one URL per
 * profile whatever query string it was reached with.
 */
export function MetaTags(
  { meta, title, description, origin }: {
    meta: PageMeta;
    title: string;
    description: string;
    origin: string;
  },
) {
  const canonical = new URL(meta.canonicalPath, origin).href;
  return (
    <>
      <link rel="canonical" href={canonical} />
      <meta property="og:site_name" content="Artist Space" />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:type" content={meta.type} />
      <meta property="og:url" content={canonical} />
      {meta.image && <meta property="og:image" content={new URL(meta.image, origin).href} />}
    </>
  );
}
