/**
 * The public types of the Fresh 2 contract, so app code written against them
 * ports to real Fresh by changing the import map.
 */
import type { ComponentType, VNode } from "preact";

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type Method = (typeof METHODS)[number];

export interface FreshConfig {
  /** "development" turns on readable errors in pages. */
  mode: "development" | "production";
}

export interface FreshContext<State = unknown> {
  readonly req: Request;
  readonly url: URL;
  /** Parameters of the matched route, decoded. */
  readonly params: Record<string, string>;
  /** Per-request state, shared by middleware, handlers and pages. */
  state: State;
  /** The matched pattern, e.g. "/artists/:id"; null when nothing matched. */
  readonly route: string | null;
  readonly config: FreshConfig;
  readonly info: Deno.ServeHandlerInfo | undefined;
  /** The error being rendered, in `_error` and `_404` pages. */
  error: unknown;
  /** In middleware: runs the rest of the chain and returns its response. */
  next(): Promise<Response>;
  redirect(pathOrUrl: string, status?: number): Response;
  /** Renders arbitrary JSX inside the route's layouts and `_app`. */
  render(vnode: VNode | null, init?: ResponseInit): Promise<Response>;
}

/** What a handler returns to have the page component render `data`. */
export interface PageResponse<Data> {
  readonly data: Data;
  readonly status?: number;
  readonly headers?: HeadersInit;
}

type MaybePromise<T> = T | Promise<T>;

export type HandlerFn<Data, State> = (
  ctx: FreshContext<State>,
) => MaybePromise<Response | PageResponse<Data>>;

export type HandlerByMethod<Data, State> = {
  [M in Method]?: HandlerFn<Data, State>;
};

export type RouteHandler<Data, State> = HandlerFn<Data, State> | HandlerByMethod<Data, State>;

export type Middleware<State> = (ctx: FreshContext<State>) => MaybePromise<Response>;

export interface PageProps<Data = undefined, State = unknown> {
  /** In `_app` and `_layout`: the inner content to render. */
  Component: ComponentType;
  data: Data;
  params: Record<string, string>;
  url: URL;
  state: State;
  route: string | null;
  req: Request;
  config: FreshConfig;
  info: Deno.ServeHandlerInfo | undefined;
  error?: unknown;
  isPartial: false;
}

export type PageComponent<Data = unknown, State = unknown> = (
  props: PageProps<Data, State>,
) => MaybePromise<VNode | null>;

/** Per-route options, exported as `config` from a route file. */
export interface RouteConfig {
  skipAppWrapper?: boolean;
  skipInheritedLayouts?: boolean;
}

export interface RouteModule {
  default?: PageComponent<any, any>;
  handler?: RouteHandler<any, any> | Middleware<any> | Middleware<any>[];
  config?: RouteConfig;
}

export interface IslandModule {
  default: ComponentType<any>;
}

/** The shape of the generated `fresh.gen.ts`. */
export interface Manifest {
  routes: Record<string, RouteModule>;
  islands: Record<string, IslandModule>;
  baseUrl: string;
}
