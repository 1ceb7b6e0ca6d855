export function SiteHeader(
  { path, signedIn, unread = 0 }: { path: string; signedIn: boolean; unread?: number },
) {
  const links = [
    { href: "/artists", label: "Artists" },
    { href: "/venues", label: "Venues" },
    { href: "/opportunities", label: "Gigs" },
    ...(signedIn
      ? [{ href: "/dashboard", label: "Dashboard" }]
      : [{ href: "/login", label: "Log in" }, { href: "/register", label: "Sign up" }]),
  ];
  return (
    <header class="bg-ink-900 text-white">
      {/* On a narrow phone the links wrap below the name rather than off the screen. */}
      <nav
        class="max-w-5xl mx-auto flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2 min-h-[3.5rem]"
        aria-label="Main"
      >
        <a href="/" class="font-bold text-lg tracking-tight">
          Artist<span class="text-saffron-400">Space</span>
        </a>
        <ul class="flex flex-wrap gap-x-3 gap-y-1 sm:gap-x-4 text-sm">
          {links.map((l) => (
            <li key={l.href} class="whitespace-nowrap">
              <a
                href={l.href}
                class={path.startsWith(l.href) ? "text-saffron-400" : "text-ink-100 hover:text-white"}
                aria-current={path.startsWith(l.href) ? "page" : undefined}
              >
                {l.label}
                {l.href === "/dashboard" && unread > 0 && (
                  <span
                    class="ml-1 rounded-full bg-saffron-500 text-ink-900 text-xs font-bold px-1.5"
                    aria-label={`${unread} unread`}
                    data-testid="unread"
                  >
                    {unread > 99 ? "99+" : unread}
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
