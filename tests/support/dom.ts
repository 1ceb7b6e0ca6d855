/**
 * Pages as a DOM (linkedom), so tests find elements by role, label, text or
 * data-testid, as a person or an assistive tool would, rather than by
 * markup and styling classes that change with the look.
 */
import { DOMParser } from "linkedom";

export function parsePage(html: string): Document {
  return new DOMParser().parseFromString(html, "text/html") as unknown as Document;
}

/** The first element matching `selector`; fails naming it when there is none. */
export function find(root: ParentNode, selector: string): Element {
  const element = root.querySelector(selector);
  if (!element) throw new Error(`Nothing on the page matches ${selector}`);
  return element;
}

/** The trimmed text of each element matching `selector`, in page order. */
export function textsOf(root: ParentNode, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((e) => e.textContent?.trim() ?? "");
}

/** An element's own text, without its child elements' (a badge inside a heading). */
export function ownText(element: Element): string {
  const TEXT_NODE = 3;
  return [...element.childNodes].filter((n) => n.nodeType === TEXT_NODE).map((n) => n.textContent).join("")
    .trim();
}
