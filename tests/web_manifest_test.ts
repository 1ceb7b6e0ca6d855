/**
 * The web app manifest as browsers judge it for installing (Chromium's criteria: a name, icons of 192
 * and 512 pixels, a start URL inside the scope, a standalone display), with a maskable icon, the design
 * tokens' colours, and shortcuts to pages that exist. Each PNG is read to check it is the size the
 * manifest states (cli/icons.ts draws them).
 */
import assert from "node:assert/strict";
import manifest from "../fresh.gen.ts";
import { styleConfig } from "../twind.config.ts";

const STATIC = new URL("../static/", import.meta.url);

interface Icon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

const web = JSON.parse(await Deno.readTextFile(new URL("manifest.webmanifest", STATIC)));
const colors = styleConfig.theme!.extend!.colors as Record<string, Record<number, string>>;

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
async function pngSize(path: string): Promise<[number, number]> {
  const bytes = await Deno.readFile(new URL(path.slice(1), STATIC));
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${path} is a PNG`);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

async function assertIcon(icon: Icon): Promise<void> {
  if (icon.type === "image/svg+xml") {
    assert.equal(icon.sizes, "any");
    assert.match(await Deno.readTextFile(new URL(icon.src.slice(1), STATIC)), /^<svg /);
    return;
  }
  assert.equal(icon.type, "image/png");
  const [w, h] = await pngSize(icon.src);
  assert.equal(`${w}x${h}`, icon.sizes, icon.src);
  // Kept small: they are drawn from flat shapes.
  assert.ok((await Deno.stat(new URL(icon.src.slice(1), STATIC))).size < 16 * 1024, `${icon.src} is small`);
}

Deno.test("the manifest has what installing asks for", async () => {
  assert.equal(web.name, "Artist Space");
  assert.ok(web.short_name && web.short_name.length <= 12, "a short name fits under a home-screen icon");
  assert.ok(web.description);
  assert.equal(web.id, "/");
  assert.equal(web.display, "standalone");
  assert.equal(web.scope, "/");
  assert.equal(web.start_url, "/dashboard");
  assert.ok(new URL(web.start_url, "https://x.in").pathname.startsWith(web.scope), "start_url is in scope");

  const icons = web.icons as Icon[];
  for (const icon of icons) await assertIcon(icon);
  const png = (size: string, purpose: string) =>
    icons.find((i) => i.type === "image/png" && i.sizes === size && (i.purpose ?? "any") === purpose);
  assert.ok(png("192x192", "any"), "a 192 px icon");
  assert.ok(png("512x512", "any"), "a 512 px icon");
  assert.ok(png("512x512", "maskable"), "a maskable 512 px icon");
  assert.ok(icons.some((i) => i.type === "image/svg+xml"), "the SVG too");
});

Deno.test("the manifest's colours are the design tokens'", () => {
  assert.equal(web.theme_color, colors.ink[900]);
  assert.equal(web.background_color, colors.ink[50]);
});

Deno.test("shortcuts go to bookings, calendar and messages, pages that exist, each with its icon", async () => {
  const routes = Object.keys(manifest.routes);
  assert.deepEqual(web.shortcuts.map((s: { name: string }) => s.name), ["Bookings", "Calendar", "Messages"]);
  for (const shortcut of web.shortcuts as { url: string; icons: Icon[] }[]) {
    assert.ok(routes.includes(`./routes${shortcut.url}/index.tsx`), `${shortcut.url} is a page`);
    assert.ok(shortcut.icons.length > 0);
    for (const icon of shortcut.icons) await assertIcon(icon);
  }
});
