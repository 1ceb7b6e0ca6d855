/**
 * A call on this page, made for a phone held upright: first the microphone
 * and camera (saying plainly when the browser refuses them, with a way on),
 * then the speaker view (their video large, one's own small), the state of
 * the call, how the connection is doing, what protects it, and the controls
 * with words under them. Loaded by dynamic import from call_bar.tsx, so
 * pages pay for none of this until a call starts.
 */
import { type ReadonlySignal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { ChatSession } from "../messages/session.ts";
import type { CallView } from "./api.ts";
import { acquire, type InputDevices, inputDevices, MediaProblem, slowConnection } from "./media.ts";
import { openCall } from "./open_call.ts";
import type { Quality } from "./quality.ts";
import type { CallSession } from "./transport.ts";

export interface CallPanelProps {
  chat: ChatSession;
  /** The ringing call to answer; none to start one. */
  answer?: CallView;
  /** How a call started here goes: peer to peer, or through LiveKit (a group's). */
  transport: CallView["transport"];
  /** Start with the camera on. */
  video: boolean;
  /** The call is over (or was never started): how it ended, for the conversation to say, and its id. */
  onClose(how: string | null, callId: string | null): void;
}

/** m:ss, or h:mm:ss past an hour. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mmss = `${Math.floor(s / 60) % 60}:${String(s % 60).padStart(2, "0")}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, "0")}` : mmss;
}

/** How a call ended, as the conversation says it afterwards. */
export function endedText(call: CallView, me: string): string {
  if (call.answeredAt && call.endedAt) {
    const length = clock(Date.parse(call.endedAt) - Date.parse(call.answeredAt));
    return call.endReason === "lost"
      ? `Call ended: the connection was lost (${length})`
      : `Call ended (${length})`;
  }
  if (call.startedBy !== me) return "Call ended";
  return call.endReason === "declined"
    ? "Call declined"
    : call.endReason === "missed"
    ? "No answer"
    : "Call cancelled";
}

const QUALITY: Record<Quality, { label: string; dot: string }> = {
  unknown: { label: "Checking", dot: "bg-ink-300" },
  good: { label: "Good", dot: "bg-green-500" },
  poor: { label: "Poor", dot: "bg-saffron-400" },
  lost: { label: "Lost", dot: "bg-red-500" },
};

/** A <video> or <audio> showing a stream; srcObject has no attribute, so it is set here. */
function Media(
  { stream, kind, class: className, label }: {
    stream: MediaStream | null;
    kind: "video" | "audio";
    class?: string;
    label?: string;
  },
) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return kind === "audio"
    ? <audio ref={ref} autoPlay />
    : <video ref={ref} autoPlay playsInline muted class={className} aria-label={label} />;
}

function Control(
  { icon, label, onClick, pressed, danger, testid }: {
    icon: string;
    label: string;
    onClick: () => void;
    pressed?: boolean;
    danger?: boolean;
    testid: string;
  },
) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-pressed={pressed}
      data-testid={testid}
      class={`grid justify-items-center gap-1 rounded-2xl px-2 py-2 text-xs font-semibold ${
        danger ? "bg-red-600 text-white" : pressed ? "bg-white text-ink-900" : "bg-ink-700 text-white"
      }`}
    >
      <span aria-hidden="true" class="text-2xl leading-none">{icon}</span>
      {label}
    </button>
  );
}

function Devices({ call }: { call: CallSession }) {
  const devices = useSignal<InputDevices | null>(null);
  useEffect(() => {
    inputDevices().then((d) => devices.value = d, () => devices.value = { microphones: [], cameras: [] });
  }, []);
  const d = devices.value;
  if (!d) return <p class="text-sm">Looking for microphones and cameras…</p>;
  const current = (kind: "audio" | "video") =>
    (kind === "audio" ? call.local.value?.getAudioTracks() : call.local.value?.getVideoTracks())?.[0]
      ?.getSettings().deviceId ?? "";
  const camera = current("video");
  const nextCamera = d.cameras.length > 1
    ? d.cameras[(d.cameras.findIndex((c) => c.deviceId === camera) + 1) % d.cameras.length]
    : null;
  return (
    <div class="grid gap-2 rounded-xl bg-ink-700 p-3 text-sm" data-testid="call-devices">
      <label class="grid gap-1">
        Microphone
        <select
          class="rounded-lg bg-white px-2 py-1 text-ink-900"
          value={current("audio")}
          onChange={(e) => call.useDevice("audioinput", e.currentTarget.value)}
        >
          {d.microphones.map((m, i) => (
            <option key={m.deviceId} value={m.deviceId}>{m.label || `Microphone ${i + 1}`}</option>
          ))}
        </select>
      </label>
      <label class="grid gap-1">
        Camera
        <select
          class="rounded-lg bg-white px-2 py-1 text-ink-900"
          value={camera}
          onChange={(e) => call.useDevice("videoinput", e.currentTarget.value)}
        >
          {d.cameras.map((c, i) => (
            <option key={c.deviceId} value={c.deviceId}>{c.label || `Camera ${i + 1}`}</option>
          ))}
        </select>
      </label>
      {nextCamera && call.camera.value && (
        <button
          type="button"
          class="justify-self-start rounded-xl bg-white px-3 py-1 font-semibold text-ink-900"
          onClick={() => call.useDevice("videoinput", nextCamera.deviceId)}
        >
          Switch camera
        </button>
      )}
    </div>
  );
}

