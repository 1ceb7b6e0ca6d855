export function SiteFooter() {
  return (
    <footer class="bg-ink-900 text-ink-300 text-sm">
      <div class="max-w-5xl mx-auto px-4 py-8 flex flex-col sm:flex-row gap-2 justify-between">
        <p>Artist Space · Live music, booked fairly. Made in India.</p>
        <p>
          <a href="/api/docs" class="underline">Developer API</a>
        </p>
      </div>
    </footer>
  );
}
