import { page } from "fresh";
import { HealthSummary } from "../../components/admin/HealthPanels.tsx";
import { sectionsFor } from "../../components/admin/sections.ts";
import { isAdmin } from "../../domain/access.ts";
import { healthReport } from "../../services/admin/health.ts";
import { define } from "../../utils.ts";

/** The console's front page: where each part of the work is, and whether the platform is well. */
export const handler = define.handlers({
  async GET(ctx) {
    ctx.state.title = "Admin console";
    return page({
      admin: isAdmin(ctx.state.actor!),
      health: await healthReport(ctx.state.deps, ctx.state.actor),
    });
  },
});

export default define.page<typeof handler>(function AdminHome({ data }) {
  const sections = sectionsFor(data.admin).filter((s) => s.href !== "/admin");
  return (
    <section class="max-w-5xl mx-auto px-4 py-6 grid gap-4">
      <h1 class="text-2xl font-bold">Admin console</h1>
      <HealthSummary report={data.health} />
      <ul class="grid gap-3 sm:grid-cols-2" data-testid="admin-sections">
        {sections.map((s) => (
          <li key={s.href} class="bg-white rounded-xl shadow-sm p-4">
            <a href={s.href} class="font-semibold text-ink-900 underline">{s.label}</a>
            <p class="text-sm text-ink-500 mt-1">{s.summary}</p>
          </li>
        ))}
      </ul>
    </section>
  );
});