function useNow(on: boolean): ReadonlySignal<number> {
  const now = useSignal(Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => now.value = Date.now(), 1_000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

function InCall({ call, peerName, onHangUp }: { call: CallSession; peerName: string; onHangUp: () => void }) {
  const devicesOpen = useSignal(false);
  const phase = call.phase.value;
  const now = useNow(phase === "connected" || phase === "reconnecting");
  // The speaker view: whoever shows video, large; everyone else small beneath (a group call's).
  const tiles = call.tiles.value;
  const tile = tiles.find((t) => t.video) ?? tiles[0];
  const others = tiles.filter((t) => t !== tile);
  const code = call.encryption.code?.value;
  const q = QUALITY[call.quality.value];
  const status = phase === "starting"
    ? "Connecting…"
    : phase === "ringing"
    ? "Ringing…"
    : phase === "connecting"
    ? "Connecting…"
    : phase === "reconnecting"
    ? "Reconnecting…"
    : clock(now.value - (call.connectedAt.value ?? now.value));
  const mic = call.microphone.value;
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={`Call with ${peerName}`}
      class="fixed inset-0 z-50 flex flex-col bg-ink-900 text-white"
      data-testid="call"
      data-phase={phase}
    >
      <div class="flex items-start justify-between gap-2 p-3">
        <div>
          <p class="font-semibold">{peerName}</p>
          <p class="text-sm" data-testid="call-status">{status}</p>
        </div>
        <p
          class="flex items-center gap-1 text-sm"
          data-testid="call-quality"
          data-quality={call.quality.value}
        >
          <span aria-hidden="true" class={`inline-block h-2.5 w-2.5 rounded-full ${q.dot}`} />
          Connection: {q.label}
        </p>
      </div>
      <div class="relative flex-1 overflow-hidden bg-black">
        {tiles.map((t) => <Media key={t.userId} kind="audio" stream={t.stream} />)}
        {tile?.video
          ? (
            <Media
              kind="video"
              stream={tile.stream}
              class="h-full w-full object-cover"
              label={`${tile.name}'s video`}
            />
          )
          : (
            <div class="grid h-full place-items-center">
              <p class="grid h-24 w-24 place-items-center rounded-full bg-plum-700 text-4xl font-bold">
                {(tile?.name ?? peerName).slice(0, 1).toUpperCase()}
              </p>
            </div>
          )}
        {others.length > 0 && (
          <ul class="absolute bottom-3 left-3 flex gap-2" data-testid="call-others">
            {others.map((t) => (
              <li key={t.userId} class="h-20 w-16 overflow-hidden rounded-lg border border-white bg-plum-700">
                {t.video
                  ? (
                    <Media
                      kind="video"
                      stream={t.stream}
                      class="h-full w-full object-cover"
                      label={`${t.name}'s video`}
                    />
                  )
                  : <p class="grid h-full place-items-center text-xl font-bold">{t.name.slice(0, 1)}</p>}
              </li>
            ))}
          </ul>
        )}
        {call.camera.value && (
          <Media
            kind="video"
            stream={call.local.value}
            class="absolute bottom-3 right-3 h-36 w-24 rounded-xl border-2 border-white object-cover"
            label="Your camera"
          />
        )}
      </div>
      <div class="grid gap-2 p-3">
        <p class="text-xs text-ink-100" data-testid="call-encryption">
          {call.encryption.endToEnd ? "🔒" : "⚠️"} {call.encryption.description}
          {code && (
            <>
              {" · "}Call code{" "}
              <strong data-testid="call-code">{code}</strong>: the same on every screen in this call
            </>
          )}
        </p>
        {!call.receivingVideo.value && (
          <p class="text-sm" data-testid="call-audio-only">
            Audio only, to spare your slow connection.{" "}
            <button type="button" class="underline" onClick={() => call.setReceivingVideo(true)}>
              Show their video
            </button>
          </p>
        )}
        {call.problem.value && (
          <p role="alert" class="rounded-lg bg-red-50 p-2 text-sm text-red-800">{call.problem.value}</p>
        )}
        {devicesOpen.value && <Devices call={call} />}
        <div class="grid grid-cols-4 gap-2">
          <Control
            testid="call-mute"
            icon={mic === "muted" ? "🔇" : "🎤"}
            label={mic === "none" ? "Use microphone" : mic === "muted" ? "Unmute" : "Mute"}
            pressed={mic === "muted"}
            // Listening only so far: the default microphone, asked for now.
            onClick={() => mic === "none" ? call.useDevice("audioinput", "") : call.setMuted(mic === "on")}
          />
          <Control
            testid="call-camera"
            icon="📷"
            label={call.camera.value ? "Camera off" : "Camera on"}
            pressed={!call.camera.value}
            onClick={() => call.setCamera(!call.camera.value)}
          />
          <Control
            testid="call-devices-toggle"
            icon="🔄"
            label="Devices"
            pressed={devicesOpen.value}
            onClick={() => devicesOpen.value = !devicesOpen.value}
          />
          <Control testid="call-hang-up" icon="📞" label="Hang up" danger onClick={onHangUp} />
        </div>
      </div>
    </div>
  );
}

export function CallPanel({ chat, answer, transport, video, onClose }: CallPanelProps) {
  const me = chat.keys.userId;
  const names = new Map(chat.conversation.value?.participants.map((p) => [p.userId, p.name]) ?? []);
  const nameOf = (userId: string) => names.get(userId) ?? "Someone";
  const others = chat.conversation.value?.participants.filter((p) => p.userId !== me) ?? [];
  // A one-to-one call is with its caller (or the one called); a group's with everyone else in it.
  const peerName = answer?.startedBy && (answer.transport === "p2p")
    ? nameOf(answer.startedBy)
    : others.map((p) => p.name).join(", ");
  const session = useSignal<CallSession | null>(null);
  /** Why the microphone or camera could not be had, with what was asked for. */
  const refused = useSignal<{ problem: string; video: boolean } | null>(null);
  const asking = useSignal(true);

  async function withMedia(wanted: { audio: boolean; video: boolean }) {
    refused.value = null;
    asking.value = true;
    let media: MediaStream;
    try {
      media = wanted.audio || wanted.video ? await acquire(wanted) : new MediaStream();
    } catch (err) {
      asking.value = false;
      refused.value = {
        problem: err instanceof MediaProblem ? err.message : String(err),
        video: wanted.video,
      };
      return;
    }
    asking.value = false;
    session.value = openCall(answer?.transport ?? transport, {
      conversationId: chat.conversationId,
      keys: chat.keys,
      recipients: () => chat.recipients.value,
      refreshRecipients: async () => {
        await chat.catchUp();
        return chat.recipients.value;
      },
      distrusted: () => new Set(chat.keyChanges.value.map((c) => c.userId)),
      nameOf,
      feed: chat.calls,
      answer,
      media,
      // Audio only on a slow connection, unless the person chose video.
      receiveVideo: wanted.video || !slowConnection(),
    });
  }

  useEffect(() => {
    withMedia({ audio: true, video });
  }, []);

  const s = session.value;
  useEffect(() => {
    if (s?.phase.value === "ended") {
      onClose(
        // Never started or joined: why not.
        s.call.value ? endedText(s.call.value, me) : s.problem.value,
        s.call.value?.id ?? null,
      );
    }
  }, [s?.phase.value]);

  if (s) {
    return (
      <InCall
        call={s}
        peerName={peerName}
        onHangUp={() => s.leave()}
      />
    );
  }
  if (asking.value) {
    return (
      <p role="status" class="text-sm text-ink-500" data-testid="call-media">
        Asking for your microphone{video ? " and camera" : ""}…
      </p>
    );
  }
  const r = refused.value!;
  return (
    <div class="grid gap-2 rounded-xl bg-red-50 p-3 text-sm" data-testid="call-media-problem">
      <p role="alert" class="font-semibold text-red-800">{r.problem}</p>
      <div class="flex flex-wrap gap-2">
        <button
          type="button"
          class="rounded-xl bg-plum-700 px-3 py-1 font-semibold text-white"
          onClick={() => withMedia({ audio: true, video: r.video })}
        >
          Try again
        </button>
        {r.video && (
          <button
            type="button"
            class="rounded-xl border border-plum-700 px-3 py-1 font-semibold text-plum-700"
            onClick={() => withMedia({ audio: true, video: false })}
          >
            Audio only
          </button>
        )}
        <button
          type="button"
          class="rounded-xl border border-plum-700 px-3 py-1 font-semibold text-plum-700"
          onClick={() => withMedia({ audio: false, video: false })}
        >
          {answer ? "Answer" : "Call"} without microphone (listen only)
        </button>
        <button type="button" class="underline text-plum-700" onClick={() => onClose(null, null)}>
          {answer ? "Back" : "Cancel"}
        </button>
      </div>
    </div>
  );
}
