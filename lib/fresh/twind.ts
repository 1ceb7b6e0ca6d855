/**
 * twind on the server: one instance per app, asked for exactly the CSS of
 * the classes a rendered page uses (plus the tokens of the islands on it,
 * which may add classes after hydration). Nothing twind ships to the browser.
 */
import { consume, defineConfig, stringify, twind, virtual } from "@twind/core";
import presetTailwind, { type TailwindTheme } from "@twind/preset-tailwind";

export interface StyleSheet {
  cssFor(html: string, extraTokens: string[]): string;
}

/** The app's additions to Tailwind's theme (colours, fonts...). */
export interface StyleConfig {
  theme?: { extend?: Partial<Record<keyof TailwindTheme, unknown>> };
}

export function createStyleSheet(config: StyleConfig = {}): StyleSheet {
  const tw = twind(
    defineConfig({ theme: config.theme as never, presets: [presetTailwind()], hash: false }),
    virtual(),
  );
  return {
    cssFor(html, extraTokens) {
      // Synchronous from clear() to stringify(), so concurrent renders
      // cannot interleave on the shared instance.
      tw.clear();
      consume(html, tw);
      if (extraTokens.length > 0) tw(extraTokens.join(" "));
      return stringify(tw.target);
    },
  };
}
