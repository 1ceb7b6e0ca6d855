/**
 * The open conversation: keys first (set up, restored or loaded), then the
 * messages, opened and verified here, with the composer, ticks, security
 * codes and, in a booking's conversation, disclosure to the admins. This
 * module and the crypto it needs load only once a conversation opens
 * (islands/Chat.tsx imports it dynamically).
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { formatDateTime } from "../../domain/time_format.ts";
import { CallBar } from "../calls/call_bar.tsx";
import type { ChatProps } from "../Chat.tsx";
import { Attachment } from "./attachment.tsx";
import { Composer } from "./composer.tsx";
import { DisclosurePanel } from "./disclosure.tsx";
import { KeySetup } from "./key_setup.tsx";
import type { Keys } from "./keystore.ts";
import { SecurityCodes } from "./security_codes.tsx";
import { type ChatSession, chatSession } from "./session.ts";
import { type KeyState, keyState } from "./setup.ts";
import type { Shown } from "./shown.ts";
import type { Outgoing } from "./outbox.ts";
import { tickOf } from "./ticks.ts";

function MessageItem(
  { m, mine, name, listed, tick, selecting, selected, onCodes }: {
    m: Shown;
    mine: boolean;
    name: string;
    /** Its device is on its sender's signed device list. */
    listed: boolean;
    /** How far one's own message has gone (tickOf). */
    tick: string;
    selecting: boolean;
    selected: Signal<Set<string>>;
    onCodes: () => void;
  },
) {
  if (m.kind === "key_changed") {
    return (
      <li
        class="justify-self-center max-w-md rounded-xl bg-saffron-50 px-3 py-2 text-center text-sm"
        data-testid="key-changed"
      >
        {mine ? "Your" : `${name}'s`} security code changed: {mine ? "you" : "they"}{" "}
        set up new keys, on a new phone or after starting over.{" "}
        <button type="button" class="underline text-plum-700" onClick={onCodes}>
          Compare security codes
        </button>
      </li>
    );
  }
  const toggle = (on: boolean) => {
    const next = new Set(selected.value);
    if (on) next.add(m.id);
    else next.delete(m.id);
    selected.value = next;
  };
  return (
    <li
      class={`grid gap-1 max-w-[85%] rounded-2xl px-3 py-2 ${
        mine ? "justify-self-end bg-saffron-100" : "justify-self-start bg-white border border-ink-100"
      }`}
      data-testid="chat-message"
      data-seq={m.seq}
    >
      <p class="text-xs text-ink-500">
        {selecting && m.opened && (
          <input
            type="checkbox"
            class="mr-2"
            aria-label="Show this message to the admins"
            checked={selected.value.has(m.id)}
            onChange={(e) => toggle(e.currentTarget.checked)}
          />
        )}
        {mine ? "You" : name} · {formatDateTime(m.sentAt)}
      </p>
      {m.problem
        ? <p class="text-sm italic text-red-800" data-testid="chat-problem">{m.problem}</p>
        : m.text && <p class="whitespace-pre-wrap break-words" data-testid="chat-text">{m.text}</p>}
      {!m.problem && !listed && (
        <p class="text-xs text-saffron-700" data-testid="chat-unlisted">
          Sent from a device that is not on {mine ? "your" : `${name}'s`}{" "}
          device list now: a device since dropped, or keys {mine ? "you" : "they"}{" "}
          never had. Compare security codes if in doubt.
        </p>
      )}
      {m.attachments.map((a) => <Attachment key={a.id} file={a} />)}
      {mine && <p class="justify-self-end text-xs text-ink-500" data-testid="tick">{tick}</p>}
    </li>
  );
}

function Waiting({ out, session }: { out: Outgoing; session: ChatSession }) {
  return (
    <li
      class="justify-self-end grid gap-1 max-w-[85%] rounded-2xl bg-saffron-50 px-3 py-2"
      data-testid="chat-waiting"
    >
      {out.text && <p class="whitespace-pre-wrap break-words">{out.text}</p>}
      {out.attachments.map((a) => <p key={a.key} class="text-sm">📎 {a.name}</p>)}
      {out.problem
        ? (
          <p class="text-xs text-red-800">
            Not sent: {out.problem}{" "}
            <button type="button" class="underline" onClick={() => session.retry(out.clientId)}>
              Try again
            </button>{" "}
            <button type="button" class="underline" onClick={() => session.discard(out.clientId)}>
              Discard
            </button>
          </p>
        )
        : <p class="justify-self-end text-xs text-ink-500">Waiting to send…</p>}
    </li>
  );
}

