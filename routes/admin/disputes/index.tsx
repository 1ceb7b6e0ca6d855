import { page } from "fresh";
import { DisputeList } from "../../../components/admin/DisputeList.tsx";
import { type DisputeLine, disputeList } from "../../../services/admin/disputes.ts";
import { define } from "../../../utils.ts";

/** The open disputes, oldest first, for staff and admins. */
export const handler = define.handlers<{ disputes: DisputeLine[] }>({
  async GET(ctx) {
    ctx.state.title = "Disputes";
    return page({ disputes: await disputeList(ctx.state.db, ctx.state.actor) });
  },
});

export default define.page<typeof handler>(function Disputes({ data }) {
  return (
    <section class="max-w-5xl mx-auto px-4 py-6 grid gap-4">
      <div>
        <h1 class="text-2xl font-bold">Disputes</h1>
        <p class="text-sm text-ink-700">
          Oldest first. Open one for its booking, contract, money, timeline and the messages the parties
          disclosed. Only admins rule.
        </p>
      </div>
      <DisputeList disputes={data.disputes} />
    </section>
  );
});
