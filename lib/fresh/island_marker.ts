/**
 * Server side of islands: every island component, wherever a route uses it,
 * renders between two comment markers and leaves its props with the page's
 * collector, so the client can hydrate exactly that region.
 *
 * The collector travels in Preact context, not in a module variable: renders
 * are async, and two requests rendering at once must not see each other's
 * islands.
 */
import { type ComponentType, createContext, Fragment, h, options, type VNode } from "preact";
import { useContext } from "preact/hooks";
import { ISLAND_CLOSE, ISLAND_OPEN } from "./islands.ts";

export interface IslandUse {
  id: string;
  props: Record<string, unknown>;
}

export interface IslandCollector {
  islands: IslandUse[];
}

/** `inside` is true below an island: nested islands hydrate with their parent. */
const CollectorContext = createContext<{ collector: IslandCollector; inside: boolean } | null>(
  null,
);

const wrappers = new WeakMap<ComponentType<any>, ComponentType<any>>();
let hooked = false;
/** Set while the wrapper creates the island's own vnode, which must stay unwrapped. */
let bypass = false;

/** Declares `component` as the island `id`; idempotent. */
export function registerIsland(id: string, component: ComponentType<any>): void {
  if (wrappers.has(component)) return;
  wrappers.set(component, islandWrapper(id, component));
  if (!hooked) {
    hooked = true;
    const previous = options.vnode;
    options.vnode = (vnode: VNode<any>) => {
      const wrapper = !bypass && typeof vnode.type === "function" ? wrappers.get(vnode.type) : undefined;
      if (wrapper) vnode.type = wrapper;
      previous?.(vnode);
    };
  }
}

function islandWrapper(id: string, Island: ComponentType<any>): ComponentType<any> {
  function IslandRoot(props: Record<string, unknown>) {
    const scope = useContext(CollectorContext);
    if (!scope || scope.inside) return unwrapped(Island, props);
    const index = scope.collector.islands.push({ id, props }) - 1;
    return h(
      Fragment,
      null,
      h(Fragment, { UNSTABLE_comment: `${ISLAND_OPEN}${id}:${index}` } as object),
      h(
        CollectorContext.Provider,
        { value: { collector: scope.collector, inside: true } },
        unwrapped(Island, props),
      ),
      h(Fragment, { UNSTABLE_comment: ISLAND_CLOSE } as object),
    );
  }
  IslandRoot.displayName = `Island(${id})`;
  return IslandRoot;
}

function unwrapped(Island: ComponentType<any>, props: Record<string, unknown>): VNode {
  bypass = true;
  try {
    return h(Island, props);
  } finally {
    bypass = false;
  }
}

/** Wraps a page tree so the islands it renders are collected. */
export function withIslandCollector(vnode: VNode, collector: IslandCollector): VNode {
  return h(CollectorContext.Provider, { value: { collector, inside: false } }, vnode) as VNode;
}
