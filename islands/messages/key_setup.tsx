/**
 * Setting up keys in this browser, in words a musician on a phone can follow:
 * first use shows the recovery key to write down and will not go on until
 * they say they have; a new browser asks for that key to bring the history
 * along, or starts over, saying plainly what that costs.
 */
import { useSignal } from "@preact/signals";
import { type KeyState, type NewKeys, newKeys, restoreKeys, SetupError } from "./setup.ts";
import type { Keys } from "./keystore.ts";

const BUTTON = "rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white disabled:opacity-60";
const QUIET = "rounded-xl border border-ink-100 px-4 py-2 font-semibold text-ink-700";

function reason(err: unknown): string {
  if (err instanceof SetupError) return `${err.message}.`;
  return `Something went wrong: ${err instanceof Error ? err.message : String(err)}. Try again.`;
}

/** The recovery key in its groups, and the promise to have written it down before anything is published. */
function WriteItDown({ made, onDone }: { made: NewKeys; onDone: (keys: Keys) => void }) {
  const written = useSignal(false);
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);
  async function go() {
    busy.value = true;
    problem.value = null;
    try {
      onDone(await made.publish());
    } catch (err) {
      problem.value = reason(err);
      busy.value = false;
    }
  }
  return (
    <div class="grid gap-3" data-testid="recovery-key-step">
      <p class="font-semibold">Your recovery key</p>
      <p class="text-sm">
        Write this down on paper and keep it safe. Without it your old messages cannot be read on a new phone.
        Artist Space does not have it and cannot send it to you again.
      </p>
      <ol
        class="grid grid-cols-4 gap-2 font-mono text-lg tracking-wider bg-ink-50 rounded-xl p-3"
        aria-label="Recovery key, in groups of four"
        data-testid="recovery-key"
      >
        {made.recoveryKey.split("-").map((group, i) => <li key={i} class="text-center">{group}</li>)}
      </ol>
      <label class="flex gap-2 items-start text-sm">
        <input
          type="checkbox"
          checked={written.value}
          onChange={(e) => written.value = e.currentTarget.checked}
          data-testid="recovery-written"
        />
        I have written down my recovery key.
      </label>
      <button type="button" class={BUTTON} disabled={!written.value || busy.value} onClick={go}>
        {busy.value ? "Securing your keys…" : "Continue"}
      </button>
      {problem.value && <p role="alert" class="text-sm font-semibold text-red-800">{problem.value}</p>}
    </div>
  );
}

export function KeySetup(
  { userId, state, onReady }: {
    userId: string;
    state: Exclude<KeyState, { kind: "ready" }>;
    onReady: (keys: Keys) => void;
  },
) {
  const made = useSignal<NewKeys | null>(null);
  const startingOver = useSignal(false);
  const typed = useSignal("");
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);

  if (made.value) return <WriteItDown made={made.value} onDone={onReady} />;

  const published = state.kind === "first-use" ? null : state.published;
  const fresh = () => {
    try {
      made.value = newKeys(userId, published);
    } catch (err) {
      problem.value = reason(err);
    }
  };

  if (state.kind === "first-use") {
    return (
      <div class="grid gap-3" data-testid="key-setup-first">
        <p class="font-semibold">Private messages</p>
        <p class="text-sm">
          Messages here are end-to-end encrypted: they are locked in your browser and only the people in the
          conversation can unlock them. Artist Space cannot read them. Setting up makes your keys and a
          recovery key for you to write down.
        </p>
        <button type="button" class={BUTTON} onClick={fresh}>Set up private messages</button>
        {problem.value && <p role="alert" class="text-sm font-semibold text-red-800">{problem.value}</p>}
      </div>
    );
  }

  if (startingOver.value) {
    return (
      <div class="grid gap-3" data-testid="key-setup-start-over">
        <p class="font-semibold">Start over with new keys?</p>
        <ul class="list-disc pl-5 text-sm grid gap-1">
          <li>Your old messages will be gone: no browser will be able to read them again.</li>
          <li>Everyone you message will be told that your keys changed.</li>
          <li>Your other browsers stop receiving messages until they are set up again.</li>
        </ul>
        <div class="flex flex-wrap gap-2">
          <button type="button" class={BUTTON} onClick={fresh}>Yes, make new keys</button>
          <button type="button" class={QUIET} onClick={() => startingOver.value = false}>
            Back
          </button>
        </div>
        {problem.value && <p role="alert" class="text-sm font-semibold text-red-800">{problem.value}</p>}
      </div>
    );
  }

  async function restore(e: Event) {
    e.preventDefault();
    busy.value = true;
    problem.value = null;
    try {
      onReady(await restoreKeys(userId, typed.value));
    } catch (err) {
      problem.value = reason(err);
      busy.value = false;
    }
  }

  return (
    <form class="grid gap-3" onSubmit={restore} data-testid="key-setup-restore">
      <p class="font-semibold">
        {state.kind === "replaced" ? "Your keys were replaced in another browser" : "Welcome back"}
      </p>
      <p class="text-sm">
        {state.kind === "replaced"
          ? "You made new keys elsewhere, so this browser can no longer read new messages. Enter the recovery key you wrote down then to read them here."
          : "You have used private messages in another browser. Enter the recovery key you wrote down to read your messages here too."}
      </p>
      <label for="recovery-key-input" class="text-sm font-semibold">Recovery key</label>
      <input
        id="recovery-key-input"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
        value={typed.value}
        onInput={(e) => typed.value = e.currentTarget.value}
        class="rounded-lg border border-ink-100 px-3 py-2 font-mono"
        aria-describedby={problem.value ? "recovery-key-problem" : undefined}
      />
      <button type="submit" class={BUTTON} disabled={busy.value || !typed.value.trim()}>
        {busy.value ? "Opening your backup…" : "Restore my messages"}
      </button>
      {problem.value && (
        <p id="recovery-key-problem" role="alert" class="text-sm font-semibold text-red-800">
          {problem.value}
        </p>
      )}
      <p class="text-sm">
        Lost the key?{" "}
        <button type="button" class="underline text-plum-700" onClick={() => startingOver.value = true}>
          Start over with new keys
        </button>
      </p>
    </form>
  );
}
