/**
 * The request dispatcher: finds the route, runs its folders' middleware
 * outermost first, calls the handler for the method, and renders the page
 * inside its layouts and `_app`, or the nearest `_404`/`_error` page.
 */
import { type ComponentType, h, type VNode } from "preact";
import { HttpError } from "./http_error.ts";
import { locationFor } from "./location.ts";
import { isPageResponse } from "./define.ts";
import { registerIsland } from "./island_marker.ts";
import { islandIdOf } from "./islands.ts";
import { type InlineHashes, renderDocument, type RenderOptions } from "./render.ts";
import { splitPath } from "./route_pattern.ts";
import {
  buildRouteTable,
  type Folder,
  foldersForPath,
  matchRoute,
  type Route,
  type RouteTable,
} from "./route_table.ts";
import type {
  FreshConfig,
  FreshContext,
  HandlerFn,
  Manifest,
  Method,
  PageComponent,
  PageProps,
  RouteHandler,
} from "./types.ts";
import { METHODS } from "./types.ts";

export interface FreshOptions extends RenderOptions {
  config: FreshConfig;
  /**
   * The Content-Security-Policy header of a page, given the hashes of its inline code and its route
   * pattern (null for an error page), so a page that needs an outside script can be allowed it alone.
   */
  contentSecurityPolicy?: (inline: InlineHashes, route: string | null) => string;
  /** Status for errors that are not HttpErrors (e.g. the app's own error types); undefined = 500. */
  errorStatus?: (error: unknown) => number | undefined;
  /** Called for every error answered with a 5xx status. */
  onServerError?: (error: unknown, req: Request) => void;
}

export interface RequestExtras {
  info?: Deno.ServeHandlerInfo;
  /** Initial `ctx.state`, e.g. values set by outer (Hono) middleware. */
  state?: Record<string, unknown>;
}

export type FreshHandler = (req: Request, extras?: RequestExtras) => Promise<Response>;

