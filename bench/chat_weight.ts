/**
 * What the chat costs a phone: the Chat island's own first-view code (on a
 * booking page, beside the boot script and the shared preact chunk every
 * island page loads anyway), and what loads by dynamic import when the
 * conversation opens (the conversation, its keys and the crypto), each as
 * gzip bytes on the wire. And the pages that had no JavaScript still load
 * none: the header's message count is server-rendered.
 */
import { download, measurePage, moduleUrls, STATIC_IMPORT, type Transfer } from "./page_weight.ts";

export interface ChatWeight {
  /** The island's own modules: its entry and whatever it imports that the boot script does not. */
  firstView: Transfer[];
  /** Everything the conversation's dynamic import loads that the page had not loaded already. */
  lazy: Transfer[];
}

const DYNAMIC_IMPORT = /\bimport\(\s*["']((?:\.{1,2}\/|\/)[^"']+)["']\s*\)/g;

/** `from` and every module it imports statically, among the page's scripts. */
function closure(from: Transfer, scripts: Map<string, Transfer>): Set<string> {
  const seen = new Set<string>();
  const queue = [from.url];
  while (queue.length > 0) {
    const url = queue.shift()!;
    const script = scripts.get(url);
    if (seen.has(url) || !script) continue;
    seen.add(url);
    queue.push(...moduleUrls(script.text, url, STATIC_IMPORT));
  }
  return seen;
}

export async function measureChat(pageUrl: string, headers: Record<string, string>): Promise<ChatWeight> {
  const page = await measurePage(pageUrl, headers);
  const scripts = new Map(page.scripts.map((s) => [s.url, s]));
  const entry = page.scripts.find((s) => /\/islands\/Chat-[^/]+\.js$/.test(s.url));
  const boot = page.scripts.find((s) => /\/boot-[^/]+\.js$/.test(s.url));
  if (!entry || !boot) throw new Error(`${pageUrl} does not load the Chat island`);
  const booted = closure(boot, scripts);
  const firstView = [...closure(entry, scripts)].filter((url) => !booted.has(url)).map((url) =>
    scripts.get(url)!
  );
  const loaded = new Set(scripts.keys());
  const lazy: Transfer[] = [];
  const queue = moduleUrls(entry.text, entry.url, DYNAMIC_IMPORT);
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (loaded.has(next)) continue;
    loaded.add(next);
    const script = await download(next);
    lazy.push(script);
    queue.push(...moduleUrls(script.text, next, STATIC_IMPORT));
  }
  if (lazy.length === 0) {
    throw new Error("The Chat island loads nothing lazily: its crypto is in the first view");
  }
  return { firstView, lazy };
}

/** The module signed-in pages load to register the service worker (lib/fresh/client/register_sw.ts). */
export const isRegistration = (url: string) => /\/register-[^/]+\.js$/.test(url);

/**
 * Pages that ship no JavaScript, with how many scripts each now loads (all must be 0) besides the
 * service worker's registration, which is reported on its own, with what it weighs on the wire.
 */
export async function scriptsOf(
  urls: string[],
  headers: Record<string, string>,
): Promise<{ counts: Map<string, number>; registration: Transfer[] }> {
  const counts = new Map<string, number>();
  const registration: Transfer[] = [];
  for (const url of urls) {
    const { scripts } = await measurePage(url, headers);
    const { pathname, search } = new URL(url);
    counts.set(`${pathname}${search}`, scripts.filter((s) => !isRegistration(s.url)).length);
    registration.push(...scripts.filter((s) => isRegistration(s.url)));
  }
  return { counts, registration };
}
