import { define } from "../utils.ts";

export default define.page(function NotFound() {
  return (
    <section class="max-w-xl mx-auto px-4 py-16 text-center">
      <p class="text-saffron-700 font-bold">404</p>
      <h1 class="text-2xl font-bold mt-2">This stage is empty</h1>
      <p class="text-ink-500 mt-2">The page you asked for does not exist or has moved.</p>
      <a href="/" class="inline-block mt-6 rounded-lg bg-ink-900 text-white px-4 py-2">
        Back to the home page
      </a>
    </section>
  );
});
