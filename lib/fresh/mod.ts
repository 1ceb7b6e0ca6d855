/**
 * The `fresh` module of this app: the subset of Fresh 2's public API that
 * routes and islands use. Import from "fresh", never from these files.
 */
export { createDefine, page } from "./define.ts";
export type { Define } from "./define.ts";
export { HttpError } from "./http_error.ts";
export type {
  FreshConfig,
  FreshContext,
  Manifest,
  Middleware,
  PageProps,
  PageResponse,
  RouteConfig,
  RouteHandler,
} from "./types.ts";
