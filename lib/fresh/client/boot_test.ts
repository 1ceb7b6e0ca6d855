/**
 * boot() against linkedom's DOM: enough to prove the marker walk, the props
 * hand-over and that a root fragment keeps an island's nodes between its
 * markers. A real browser test lives with the browser suite.
 */
import assert from "node:assert/strict";
import { h } from "preact";
import { useState } from "preact/hooks";
import { type Signal, signal } from "@preact/signals";
import { parseHTML } from "linkedom";
import { serialize } from "../serializer.ts";
import { boot } from "./boot.ts";

function Counter(props: { start: number }) {
  const [count, setCount] = useState(props.start);
  return h(
    "div",
    { class: "counter" },
    h("button", { onClick: () => setCount(count + 1) }, String(count)),
    count > props.start ? h("em", null, "clicked") : null,
  );
}

function Level(props: { level: Signal<number> }) {
  return h("button", { onClick: () => props.level.value++ }, props.level);
}

/** The markup the server renders for `island`, between its markers. */
const marked = (id: string, index: number, html: string) =>
  `<!--frsh:island:${id}:${index}-->${html}<!--/frsh:island-->`;

/** Installs a parsed page as the global document for one test. */
function page(body: string, props: unknown[]) {
  const { document, Event } = parseHTML(
    `<!DOCTYPE html><html><head></head><body>${body}` +
      `<script id="__FRSH_STATE" type="application/json">${serialize(props)}</script></body></html>`,
  );
  const g = globalThis as Record<string, unknown>;
  g.document = document;
  const errors: unknown[][] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  return {
    document,
    errors,
    click: (el: Element) => el.dispatchEvent(new Event("click")),
    [Symbol.dispose]() {
      delete g.document;
      console.error = consoleError;
    },
  };
}

// Preact re-renders on a microtask; a macrotask lets it finish.
const rendered = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Node names and comment texts of `el`'s children, to see where nodes went. */
const shape = (el: Element) =>
  [...el.childNodes].map((n) => n.nodeType === 8 ? `<!--${(n as Comment).data}-->` : n.nodeName);

Deno.test("an island hydrates in place: same nodes, no wrapper, working handlers", async () => {
  using p = page(
    `<main><p>before</p>${
      marked("Counter", 0, `<div class="counter"><button>5</button></div>`)
    }<p>after</p></main>`,
    [{ start: 5 }],
  );
  const button = p.document.querySelector("button")!;
  boot({ Counter });
  assert.equal(p.document.querySelector("button"), button, "the server's node is reused");
  p.click(button);
  await rendered();
  assert.equal(button.textContent, "6");
  assert.deepEqual(p.errors, []);
  assert.deepEqual(shape(p.document.querySelector("main")!), [
    "P",
    "<!--frsh:island:Counter:0-->",
    "DIV",
    "<!--/frsh:island-->",
    "P",
  ]);
});

Deno.test("nodes an island moves or adds at its end stay before its end marker", async () => {
  // Preact skips comments when it looks for the node after a moved one, which
  // here is the end marker: it then names a node outside the island.
  function List() {
    const [items, setItems] = useState(["a", "b"]);
    return items.map((k) => h("li", { key: k, onClick: () => setItems(["b", "a", "c"]) }, k));
  }
  using p = page(`<ul>${marked("List", 0, "<li>a</li><li>b</li>")}<li>outside</li></ul>`, [{}]);
  boot({ List });
  p.click(p.document.querySelector("li")!);
  await rendered();
  const texts = [...p.document.querySelector("ul")!.childNodes].map((n) =>
    n.nodeType === 8 ? (n as Comment).data : n.textContent
  );
  assert.deepEqual(texts, ["frsh:island:List:0", "b", "a", "c", "/frsh:island", "outside"]);
});

Deno.test("two islands given one signal share it after hydration", async () => {
  const level = signal(1);
  using p = page(
    `<div>${marked("forms/Level", 0, "<button>1</button>")}${
      marked("forms/Level", 1, "<button>1</button>")
    }</div>`,
    [{ level }, { level }],
  );
  boot({ "forms/Level": Level });
  const [first, second] = p.document.querySelectorAll("button");
  p.click(first);
  await rendered();
  assert.equal(first.textContent, "2");
  assert.equal(second.textContent, "2");
  assert.equal(level.value, 1, "the browser's signal is its own, not the server's");
});

Deno.test("an island missing from boot() is reported and the others still hydrate", async () => {
  using p = page(
    marked("Ghost", 0, "<p>static</p>") +
      marked("Counter", 1, `<div class="counter"><button>0</button></div>`),
    [{}, { start: 0 }],
  );
  boot({ Counter });
  assert.equal(p.errors.length, 1);
  assert.match(String(p.errors[0][0]), /Island "Ghost".*not passed to boot\(\)/);
  p.click(p.document.querySelector("button")!);
  await rendered();
  assert.equal(p.document.querySelector("button")!.textContent, "1");
});

Deno.test("an island that throws while hydrating does not stop the others", () => {
  function Broken(): never {
    throw new Error("boom");
  }
  using p = page(
    marked("Broken", 0, "<p>x</p>") + marked("Counter", 1, `<div class="counter"><button>0</button></div>`),
    [{}, { start: 0 }],
  );
  boot({ Broken, Counter });
  assert.equal(p.errors.length, 1);
  assert.match(String(p.errors[0][0]), /Island "Broken" failed to hydrate/);
});
