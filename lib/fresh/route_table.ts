/**
 * Turns the manifest's flat list of route files into what the dispatcher
 * needs: pages ordered by specificity, each with the chain of folders it
 * lives in (whose `_middleware`, `_layout`, `_404` and `_error` apply to it).
 */
import {
  compareSpecificity,
  formatPattern,
  isGroup,
  matchSegments,
  type Params,
  parseSegments,
  type Segment,
} from "./route_pattern.ts";
import type { Manifest, Middleware, PageComponent, RouteConfig, RouteModule } from "./types.ts";

export interface Folder {
  /** Path relative to routes/, "" for the root, e.g. "(app)/artists". */
  path: string;
  segments: Segment[];
  /** True when the folder or one of its ancestors is a `(group)`. */
  inGroup: boolean;
  middlewares: Middleware<unknown>[];
  layout?: PageComponent;
  layoutConfig?: RouteConfig;
  notFound?: PageComponent;
  error?: PageComponent;
}

export interface Route {
  file: string;
  pattern: string;
  segments: Segment[];
  module: RouteModule;
  config: RouteConfig;
  /** Outermost first. */
  folders: Folder[];
}

export interface RouteTable {
  app?: PageComponent;
  routes: Route[];
  folders: Folder[];
}

const SPECIAL = new Set(["_app", "_layout", "_middleware", "_404", "_error", "_500"]);

/** "./routes/blog/[slug].tsx" -> "blog/[slug]" */
export function routePathOf(key: string): string {
  const m = /^\.\/routes\/(.*)\.(tsx|ts|jsx|js)$/.exec(key);
  if (!m) throw new Error(`Not a route file: ${key}`);
  return m[1];
}

export function buildRouteTable(manifest: Manifest): RouteTable {
  const folders = new Map<string, Folder>();
  const folderOf = (path: string): Folder => {
    let f = folders.get(path);
    if (!f) {
      f = {
        path,
        segments: parseSegments(path),
        inGroup: path.split("/").some(isGroup),
        middlewares: [],
      };
      folders.set(path, f);
    }
    return f;
  };
  const chainOf = (dir: string): Folder[] => {
    const parts = dir === "" ? [] : dir.split("/");
    return [folderOf(""), ...parts.map((_, i) => folderOf(parts.slice(0, i + 1).join("/")))];
  };

  let app: PageComponent | undefined;
  const routes: Route[] = [];
  for (const [key, module] of Object.entries(manifest.routes)) {
    const path = routePathOf(key);
    const slash = path.lastIndexOf("/");
    const dir = slash === -1 ? "" : path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (SPECIAL.has(name)) {
      const folder = folderOf(dir);
      switch (name) {
        case "_app":
          if (dir !== "") throw new Error(`${key}: _app is only allowed at the root of routes/`);
          app = required(key, module.default);
          break;
        case "_layout":
          folder.layout = required(key, module.default);
          folder.layoutConfig = module.config;
          break;
        case "_middleware": {
          const handler = module.handler;
          if (!handler) throw new Error(`${key}: a _middleware file must export "handler"`);
          const list = Array.isArray(handler) ? handler : [handler];
          if (list.some((m) => typeof m !== "function")) {
            throw new Error(`${key}: "handler" must be a function or an array of functions`);
          }
          folder.middlewares.push(...(list as Middleware<unknown>[]));
          break;
        }
        case "_404":
          folder.notFound = required(key, module.default);
          break;
        case "_error":
        case "_500":
          folder.error = required(key, module.default);
          break;
      }
      continue;
    }
    const segments = parseSegments(path);
    routes.push({
      file: key,
      pattern: formatPattern(segments),
      segments,
      module,
      config: module.config ?? {},
      folders: chainOf(dir),
    });
  }
  routes.sort((a, b) => compareSpecificity(a.segments, b.segments) || a.file.localeCompare(b.file));
  assertNoDuplicates(routes);
  return { app, routes, folders: [...folders.values()] };
}

function required(key: string, component: PageComponent | undefined): PageComponent {
  if (typeof component !== "function") throw new Error(`${key}: must default-export a component`);
  return component;
}

/** Two files whose patterns differ only in parameter names would shadow each other. */
function assertNoDuplicates(routes: Route[]): void {
  const seen = new Map<string, string>();
  for (const route of routes) {
    const shape = route.segments.map((s) => s.kind === "static" ? `/${s.value}` : `/[${s.kind}]`)
      .join("");
    const other = seen.get(shape);
    if (other) throw new Error(`${other} and ${route.file} both answer ${route.pattern}`);
    seen.set(shape, route.file);
  }
}

export interface Match {
  route: Route;
  params: Params;
}

export function matchRoute(table: RouteTable, parts: string[]): Match | null {
  for (const route of table.routes) {
    const params = matchSegments(route.segments, parts);
    if (params) return { route, params };
  }
  return null;
}

/**
 * The folders an unmatched URL lies in, outermost first, so a 404 still runs
 * the middleware and gets the `_404` page of the deepest folder it falls in.
 * Groups are skipped: an unmatched URL cannot say which group it belongs to.
 */
export function foldersForPath(table: RouteTable, parts: string[]): Folder[] {
  return table.folders
    .filter((f) => !f.inGroup && matchSegments(f.segments, parts, true) !== null)
    .sort((a, b) => depthOf(a) - depthOf(b));
}

function depthOf(folder: Folder): number {
  return folder.path === "" ? 0 : folder.path.split("/").length;
}
