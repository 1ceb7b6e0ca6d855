/**
 * twind on the server: one instance per app, asked for exactly the CSS of
 * the classes a rendered page uses (plus the tokens of the islands on it,
 * which may add classes after hydration). Nothing twind ships to the browser.
 *
 * Generating a page's CSS costs about a millisecond, more than rendering the
 * page, while the set of classes a page uses barely changes from one request
 * to the next; so the CSS is cached by class set. In front of that, by the
 * page's distinct class attributes and the names of its islands: a page
 * repeats the same few dozen attributes, and looking them up skips splitting
 * and sorting every token (23 µs instead of 56 for the booking page). Its
 * islands are named, not listed, in that key: the Chat island alone brings
 * 876 tokens, and sorting them on every request cost the booking page 0.1 ms.
 */
import { defineConfig, type Preflight, stringify, twind, virtual } from "@twind/core";
import presetTailwind, { type TailwindTheme } from "@twind/preset-tailwind";
import { LruMap } from "../lru.ts";

/** Tokens to style beyond the page's class attributes, in named groups (an island's, by its id). */
export type TokenGroups = Readonly<Record<string, readonly string[]>>;

export interface StyleSheet {
  /** A group's name must always stand for the same tokens: the CSS is kept by the names. */
  cssFor(html: string, extra: TokenGroups): string;
}

/** The app's additions to Tailwind's theme (colours, fonts...) and to its base styles. */
export interface StyleConfig {
  theme?: { extend?: Partial<Record<keyof TailwindTheme, unknown>> };
  /** Rules every page gets, after Tailwind's own reset: selector -> declarations (camelCase). */
  preflight?: Preflight;
}

/** Distinct class sets kept; pages with per-item classes should not grow this without bound. */
const CACHE_ENTRIES = 500;
const CLASS_ATTRIBUTE = /\sclass="([^"]*)"/g;

export function createStyleSheet(config: StyleConfig = {}): StyleSheet {
  const tw = twind(
    defineConfig({
      theme: config.theme as never,
      preflight: config.preflight,
      presets: [presetTailwind()],
      hash: false,
    }),
    virtual(),
  );
  const cache = new LruMap<string, string>(CACHE_ENTRIES);
  /** The CSS by the page's distinct class attributes, so a page like the last needs no tokenising. */
  const byAttributes = new LruMap<string, string>(CACHE_ENTRIES);
  return {
    cssFor(html, extra) {
      const attributes = new Set<string>();
      for (const [, value] of html.matchAll(CLASS_ATTRIBUTE)) attributes.add(value);
      const groups = Object.keys(extra).sort();
      // A NUL cannot appear in a class attribute, so no page's attributes read as another's groups.
      const seen = [...attributes].sort().join("\n") + "\0" + groups.join("\n");
      const known = byAttributes.get(seen);
      if (known !== undefined) return known;
      for (const group of groups) for (const token of extra[group]) attributes.add(token);
      const css = cssOfTokens(attributes);
      byAttributes.set(seen, css);
      return css;
    },
  };

  /** The CSS of every class in `attributes` (class attribute values and single tokens). */
  function cssOfTokens(attributes: Set<string>): string {
    const tokens = new Set<string>();
    for (const value of attributes) {
      for (const token of value.split(/\s+/)) if (token) tokens.add(token);
    }
    const sorted = [...tokens].sort();
    const key = sorted.join(" ");
    let css = cache.get(key);
    if (css === undefined) {
      // Synchronous from clear() to stringify(), so concurrent renders
      // cannot interleave on the shared instance.
      tw.clear();
      // One token at a time: twind reads a string in its own syntax, where
      // "//" starts a comment and parentheses group, so a single island
      // string such as "https://…" would drop every class sorted after it.
      for (const token of sorted) tw(token);
      css = stringify(tw.target);
      cache.set(key, css);
    }
    return css;
  }
}
