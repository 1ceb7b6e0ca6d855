import { HttpError } from "fresh";
import { AppError } from "../domain/errors.ts";
import { define } from "../utils.ts";

/** Shown for every error a page raises; only errors meant for the user show their message. */
export default define.page(function ErrorPage({ error }) {
  const known = error instanceof AppError || (error instanceof HttpError && error.status < 500);
  return (
    <section class="max-w-xl mx-auto px-4 py-16 text-center">
      <h1 class="text-2xl font-bold">{known ? "Something is not right" : "Something went wrong"}</h1>
      <p class="text-ink-500 mt-2">
        {known ? (error as Error).message : "We could not finish that. Please try again in a moment."}
      </p>
      <a href="/" class="inline-block mt-6 rounded-lg bg-ink-900 text-white px-4 py-2">
        Back to the home page
      </a>
    </section>
  );
});
