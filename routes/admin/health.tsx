import { page } from "fresh";
import { JobsSection, OutboxSection, PaymentsSection } from "../../components/admin/HealthPanels.tsx";
import { type HealthReport, healthReport } from "../../services/admin/health.ts";
import { define } from "../../utils.ts";

/** The platform's health, for staff and admins: outbox, background jobs, payment gateways. */
export const handler = define.handlers<HealthReport>({
  async GET(ctx) {
    ctx.state.title = "Health · Admin console";
    return page(await healthReport(ctx.state.deps, ctx.state.actor));
  },
});

export default define.page<typeof handler>(function Health({ data }) {
  return (
    <section class="max-w-5xl mx-auto px-4 py-6 grid gap-4">
      <h1 class="text-2xl font-bold">Health</h1>
      <OutboxSection report={data} />
      <JobsSection report={data} />
      <PaymentsSection report={data} />
    </section>
  );
});
