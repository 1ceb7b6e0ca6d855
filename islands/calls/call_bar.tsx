/**
 * A conversation's calls, in its header: "Call" and "Video", the bar that
 * rings when someone calls (announced to screen readers, and a buzz where
 * the phone can), and what a call on elsewhere means for this page. This is
 * all the conversation loads for calls; the call itself (its view, WebRTC,
 * the signalling) loads by dynamic import once one starts or is answered.
 */
import { useSignal } from "@preact/signals";
import type { ComponentType } from "preact";
import { useEffect } from "preact/hooks";
import type { ChatSession } from "../messages/session.ts";
import { type CallView, leaveCall, ringsFor } from "./api.ts";
import { frameEncryptionSupported, slowConnection } from "./media.ts";
import type { CallPanelProps } from "./call_panel.tsx";

/** A buzz, a pause, a buzz, every few seconds while it rings. */
const BUZZ = [400, 200, 400];
const BUZZ_EVERY_MS = 3_000;
/** How long a group call rings for those not in it; after that it is one they may join. */
const GROUP_RING_MS = 45_000;

type Choice = { answer?: CallView; video: boolean };

/** `groupCalls`: LiveKit is configured, so a conversation of more than two calls through it. */
export function CallBar({ session, groupCalls }: { session: ChatSession; groupCalls: boolean }) {
  const me = session.keys.userId;
  /** A call open on this page: one to start, or the ringing one answered. */
  const open = useSignal<Choice | null>(null);
  /** A group call this browser cannot encrypt, waiting for the person to join it anyway or not. */
  const unencrypted = useSignal<Choice | null>(null);
  /** Bumped when a group call's ringing time is up. */
  const ringOver = useSignal(0);
  const Panel = useSignal<ComponentType<CallPanelProps> | null>(null);
  const problem = useSignal<string | null>(null);
  /** How the last call on this page ended ("Call ended (3:12)"), until another starts. */
  const ended = useSignal<string | null>(null);
  const declined = useSignal<string | null>(null);
  /** The call this page was in and saw end, though the live connection may not have said so yet. */
  const finished = useSignal<string | null>(null);
  const names = new Map(session.conversation.value?.participants.map((p) => [p.userId, p.name]) ?? []);
  const nameOf = (userId: string | null) => (userId && names.get(userId)) || "Someone";

  const participants = session.conversation.value?.participants.length ?? 0;
  const transport = groupCalls && participants > 2 ? "livekit" : "p2p";
  const heard = session.activeCall.value;
  const active = heard?.id === finished.value ? null : heard;
  // A one-to-one call rings until answered; a group call for a while after it starts, for those not in it.
  // Read here so that the timer below re-renders the bar when a group call's ringing time is up.
  void ringOver.value;
  const groupRingLeft = GROUP_RING_MS - (Date.now() - Date.parse(active?.startedAt ?? ""));
  const rings = active?.transport === "p2p"
    ? active.answeredAt === null
    : active?.startedBy !== me && groupRingLeft > 0;
  const ringing = !open.value && rings && active!.id !== declined.value && ringsFor(active, me)
    ? active
    : null;

  useEffect(() => {
    if (ringing?.transport !== "livekit") return;
    const timer = setTimeout(() => ringOver.value++, groupRingLeft);
    return () => clearTimeout(timer);
  }, [ringing?.id]);

  useEffect(() => {
    if (!ringing || !("vibrate" in navigator)) return;
    const buzz = () => navigator.vibrate(BUZZ);
    buzz();
    const timer = setInterval(buzz, BUZZ_EVERY_MS);
    return () => {
      clearInterval(timer);
      navigator.vibrate(0);
    };
  }, [ringing?.id]);

  async function begin(choice: Choice, anyway = false) {
    problem.value = null;
    unencrypted.value = null;
    const through = choice.answer?.transport ?? transport;
    if (through === "livekit" && !anyway && !frameEncryptionSupported()) {
      unencrypted.value = choice;
      return;
    }
    ended.value = null;
    open.value = choice;
    try {
      Panel.value ??= (await import("./call_panel.tsx")).CallPanel;
    } catch {
      open.value = null;
      problem.value = "The call could not be loaded. Check your connection and try again.";
    }
  }

  async function decline(call: CallView) {
    declined.value = call.id;
    // A group call goes on without this person: nothing to tell the server.
    if (call.transport === "livekit") return;
    try {
      await leaveCall(call.id);
    } catch (err) {
      declined.value = null;
      problem.value = `Declining did not reach the server: ${err instanceof Error ? err.message : err}`;
    }
  }

  async function hangUpElsewhere(call: CallView) {
    try {
      await leaveCall(call.id);
    } catch (err) {
      problem.value = `Hanging up did not reach the server: ${err instanceof Error ? err.message : err}`;
    }
  }

  const Open = Panel.value;
  let body;
  if (open.value) {
    body = Open
      ? (
        <Open
          chat={session}
          answer={open.value.answer}
          transport={transport}
          video={open.value.video}
          onClose={(how, callId) => {
            open.value = null;
            ended.value = how;
            finished.value = callId;
          }}
        />
      )
      : <p class="text-sm text-ink-500" role="status">Opening the call…</p>;
  } else if (unencrypted.value) {
    const choice = unencrypted.value;
    body = (
      <div class="grid gap-2 rounded-xl bg-saffron-50 p-3 text-sm" data-testid="call-unencrypted">
        <p role="alert" class="font-semibold">
          This browser cannot encrypt a group call end to end, so LiveKit's server could see and hear it (the
          connection to it is still encrypted). A recent Chrome, Edge, Firefox or Safari can.
        </p>
        <div class="flex flex-wrap gap-2">
          <button
            type="button"
            class="rounded-xl bg-plum-700 px-3 py-1 font-semibold text-white"
            onClick={() => begin(choice, true)}
          >
            Join anyway
          </button>
          <button type="button" class="underline text-plum-700" onClick={() => unencrypted.value = null}>
            Not now
          </button>
        </div>
      </div>
    );
  } else if (ringing) {
    body = (
      <div class="grid gap-2 rounded-xl bg-plum-700 p-3 text-white" data-testid="call-ringing">
        <p class="font-semibold">
          {nameOf(ringing.startedBy)} is calling…
        </p>
        <div class="flex flex-wrap gap-2">
          <button
            type="button"
            class="rounded-xl bg-white px-4 py-2 font-semibold text-plum-700"
            onClick={() => begin({ answer: ringing, video: false })}
          >
            Answer
          </button>
          <button
            type="button"
            class="rounded-xl bg-white px-4 py-2 font-semibold text-plum-700"
            onClick={() => begin({ answer: ringing, video: true })}
          >
            Answer with video
          </button>
          <button
            type="button"
            class="rounded-xl border border-white px-4 py-2 font-semibold"
            onClick={() => decline(ringing)}
          >
            Decline
          </button>
        </div>
      </div>
    );
  } else if (active?.status === "live" && active.joined.some((j) => j.userId === me)) {
    body = (
      <p class="text-sm" data-testid="call-elsewhere">
        You are in a call here from another tab or device.{" "}
        <button type="button" class="underline text-plum-700" onClick={() => hangUpElsewhere(active)}>
          Hang up
        </button>
      </p>
    );
  } else if (active?.status === "live" && active.transport === "livekit") {
    body = (
      <div class="flex flex-wrap items-center gap-2" data-testid="call-group">
        <p class="w-full text-sm">{nameOf(active.startedBy)} started a group call in this conversation.</p>
        <button
          type="button"
          class="rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white"
          onClick={() => begin({ answer: active, video: false })}
        >
          Join
        </button>
        <button
          type="button"
          class="rounded-xl border border-plum-700 px-4 py-2 font-semibold text-plum-700"
          onClick={() => begin({ answer: active, video: true })}
        >
          Join with video
        </button>
      </div>
    );
  } else if (active?.status === "live" && active.answeredAt) {
    body = (
      <p class="text-sm text-ink-500" data-testid="call-elsewhere">
        {active.joined.map((j) => nameOf(j.userId)).join(" and ")} are on a call.
      </p>
    );
  } else {
    const missed = active?.status === "ended" && !active.answeredAt && active.startedBy !== me &&
      !active.declined.includes(me) && active.id !== declined.value;
    body = (
      <div class="flex flex-wrap items-center gap-2">
        {missed && (
          <p class="w-full text-sm font-semibold" data-testid="call-missed">
            Missed call from {nameOf(active.startedBy)}
          </p>
        )}
        <button
          type="button"
          class="rounded-xl bg-plum-700 px-4 py-2 font-semibold text-white"
          onClick={() => begin({ video: false })}
        >
          📞 Call
        </button>
        <button
          type="button"
          class="rounded-xl border border-plum-700 px-4 py-2 font-semibold text-plum-700"
          onClick={() => begin({ video: true })}
        >
          🎥 Video
        </button>
        {slowConnection() && (
          <span class="text-xs text-ink-500">
            Your connection looks slow: calls are audio only unless you choose video.
          </span>
        )}
      </div>
    );
  }

  return (
    <div class="grid gap-2" data-testid="call-bar">
      {/* Always there, so what appears in it (someone calling) is announced. */}
      <div aria-live="assertive" class="grid gap-2">{body}</div>
      {ended.value && !open.value && (
        <p role="status" class="text-sm font-semibold" data-testid="call-ended">{ended.value}</p>
      )}
      {problem.value && <p role="alert" class="text-sm font-semibold text-red-800">{problem.value}</p>}
    </div>
  );
}
