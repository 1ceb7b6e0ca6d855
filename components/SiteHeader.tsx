import { HEADER_UNREAD_ID } from "../islands/messages/header_count.ts";

const BADGE = "ml-1 rounded-full bg-saffron-500 text-ink-900 text-xs font-bold px-1.5";
const count = (n: number) => n > 99 ? "99+" : String(n);

/**
 * The site's header. Signed in, it counts unread notifications (on Dashboard) and unread messages (on
 * Messages); the messages badge is always in the page, hidden at zero, so a page with the chat can
 * keep it current (islands/messages/header_count.ts).
 */
export function SiteHeader(
  { path, signedIn, unread = 0, unreadMessages = 0 }: {
    path: string;
    signedIn: boolean;
    unread?: number;
    unreadMessages?: number;
  },
) {
  const links = [
    { href: "/artists", label: "Artists" },
    { href: "/venues", label: "Venues" },
    { href: "/opportunities", label: "Gigs" },
    ...(signedIn
      ? [{ href: "/messages", label: "Messages" }, { href: "/dashboard", label: "Dashboard" }]
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
                  <span class={BADGE} aria-label={`${unread} unread`} data-testid="unread">
                    {count(unread)}
                  </span>
                )}
                {l.href === "/messages" && (
                  <span
                    id={HEADER_UNREAD_ID}
                    class={BADGE}
                    aria-label={`${unreadMessages} unread`}
                    hidden={unreadMessages === 0}
                    data-testid="messages-unread"
                  >
                    {count(unreadMessages)}
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
