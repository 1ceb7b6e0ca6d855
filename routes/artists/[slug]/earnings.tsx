import { page } from "fresh";
import { ActEarnings } from "../../../components/ActEarnings.tsx";
import type { ActKind } from "../../../domain/catalog.ts";
import { actEarningsPage } from "../../../services/payments/earnings_page.ts";
import { define, signInFirst } from "../../../utils.ts";

const PATH: Record<ActKind, string> = { solo: "/artists", band: "/bands" };

/**
 * An act's earnings, here for solo artists and in routes/bands/[slug]/earnings.tsx for bands, under the
 * profile's own path (the other answers 301 to it, as the profiles do). For the act's owner, its band's
 * members, admins and staff; anyone else gets the 404 of an act that is not there.
 */
export function actEarningsHandler(kind: ActKind) {
  return define.handlers({
    async GET(ctx) {
      if (!ctx.state.actor) return signInFirst(ctx);
      const earnings = await actEarningsPage(ctx.state.db, ctx.state.actor, ctx.params.slug);
      const { act } = earnings;
      if (act.kind !== kind) return ctx.redirect(`${PATH[act.kind]}/${act.slug}/earnings`, 301);
      ctx.state.title = `${act.name}: earnings`;
      return page({ ...earnings, now: ctx.state.deps.now() });
    },
  });
}

export const handler = actEarningsHandler("solo");

export default define.page<typeof handler>(({ data }) => <ActEarnings page={data} now={data.now} />);