export function createFreshHandler(manifest: Manifest, options: FreshOptions): FreshHandler {
  for (const [key, mod] of Object.entries(manifest.islands)) {
    registerIsland(islandIdOf(key.replace(/^\.\/islands\//, "")), mod.default);
  }
  const table = buildRouteTable(manifest);
  return (req, extras = {}) => dispatch(table, options, req, extras);
}

async function dispatch(
  table: RouteTable,
  options: FreshOptions,
  req: Request,
  extras: RequestExtras,
): Promise<Response> {
  const url = new URL(req.url);
  const parts = splitPath(url.pathname);
  const match = parts ? matchRoute(table, parts) : null;
  const folders = match ? match.route.folders : foldersForPath(table, parts ?? []);
  const chain = layoutChain(table, folders, match?.route);
  const ctx = new Context(req, url, match?.params ?? {}, match?.route ?? null, chain, extras, options);

  const middlewares = folders.flatMap((f) => f.middlewares);
  const final = () => match ? runRoute(ctx, match.route) : Promise.reject(new HttpError(404));
  let index = -1;
  const step = (i: number): Promise<Response> => {
    if (i <= index) return Promise.reject(new Error("ctx.next() called more than once"));
    index = i;
    const middleware = middlewares[i];
    if (!middleware) return final();
    ctx.next = () => step(i + 1);
    return Promise.resolve(middleware(ctx));
  };
  try {
    return await step(0);
  } catch (error) {
    return renderError(ctx, folders, error);
  }
}

async function runRoute(ctx: Context, route: Route): Promise<Response> {
  const method = ctx.req.method.toUpperCase() as Method;
  const { handler, default: component } = route.module;
  const fn = pickHandler(handler as RouteHandler<unknown, unknown> | undefined, method, component);
  if (fn === null) {
    const allow = allowedMethods(handler as RouteHandler<unknown, unknown> | undefined, component);
    return new Response(null, { status: 405, headers: { Allow: allow.join(", ") } });
  }
  const result = await fn(ctx);
  const response = isPageResponse(result)
    ? await renderPage(ctx, route, result.data, result.status, result.headers)
    : result;
  if (!(response instanceof Response)) {
    throw new Error(`${route.file}: the ${method} handler returned neither a Response nor page()`);
  }
  return method === "HEAD" ? new Response(null, response) : response;
}

/** The function that answers `method`, or null for 405. HEAD falls back to GET. */
function pickHandler(
  handler: RouteHandler<unknown, unknown> | undefined,
  method: Method,
  component: PageComponent | undefined,
): HandlerFn<unknown, unknown> | null {
  if (typeof handler === "function") return handler;
  const byMethod = handler ?? {};
  const own = byMethod[method] ?? (method === "HEAD" ? byMethod.GET : undefined);
  if (own) return own;
  if (component && (method === "GET" || method === "HEAD")) return () => ({ data: undefined });
  return null;
}

function allowedMethods(
  handler: RouteHandler<unknown, unknown> | undefined,
  component: PageComponent | undefined,
): Method[] {
  const methods = new Set(METHODS.filter((m) => typeof handler === "object" && handler[m]));
  if (component || methods.has("GET")) methods.add("GET").add("HEAD");
  return METHODS.filter((m) => methods.has(m));
}

function renderPage(
  ctx: Context,
  route: Route,
  data: unknown,
  status = 200,
  headers?: HeadersInit,
): Promise<Response> {
  const Page = route.module.default;
  if (!Page) throw new Error(`${route.file} returned page() but has no default export to render`);
  return ctx.renderWith(Page, data, { status, headers }, route);
}

async function renderError(ctx: Context, folders: Folder[], error: unknown): Promise<Response> {
  const status = error instanceof HttpError ? error.status : ctx.options.errorStatus?.(error) ?? 500;
  if (status >= 500) ctx.options.onServerError?.(error, ctx.req);
  ctx.error = error;
  const deepest = <K extends "notFound" | "error">(key: K) =>
    [...folders].reverse().find((f) => f[key])?.[key];
  const Page = (status === 404 ? deepest("notFound") : undefined) ?? deepest("error");
  if (Page) {
    try {
      return await ctx.renderWith(Page, undefined, { status });
    } catch (pageError) {
      ctx.options.onServerError?.(pageError, ctx.req);
    }
  }
  return new Response(status === 404 ? "Not Found" : "Internal Server Error", {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

interface Chain {
  app?: PageComponent;
  layouts: PageComponent[];
}

/** Layouts outermost first; a layout's or route's `config` can cut the chain above it. */
function layoutChain(table: RouteTable, folders: Folder[], route: Route | undefined): Chain {
  let layouts: PageComponent[] = [];
  let skipApp = route?.config.skipAppWrapper ?? false;
  if (!route?.config.skipInheritedLayouts) {
    for (const folder of folders) {
      if (!folder.layout) continue;
      if (folder.layoutConfig?.skipInheritedLayouts) layouts = [];
      if (folder.layoutConfig?.skipAppWrapper) skipApp = true;
      layouts.push(folder.layout);
    }
  }
  return { app: skipApp ? undefined : table.app, layouts };
}

class Context implements FreshContext<Record<string, unknown>> {
  state: Record<string, unknown>;
  error: unknown = undefined;
  next: () => Promise<Response> = () => Promise.reject(new Error("ctx.next() outside middleware"));
  readonly config: FreshConfig;
  readonly info: Deno.ServeHandlerInfo | undefined;

  constructor(
    readonly req: Request,
    readonly url: URL,
    readonly params: Record<string, string>,
    private readonly matched: Route | null,
    private readonly chain: Chain,
    extras: RequestExtras,
    readonly options: FreshOptions,
  ) {
    this.state = { ...extras.state };
    this.config = options.config;
    this.info = extras.info;
  }

  get route(): string | null {
    return this.matched?.pattern ?? null;
  }

  redirect(pathOrUrl: string, status = 302): Response {
    return new Response(null, { status, headers: { Location: locationFor(pathOrUrl) } });
  }

  render(vnode: VNode | null, init?: ResponseInit): Promise<Response> {
    return this.renderWith(() => vnode, undefined, init);
  }

  /** Renders `Page` inside the layouts and `_app` of the current route. */
  async renderWith(
    Page: PageComponent,
    data: unknown,
    init: ResponseInit = {},
    route: Route | null = this.matched,
  ): Promise<Response> {
    const chain = this.chain;
    const base: Omit<PageProps<unknown, unknown>, "Component"> = {
      data,
      params: this.params,
      url: this.url,
      state: this.state,
      route: route?.pattern ?? null,
      req: this.req,
      config: this.config,
      info: this.info,
      error: this.error,
      isPartial: false,
    };
    // Innermost first: each wrapper receives the one inside it as Component.
    let Inner: ComponentType = () => h(Page as ComponentType<any>, { ...base, Component: Empty });
    for (const Wrapper of [...chain.layouts].reverse().concat(chain.app ? [chain.app] : [])) {
      const Component: ComponentType = Inner;
      Inner = (): VNode => h(Wrapper as ComponentType<any>, { ...base, Component });
    }
    const { html, inline } = await renderDocument(h(Inner, null), this.options);
    const headers = new Headers(init.headers);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "text/html; charset=utf-8");
    const csp = this.options.contentSecurityPolicy;
    if (csp) headers.set("Content-Security-Policy", csp(inline, route?.pattern ?? null));
    return new Response(html, { status: init.status ?? 200, headers });
  }
}

function Empty() {
  return null;
}
