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
      <nav class="max-w-5xl mx-auto flex items-center justify-between gap-4 px-4 h-14" aria-label="Main">
        <a href="/" class="font-bold text-lg tracking-tight">
          Artist<span class="text-saffron-400">Space</span>
        </a>
        <ul class="flex gap-3 sm:gap-4 text-sm">
          {links.map((l) => (
            <li key={l.href}>
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
