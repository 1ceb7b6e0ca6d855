import assert from "node:assert/strict";
import { createStyleSheet } from "./twind.ts";

Deno.test("a page's CSS has exactly its classes, whatever was rendered before it", () => {
  const sheet = createStyleSheet();
  const a = sheet.cssFor('<p class="text-2xl font-bold">a</p>', {});
  const b = sheet.cssFor('<p class="text-sm">b</p>', {});
  assert.match(a, /\.text-2xl\{/);
  assert.match(a, /\.font-bold\{/);
  assert.match(b, /\.text-sm\{/);
  assert.doesNotMatch(b, /text-2xl|font-bold/);
  assert.equal(sheet.cssFor('<p class="font-bold  text-2xl">again</p>', {}), a, "same class set, same CSS");
});

Deno.test("island tokens add the classes an island may only use after hydration", () => {
  const css = createStyleSheet().cssFor('<p class="p-2">x</p>', { Island: ["ring-2", "not-a-class"] });
  assert.match(css, /\.ring-2\{/);
  assert.match(css, /\.p-2\{/);
});

Deno.test("the theme's own colours are available", () => {
  const css = createStyleSheet({ theme: { extend: { colors: { saffron: { 500: "#f59300" } } } } })
    .cssFor('<b class="bg-saffron-500">x</b>', {});
  assert.match(css, /\.bg-saffron-500\{[^}]*245,147,0/);
});

Deno.test("an island string that reads as twind syntax cannot hide the classes after it", () => {
  // "//" opens a twind comment and "(" a group; island tokens are any string literals, URLs included.
  const html = '<p class="text-2xl font-bold">x</p>';
  const css = createStyleSheet().cssFor(html, {
    EmbedPlayer: ["https://www.youtube.com/watch?v=", "(loads", "/*"],
  });
  assert.match(css, /\.text-2xl\{/);
  assert.match(css, /\.font-bold\{/);
});

Deno.test("the same classes with another island get that island's CSS too", () => {
  const sheet = createStyleSheet();
  const html = '<p class="p-2">x</p>';
  const plain = sheet.cssFor(html, {});
  const withIsland = sheet.cssFor(html, { Island: ["ring-2"] });
  assert.doesNotMatch(plain, /ring-2/);
  assert.match(withIsland, /\.ring-2\{/);
  assert.equal(sheet.cssFor(html, {}), plain);
  assert.equal(sheet.cssFor(html, { Island: ["ring-2"] }), withIsland);
});
