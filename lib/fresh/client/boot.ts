/**
 * The browser entry of every page with islands. The server's inline module
 * script imports this and each island used on the page, then calls
 * boot({ id: Component, ... }). Only the marked regions hydrate; the rest of
 * the page stays the server's HTML.
 */
import { type ComponentType, h, hydrate } from "preact";
// Imported for its side effect too: it teaches Preact to render signals, which
// server-rendered island markup may contain even when the island never
// imports @preact/signals itself (Fresh behaves the same).
import { signal } from "@preact/signals";
import { ISLAND_CLOSE, ISLAND_OPEN, STATE_ID } from "../islands.ts";
import { deserialize } from "./deserialize.ts";

// NodeFilter.SHOW_COMMENT and Node.DOCUMENT_POSITION_FOLLOWING, as numbers:
// they minify smaller and need no DOM globals beyond `document`.
const SHOW_COMMENT = 0x80;
const FOLLOWING = 4;

export function boot(islands: Record<string, ComponentType<any>>): void {
  const state = document.getElementById(STATE_ID);
  const props = (state ? deserialize(state.textContent!, signal) : []) as Record<string, unknown>[];

  // Collect every region first: hydration changes the DOM being walked.
  const regions: [Comment, Comment][] = [];
  const open: Comment[] = [];
  const walker = document.createTreeWalker(document, SHOW_COMMENT);
  while (walker.nextNode()) {
    const c = walker.currentNode as Comment;
    if (c.data.startsWith(ISLAND_OPEN)) open.push(c);
    else if (c.data === ISLAND_CLOSE && open.length) regions.push([open.pop()!, c]);
  }

  for (const [start, end] of regions) {
    const spec = start.data.slice(ISLAND_OPEN.length);
    const colon = spec.lastIndexOf(":");
    const id = spec.slice(0, colon);
    const Island = islands[id];
    if (!Island) {
      console.error(`Island "${id}" is on the page but was not passed to boot(), so it stays static`);
      continue;
    }
    // One broken island must not keep the others from hydrating.
    try {
      hydrate(h(Island, props[+spec.slice(colon + 1)]), rootFragment(start, end));
    } catch (err) {
      console.error(`Island "${id}" failed to hydrate`, err);
    }
  }
}

/**
 * A stand-in parent spanning exactly the nodes between two markers, so Preact
 * can own a region of a real element without a wrapper element (Preact's
 * createRootFragment technique, as in Fresh 1).
 */
export function rootFragment(start: Comment, end: Comment): Element {
  const parent = start.parentNode!;
  // Preact steps over comments when looking for the next sibling, so it may
  // name a node past the end marker; anything at or past it means "append".
  const insert = (node: Node, before?: Node | null) =>
    parent.insertBefore(
      node,
      before && !(end.compareDocumentPosition(before) & FOLLOWING) ? before : end,
    );
  return {
    namespaceURI: (parent as Element).namespaceURI,
    get firstChild() {
      const first = start.nextSibling;
      return first === end ? null : first;
    },
    get childNodes() {
      const nodes: Node[] = [];
      for (let n = start.nextSibling; n && n !== end; n = n.nextSibling) nodes.push(n);
      return nodes;
    },
    insertBefore: insert,
    appendChild: insert,
    removeChild: (node: Node) => parent.removeChild(node),
  } as unknown as Element;
}
