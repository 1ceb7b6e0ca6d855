/**
 * What a page the service worker may keep for offline reading carries, hidden: shown only on the copy
 * served from the cache, with the time it was saved (domain/offline_copies.ts `showSavedCopy`). Its
 * presence is the server's word that the page may be kept, so only pages that pass
 * `keepsBookingOffline` and the like render it. No live region: shown, it is part of the page as it loads.
 */
export function OfflineBanner() {
  return (
    <p
      hidden
      data-offline-banner
      class="rounded-lg border border-saffron-400 bg-saffron-50 px-3 py-2 text-sm text-ink-900"
    >
      Saved{" "}
      <time data-saved-at></time>; you are offline. This is the copy kept on this device, and it may be out of
      date.
    </p>
  );
}
