import { page } from "fresh";
import { genreBySlug } from "../../domain/genres.ts";
import { define } from "../../utils.ts";

/**
 * Where the home page's search lands. The catalogue of acts is not open yet,
 * so this page says so plainly and keeps the visitor's query.
 */
export const handler = define.handlers({
  GET(ctx) {
    const city = ctx.url.searchParams.get("city")?.trim().slice(0, 80) ?? "";
    const genre = genreBySlug(ctx.url.searchParams.get("genre") ?? "")?.label ?? "";
    ctx.state.title = "Find artists";
    return page({ city, genre });
  },
});

export default define.page<typeof handler>(function Artists({ data }) {
  const what = data.genre ? `${data.genre} acts` : "Acts";
  const where = data.city ? ` in ${data.city}` : " across India";
  return (
    <section class="max-w-3xl mx-auto px-4 py-10">
      <h1 class="text-2xl font-bold">{what}{where}</h1>
      <div class="mt-6 bg-white rounded-xl p-6 shadow-sm">
        <p class="font-semibold">No acts are listed yet.</p>
        <p class="text-ink-500 text-sm mt-1">
          The catalogue opens with our first verified artists and bands. Your search will work here then.
        </p>
        <a href="/" class="inline-block mt-4 text-saffron-700 underline">Back to the home page</a>
      </div>
    </section>
  );
});
