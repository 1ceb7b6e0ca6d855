import { page } from "fresh";
import { TrustExplanationCard } from "../../../components/TrustExplanation.tsx";
import {
  myTrustExplanations,
  type TrustExplanation,
  trustExplanation,
} from "../../../services/trust/explain.ts";
import { define, signInFirst } from "../../../utils.ts";

/**
 * The signed-in person's trust scores explained: as an organizer and for each
 * act and venue they own, with the newest changes; `?type=&id=` (and `page`)
 * is one subject's whole history, which its owner, staff and admins may read.
 */
interface Data {
  explanations: TrustExplanation[];
  /** One subject's history, a page at a time. */
  single: boolean;
}

export const handler = define.handlers<Data>({
  async GET(ctx) {
    if (!ctx.state.actor) return signInFirst(ctx);
    const query = ctx.url.searchParams;
    const type = query.get("type");
    const id = query.get("id");
    const now = ctx.state.deps.now();
    if (type !== null || id !== null) {
      const one = await trustExplanation(ctx.state.db, ctx.state.actor, type ?? "", id ?? "", {
        page: query.get("page") ?? undefined,
      }, now);
      ctx.state.title = `Trust score: ${one.subject.name}`;
      return page({ explanations: [one], single: true });
    }
    ctx.state.title = "Your trust scores";
    return page({
      explanations: await myTrustExplanations(ctx.state.db, ctx.state.actor, now),
      single: false,
    });
  },
});

export default define.page<typeof handler>(function Trust({ data: { explanations, single } }) {
  return (
    <section class="max-w-2xl mx-auto px-4 py-8 grid gap-6">
      <div class="grid gap-1">
        <p class="text-sm">
          <a href={single ? "/account/trust" : "/account"} class="underline">
            {single ? "All your trust scores" : "Your account"}
          </a>
        </p>
        <h1 class="text-2xl font-bold">{single ? "Trust score history" : "Your trust scores"}</h1>
        {!single && (
          <p class="text-sm text-ink-700">
            Each score starts at 50 and is earned from what you did: bookings completed, reviews, answers, and
            payments on time; cancellations and lost disputes take points away. Recent events count most. What
            the other side caused never counts against you.
          </p>
        )}
      </div>
      {explanations.length === 0 && (
        <p class="bg-white rounded-2xl shadow-sm p-5" data-testid="trust-none">
          You have no scores yet: they start with your act, your venue, or your first booking as an organizer.
        </p>
      )}
      {explanations.map((e) => (
        <TrustExplanationCard
          key={`${e.subject.type}-${e.subject.id}`}
          explanation={e}
          fullHistory={single}
        />
      ))}
    </section>
  );
});
