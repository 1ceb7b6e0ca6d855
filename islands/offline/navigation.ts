/**
 * Pages: the network first, so a page is as current as the connection
 * allows. If it fails, or is silent for NETWORK_WAIT_MS, a saved copy is
 * shown (domain/offline_copies.ts); with no copy, a slow network is waited
 * for and a failed one gives the offline page. Whatever was shown, the
 * network's page, when it comes, updates the copies (copies.ts).
 */
import type { ServiceWorkerBuild } from "../../lib/fresh/islands.ts";
import { isKeptAddress } from "../../domain/offline_copies.ts";
import { notePage, savedCopy } from "./copies.ts";
import { offlinePage } from "./shell.ts";
import type { FetchEvent } from "./worker_scope.ts";

export const NETWORK_WAIT_MS = 3_000;

export async function answerNavigation(event: FetchEvent, build: ServiceWorkerBuild): Promise<Response> {
  const url = new URL(event.request.url);
  const network = fetch(event.request);
  // Cloned in the first reaction to the response, before the page is handed to the browser.
  event.waitUntil(network.then((res) => notePage(url, res.clone(), new Date())).catch(() => {}));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const first = await Promise.race([
    network.then((res) => ({ res }), () => ({ failed: true })),
    new Promise<{ slow: true }>((resolve) =>
      timer = setTimeout(() => resolve({ slow: true }), NETWORK_WAIT_MS)
    ),
  ]);
  clearTimeout(timer);
  if ("res" in first) return first.res;
  const copy = isKeptAddress(url) ? await savedCopy(url) : undefined;
  if (copy) return copy;
  if ("slow" in first) {
    try {
      return await network;
    } catch {
      // Failed after all: as below.
    }
  }
  return await offlinePage(build);
}
