/**
 * The admin console's sections, in the order of its menu. `adminOnly` sections are hidden from staff, whose
 * services would refuse them anyway (domain/access.ts): staff verify and moderate; admins also change roles,
 * suspend, rule on disputes and refund.
 */
export interface AdminSection {
  href: string;
  label: string;
  /** One line on the overview. */
  summary: string;
  adminOnly?: boolean;
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { href: "/admin", label: "Overview", summary: "What waits for staff, and the platform's health." },
  {
    href: "/admin/users",
    label: "Users",
    summary: "Find anyone by name, e-mail or phone; roles, suspension.",
  },
  {
    href: "/admin/audit",
    label: "Audit log",
    summary: "Who did what, when: filter, open a change, export CSV.",
  },
  { href: "/admin/health", label: "Health", summary: "E-mail outbox, background jobs, payment webhooks." },
  { href: "/admin/verifications", label: "Verification", summary: "Acts and venues asking to be verified." },
  {
    href: "/admin/disputes",
    label: "Disputes",
    summary: "Open disputes with their evidence; admins rule on them.",
  },
  {
    href: "/admin/reviews",
    label: "Reviews",
    summary: "Reported reviews to hide or clear, and those hidden.",
  },
];

export function sectionsFor(isAdmin: boolean): AdminSection[] {
  return ADMIN_SECTIONS.filter((s) => isAdmin || !s.adminOnly);
}
