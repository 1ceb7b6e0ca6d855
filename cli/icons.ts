/**
 * `deno run -A cli/icons.ts`: draws the app's PNG icons (static/icons/*.png, named in
 * static/manifest.webmanifest and routes/_app.tsx) from their SVG sources with Chromium, the one
 * renderer the project already has. Run it after changing an SVG and commit the PNGs; nothing runs it at
 * start-up. tests/web_manifest_test.ts checks each PNG's size against the manifest.
 */
import { chromium } from "playwright-core";

const STATIC = new URL("../static/", import.meta.url);

/** PNG (under static/) <- SVG (under static/), square side in pixels. */
const ICONS: [png: string, svg: string, size: number][] = [
  ["icons/icon-192.png", "favicon.svg", 192],
  ["icons/icon-512.png", "favicon.svg", 512],
  // Full bleed: the platform cuts its own shape out of it; the mark sits inside the safe circle.
  ["icons/maskable-512.png", "icons/maskable.svg", 512],
  ["icons/apple-touch-icon.png", "icons/maskable.svg", 180],
  ["icons/bookings-96.png", "icons/bookings.svg", 96],
  ["icons/calendar-96.png", "icons/calendar.svg", 96],
  ["icons/messages-96.png", "icons/messages.svg", 96],
];

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox"],
});
try {
  const page = await browser.newPage();
  for (const [png, svg, size] of ICONS) {
    const source = await Deno.readTextFile(new URL(svg, STATIC));
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${source}`,
    );
    const bytes = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await Deno.writeFile(new URL(png, STATIC), bytes);
    console.log(`${png}: ${size}x${size}, ${bytes.byteLength} B`);
  }
} finally {
  await browser.close();
}
