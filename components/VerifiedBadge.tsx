/**
 * The "Verified" badge after an act's or venue's name. Its margin parts the
 * two only on screen; the hidden comma does it for screen readers, which
 * would otherwise read the heading as one word: "Asha RaoVerified".
 */
export function VerifiedBadge() {
  return (
    <>
      <span class="sr-only">,</span>
      <span class="ml-2 align-middle text-xs rounded bg-green-100 text-green-800 px-1.5 py-0.5">
        Verified
      </span>
    </>
  );
}
