import { page } from "fresh";
import { actDescription, ActProfileBody } from "../../components/ActProfileBody.tsx";
import { actJsonLd } from "../../components/schema_org.ts";
import { getPortfolio } from "../../services/catalog/portfolio.ts";
import { actBySlug } from "../../services/catalog/profiles.ts";
import { define } from "../../utils.ts";

/** A solo artist's public profile. A band's slug lives under /bands: one URL per act. */
export const handler = define.handlers({
  async GET(ctx) {
    const act = await actBySlug(ctx.state.db, ctx.params.slug);
    if (act.kind === "band") return ctx.redirect(`/bands/${act.slug}`, 301);
    const url = new URL(`/artists/${act.slug}`, ctx.state.auth.origin);
    ctx.state.title = act.name;
    ctx.state.description = actDescription(act);
    ctx.state.meta = { canonicalPath: url.pathname, type: "profile", image: act.photoUrl };
    const { items, canEdit } = await getPortfolio(ctx.state.db, null, ctx.state.actor, act.id);
    return page({ act, jsonLd: actJsonLd(act, url), portfolio: items, canEdit });
  },
});

export default define.page<typeof handler>(({ data }) => <ActProfileBody {...data} />);
