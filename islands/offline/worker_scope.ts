/**
 * The few service worker types the worker's modules use. The project type-checks against the DOM's
 * library, which has no ServiceWorkerGlobalScope, and adding the WebWorker library beside it clashes.
 */
import { SERVICE_WORKER_BUILD, type ServiceWorkerBuild } from "../../lib/fresh/islands.ts";

export interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

export interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}

export interface WorkerScope {
  readonly location: { readonly origin: string };
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
}

/** The worker's global scope, and the build it was served for (lib/fresh/service_worker.ts). */
export function workerScope(): { scope: WorkerScope; build: ServiceWorkerBuild } {
  const scope = globalThis as unknown as WorkerScope & Record<string, ServiceWorkerBuild>;
  return { scope, build: scope[SERVICE_WORKER_BUILD] };
}