function Messages({ session, props }: { session: ChatSession; props: ChatProps }) {
  const codes = useSignal(false);
  const selecting = useSignal(false);
  const selected = useSignal<Set<string>>(new Set());
  const names = new Map(session.conversation.value?.participants.map((p) => [p.userId, p.name]) ?? []);
  const me = session.keys.userId;
  const keyed = new Set(session.recipients.value.filter((r) => r.identity).map((r) => r.userId));
  const receipts = session.receipts.value.filter((r) => r.userId !== me && keyed.has(r.userId));
  const withoutKeys = session.recipients.value.filter((r) => r.userId !== me && !r.identity).map((r) =>
    r.name
  );

  return (
    <div class="grid gap-3">
      <CallBar session={session} groupCalls={props.groupCalls} />
      <div class="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p class="text-ink-500">🔒 End-to-end encrypted</p>
        <span class="flex flex-wrap gap-3">
          <button type="button" class="underline text-plum-700" onClick={() => codes.value = !codes.value}>
            {codes.value ? "Hide security codes" : "Security codes"}
          </button>
          {props.canDisclose && (
            <button
              type="button"
              class="underline text-plum-700"
              onClick={() => selecting.value = !selecting.value}
            >
              Show messages to admins
            </button>
          )}
        </span>
      </div>
      {codes.value && <SecurityCodes keys={session.keys} recipients={session.recipients.value} />}
      {selecting.value && (
        <DisclosurePanel
          conversationId={props.conversationId}
          shown={session.shown.value}
          selected={selected}
          onClose={() => selecting.value = false}
        />
      )}
      {session.keyChanges.value.map((c) => (
        <div
          key={c.userId}
          class="rounded-xl bg-red-50 p-3 text-sm grid gap-2"
          data-testid="pinned-key-changed"
        >
          <p>
            <span class="font-semibold">
              {c.name}'s security code is not the one this browser saw before.
            </span>{" "}
            If they did not set up new keys (a new phone, or starting over), someone may be trying to read
            this conversation: compare security codes with them before you write anything sensitive.
          </p>
          <span class="flex flex-wrap gap-3">
            <button type="button" class="underline text-plum-700" onClick={() => codes.value = true}>
              Compare security codes
            </button>
            <button
              type="button"
              class="underline text-plum-700"
              onClick={() => session.acceptKeyChange(c.userId)}
            >
              I have checked
            </button>
          </span>
        </div>
      ))}
      {withoutKeys.length > 0 && (
        <p class="rounded-xl bg-ink-50 p-3 text-sm">
          {withoutKeys.join(", ")} {withoutKeys.length === 1 ? "has" : "have"}{" "}
          not set up private messages yet, so cannot read what is sent before they do.
        </p>
      )}
      {session.hasEarlier.value && (
        <button
          type="button"
          class="justify-self-center text-sm underline text-plum-700"
          onClick={() => session.earlier()}
        >
          Earlier messages
        </button>
      )}
      <ol class="grid gap-2" aria-label="Messages" data-testid="chat-messages">
        {session.shown.value.map((m) => (
          <MessageItem
            key={m.seq}
            m={m}
            mine={m.senderId === me}
            name={names.get(m.senderId) ?? "Someone"}
            listed={session.listed.value.get(m.senderId)?.has(m.deviceId ?? "") ?? false}
            tick={tickOf(m.seq, receipts, names)}
            selecting={selecting.value}
            selected={selected}
            onCodes={() => codes.value = true}
          />
        ))}
        {session.outbox.value.map((out) => <Waiting key={out.clientId} out={out} session={session} />)}
      </ol>
      {session.shown.value.length === 0 && session.outbox.value.length === 0 && (
        <p class="text-sm text-ink-500">No messages yet. Say hello.</p>
      )}
      {session.problem.value && (
        <p role="status" class="text-sm text-red-800">Not up to date: {session.problem.value}</p>
      )}
      <Composer onSend={(text, files) => session.write(text, files)} />
    </div>
  );
}

export function Conversation(props: ChatProps & { onUnread: (total: number) => void }) {
  const state = useSignal<KeyState | null>(null);
  const session = useSignal<ChatSession | null>(null);
  const problem = useSignal<string | null>(null);

  function begin(keys: Keys) {
    const s = chatSession(props.conversationId, keys, props.onUnread);
    session.value = s;
    s.start(props.lastSeq).catch((err) => problem.value = String(err));
  }

  useEffect(() => {
    keyState(props.userId)
      .then((s) => s.kind === "ready" ? begin(s.keys) : state.value = s)
      .catch((err) => problem.value = err instanceof Error ? err.message : String(err));
    return () => session.peek()?.stop();
  }, []);

  if (problem.value) {
    return (
      <p role="alert" class="text-sm font-semibold text-red-800">Messages could not open: {problem.value}</p>
    );
  }
  if (session.value) return <Messages session={session.value} props={props} />;
  if (state.value && state.value.kind !== "ready") {
    return <KeySetup userId={props.userId} state={state.value} onReady={begin} />;
  }
  return <p class="text-sm text-ink-500">Opening your messages…</p>;
}
