/**
 * `createDefine<State>()` and `page()`: identity helpers whose only job is to
 * carry types from handlers to pages, exactly as Fresh 2 spells them.
 */
import type { VNode } from "preact";
import type {
  HandlerByMethod,
  HandlerFn,
  Middleware,
  PageProps,
  PageResponse,
  RouteHandler,
} from "./types.ts";

type MaybePromise<T> = T | Promise<T>;

/** The `data` type a handler hands to its page. */
export type HandlerData<H> = H extends HandlerFn<infer D, any> ? D
  : H extends HandlerByMethod<infer D, any> ? D
  : never;

export interface Define<State> {
  handlers<Data, H extends RouteHandler<Data, State> = RouteHandler<Data, State>>(handlers: H): H;
  page<H = never, Data = [H] extends [never] ? undefined : HandlerData<H>>(
    render: (props: PageProps<Data, State>) => MaybePromise<VNode | null>,
  ): (props: PageProps<Data, State>) => MaybePromise<VNode | null>;
  layout(
    render: (props: PageProps<unknown, State>) => MaybePromise<VNode | null>,
  ): (props: PageProps<unknown, State>) => MaybePromise<VNode | null>;
  middleware<M extends Middleware<State> | Middleware<State>[]>(middleware: M): M;
}

export function createDefine<State>(): Define<State> {
  return {
    handlers: (handlers) => handlers,
    page: (render) => render,
    layout: (render) => render,
    middleware: (middleware) => middleware,
  };
}

/** Returned from a handler: render the route's page with `data`. */
export function page<Data>(
  data?: Data,
  options?: { status?: number; headers?: HeadersInit },
): PageResponse<Data> {
  return { data: data as Data, status: options?.status, headers: options?.headers };
}

export function isPageResponse(value: unknown): value is PageResponse<unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Response) &&
    "data" in value;
}
