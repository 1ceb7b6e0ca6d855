import { sectionsFor } from "./sections.ts";

/** The console's menu: a row of links that scrolls sideways on a phone rather than wrapping into a wall. */
export function AdminNav({ path, isAdmin }: { path: string; isAdmin: boolean }) {
  const current = (href: string) => href === "/admin" ? path === "/admin" : path.startsWith(href);
  return (
    <nav aria-label="Admin console" class="bg-ink-50 border-b border-ink-100">
      <ul class="max-w-5xl mx-auto flex gap-4 overflow-x-auto px-4 py-2 text-sm whitespace-nowrap">
        {sectionsFor(isAdmin).map((s) => (
          <li key={s.href}>
            <a
              href={s.href}
              class={current(s.href) ? "font-semibold text-ink-900" : "text-ink-500 hover:text-ink-900"}
              aria-current={current(s.href) ? "page" : undefined}
            >
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
