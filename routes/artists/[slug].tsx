import { page } from "fresh";
import { actDescription, ActProfileBody } from "../../components/ActProfileBody.tsx";
import { actJsonLd } from "../../components/schema_org.ts";
import { getPortfolio } from "../../services/catalog/portfolio.ts";
import { actBySlug, type ActProfile } from "../../services/catalog/profiles.ts";
import { reviewsOf } from "../../services/reviews/read.ts";
import { define } from "../../utils.ts";

const PATH: Record<ActProfile["kind"], string> = { solo: "/artists", band: "/bands" };

/**
 * An act's public profile, here for solo artists and in routes/bands/[slug].tsx for bands. Each act has
 * one URL, under its kind's path: the other path answers 301 to it.
 */
export function actProfileHandler(kind: ActProfile["kind"]) {
  return define.handlers({
    async GET(ctx) {
      const act = await actBySlug(ctx.state.db, ctx.params.slug);
      if (act.kind !== kind) return ctx.redirect(`${PATH[act.kind]}/${act.slug}`, 301);
      const url = new URL(`${PATH[kind]}/${act.slug}`, ctx.state.deps.origin);
      ctx.state.title = act.name;
      ctx.state.description = actDescription(act);
      ctx.state.meta = { canonicalPath: url.pathname, type: "profile", image: act.photoUrl };
      const { items, canEdit } = await getPortfolio(ctx.state.db, null, ctx.state.actor, act.id);
      const reviews = await reviewsOf(ctx.state.db, { actId: act.id }, ctx.state.deps.now());
      return page({ act, jsonLd: actJsonLd(act, url), portfolio: items, canEdit, reviews });
    },
  });
}

export const handler = actProfileHandler("solo");

export default define.page<typeof handler>(({ data }) => <ActProfileBody {...data} />);
