/**
 * Passkey sign-in on /login: the identifier field's autofill offers this
 * site's passkeys (conditional mediation, where the browser has it), and a
 * "Sign in with a passkey" button opens the browser's own dialog. Either
 * way the device's answer is posted to /login in a form, so the page signs
 * in exactly as the password form does: the server verifies it, sets the
 * session cookies and redirects, or shows what went wrong.
 *
 * Its own code is these few lines; the ceremony and @simplewebauthn/browser
 * load by dynamic import once the browser turns out to have WebAuthn. The
 * form stays hidden until then, so without JavaScript (or WebAuthn) the page
 * is the password form alone.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";

/** A sign-in challenge lives five minutes; autofill asks for a new one before it lapses. */
const AUTOFILL_RENEW_MS = 4 * 60 * 1000;

type Ceremony = typeof import("./passkeys/ceremony.ts");

export default function PasskeySignIn({ next }: { next: string }) {
  const ready = useSignal(false);
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const answer = useRef<HTMLInputElement>(null);
  const ceremony = useRef<Ceremony | null>(null);
  const renewal = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  function submit(response: unknown) {
    answer.current!.value = JSON.stringify(response);
    form.current!.submit();
  }

  /** Offers passkeys in the identifier field's autofill until one is picked, renewing the challenge. */
  async function armAutofill() {
    clearTimeout(renewal.current);
    const c = ceremony.current!;
    if (!await c.autofillAvailable()) return;
    renewal.current = setTimeout(armAutofill, AUTOFILL_RENEW_MS);
    try {
      const response = await c.signInAnswer(true);
      clearTimeout(renewal.current);
      submit(response);
    } catch {
      // Aborted by the button's ceremony or by renewal: whichever took over carries on.
    }
  }

  useEffect(() => {
    if (typeof PublicKeyCredential === "undefined") return;
    import("./passkeys/ceremony.ts").then((c) => {
      ceremony.current = c;
      ready.value = true;
      armAutofill();
    }, () => {});
  }, []);

  async function withButton() {
    const c = ceremony.current!;
    clearTimeout(renewal.current);
    busy.value = true;
    problem.value = null;
    try {
      submit(await c.signInAnswer(false));
    } catch (err) {
      problem.value = c.ceremonyProblem(err);
      busy.value = false;
      armAutofill();
    }
  }

  return (
    <form method="post" action="/login" ref={form} hidden={!ready.value} class="grid gap-2">
      <input type="hidden" name="intent" value="passkey" />
      <input type="hidden" name="next" value={next} />
      <input type="hidden" name="passkey" value="" ref={answer} />
      <button
        type="button"
        onClick={withButton}
        disabled={busy.value}
        class="w-full rounded-lg border border-ink-900 px-4 py-2 font-semibold"
        data-testid="passkey-sign-in"
      >
        {busy.value ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </button>
      {problem.value && <p role="alert" class="text-sm text-red-700">{problem.value}</p>}
    </form>
  );
}
