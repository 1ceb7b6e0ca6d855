import { page } from "fresh";
import { MyPayments } from "../../components/MyPayments.tsx";
import { myPayments } from "../../services/payments/reads.ts";
import { define, signInFirst } from "../../utils.ts";

/** The signed-in organizer's payments, newest first, each with its booking and tax invoice. */
export const handler = define.handlers({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    ctx.state.title = "Your payments";
    return page({ payments: await myPayments(ctx.state.db, ctx.state.actor) });
  },
});

export default define.page<typeof handler>(({ data }) => <MyPayments payments={data.payments} />);
