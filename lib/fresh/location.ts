/**
 * Redirect targets. A Location header is written to the socket as bytes:
 * a control character in it (a form feed from a decoded path, say) is
 * refused by the HTTP writer, and "/\t/evil.example" is followed by browsers
 * to "//evil.example". So every target goes through the WHATWG URL parser,
 * the one browsers use: what we send is ASCII, percent-encoded, and means
 * the same place to the browser as it does to us.
 */

// Any http(s) origin would do: only "is it still this origin?" is asked of it.
const HERE = new URL("http://here.invalid/");

/**
 * `value` as a path on this site (percent-encoded ASCII, with its query and
 * fragment), or null when a browser would read it as leaving the site.
 */
export function sameOriginPath(value: string): string | null {
  if (!value.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return null;
  }
  if (url.origin !== HERE.origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" parses to the path "//evil.example": a host to a browser.
  return path.startsWith("//") ? null : path;
}

/**
 * The Location for `ctx.redirect`: a path stays on this site (one that would
 * leave it goes home instead), an absolute URL is the parser's serialisation.
 */
export function locationFor(pathOrUrl: string): string {
  if (pathOrUrl.startsWith("/")) return sameOriginPath(pathOrUrl) ?? "/";
  return new URL(pathOrUrl).href;
}
