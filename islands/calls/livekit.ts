/**
 * A call through LiveKit (an SFU: a band's members and the organizer
 * together), encrypted end to end: every audio and video frame is encrypted
 * in the sending browser with the call's key and decrypted in the receiving
 * ones (livekit-client's E2EE, its frame crypto in a worker of ours), so
 * LiveKit relays what it cannot read. The key is made by whoever starts the
 * call and reaches the others' devices only inside signals sealed to those
 * devices (signals.ts): a device that joins asks the people in the call, and
 * any device holding the key answers it. Neither LiveKit nor our server ever
 * holds it.
 *
 * livekit-client is large, so it loads here, when a call through LiveKit
 * starts, and never on a page's first view.
 */
import { signal } from "@preact/signals";
import type { LocalTrackPublication, Participant, RemoteParticipant, Room } from "livekit-client";
import { b64, unb64 } from "../../lib/e2ee/bytes.ts";
import type { PublicKeySet } from "../../lib/e2ee/keys.ts";
import { workerUrl } from "../../lib/fresh/runtime.ts";
import { ApiError } from "../messages/api.ts";
import {
  callOf,
  type CallView,
  liveKitToken,
  sendSignal,
  signalsOf,
  type SignalView,
  startLiveKitCall,
} from "./api.ts";
import { acquire, frameEncryptionSupported, MediaProblem } from "./media.ts";
import { devicesOf, openSignalFresh, sealSignal, type SignalContent } from "./signals.ts";
import { type CallOptions, type CallSession, sessionState } from "./transport.ts";

/** How often a device without the key asks again, while nobody who has it has answered. */
const ASK_AGAIN_MS = 5_000;
const KEY_BYTES = 32;

const message = (err: unknown) => err instanceof Error ? err.message : String(err);

/** Six digits from the call's key, the same on every screen in the call: compare them to be sure. */
export async function keyCode(key: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", key as Uint8Array<ArrayBuffer>));
  const n = ((digest[0] << 16) | (digest[1] << 8) | digest[2]) % 1_000_000;
  const digits = String(n).padStart(6, "0");
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

export function liveKitCall(o: CallOptions): CallSession {
  const me = { userId: o.keys.userId, deviceId: o.keys.device.id };
  const state = sessionState(o);
  const { call, phase, connectedAt, local, tiles, microphone, camera, receivingVideo, quality, problem } =
    state;
  const code = signal<string | null>(null);
  const encrypted = frameEncryptionSupported();

  let room: Room | null = null;
  let key: Uint8Array | null = null;
  const keyArrived = Promise.withResolvers<Uint8Array>();
  let askTimer: ReturnType<typeof setInterval> | undefined;
  const seen = new Set<number>();
  let after = 0;
  const early: { views: CallView[]; signals: SignalView[] } = { views: [], signals: [] };
  let ended = false;

  const unsubscribe = o.feed.subscribe({
    call(view) {
      if (!call.value) early.views.push(view);
      else if (view.id === call.value.id) update(view);
    },
    signal(s) {
      if (!call.value) early.signals.push(s);
      else if (s.callId === call.value.id) receive([s]);
    },
    reconnected() {
      const id = call.value?.id;
      if (!id || ended) return;
      callOf(id).then(({ call: view }) => update(view), () => {});
      catchUp();
    },
  });

  function update(view: CallView) {
    call.value = view;
    if (view.status === "ended") finish(null);
  }

  // ---- the call's key, from device to device in sealed signals

  function haveKey(k: Uint8Array) {
    if (key) return;
    key = k;
    clearInterval(askTimer);
    keyCode(k).then((c) => code.value = c);
    keyArrived.resolve(k);
  }

  async function send(to: PublicKeySet[], content: SignalContent) {
    const id = call.value?.id;
    if (!id || ended || to.length === 0) return;
    await sendSignal(id, sealSignal(o.keys, o.conversationId, to, content));
  }

  /**
   * Asks every current device of everyone else in the conversation (lists
   * fetched anew each time: someone may have set up the browser they are in
   * the call from since this page loaded), until one answers.
   */
  function askForKey() {
    const id = call.value!.id;
    const ask = async () => {
      try {
        const others = (await o.refreshRecipients()).filter((r) => r.userId !== me.userId);
        if (!key) await send(others.flatMap(devicesOf), { callId: id, type: "key-request" });
      } catch (err) {
        if (!ended) problem.value = `Asking for the call's key did not go: ${message(err)}`;
      }
    };
    ask();
    askTimer = setInterval(ask, ASK_AGAIN_MS);
  }

  function receive(signals: SignalView[]) {
    for (const s of signals) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      after = Math.max(after, s.id);
      openSignalFresh(s, { conversationId: o.conversationId, callId: call.value!.id, keys: o.keys }, o)
        .then((opened) => {
          if (!opened.ok || ended) return;
          const c = opened.content;
          if (c.type === "key" && !key) {
            const k = unb64(c.key, KEY_BYTES);
            if (k) haveKey(k);
          } else if (c.type === "key-request" && key) {
            // To the device that asked alone, as its owner's signed list names it.
            const asker = devicesOf(o.recipients().find((r) => r.userId === s.senderId))
              .filter((d) => d.id === s.envelope.senderDeviceId);
            return send(asker, { callId: call.value!.id, type: "key", key: b64(key) });
          }
        })
        .catch(() => {
          // Refused, or the answer did not go: the asker asks again in a few seconds.
        });
    }
  }

  async function catchUp() {
    const id = call.value?.id;
    if (!id || ended) return;
    try {
      receive((await signalsOf(id, me.deviceId, after)).signals);
    } catch {
      // The next reconnect fetches them.
    }
  }

  // ---- the room

  async function begin() {
    let view: CallView;
    let created = false;
    try {
      if (o.answer) view = o.answer;
      else ({ call: view, created } = await startLiveKitCall(o.conversationId));
    } catch (err) {
      return finish(
        err instanceof ApiError && err.status === 409
          ? `${err.message}.`
          : `The call could not start: ${message(err)}`,
      );
    }
    call.value = view;
    for (const v of early.views.splice(0)) if (v.id === view.id) update(v);
    if (ended) return;
    phase.value = created ? "ringing" : "connecting";
    receive(early.signals.splice(0).filter((s) => s.callId === view.id));
    if (encrypted) {
      if (created) haveKey(crypto.getRandomValues(new Uint8Array(KEY_BYTES)));
      else {
        askForKey();
        catchUp();
      }
    }
    let lk: typeof import("livekit-client");
    let token: { token: string; url: string };
    try {
      [lk, token] = await Promise.all([import("livekit-client"), liveKitToken(view.id)]);
    } catch (err) {
      return finish(`The call could not be joined: ${message(err)}`);
    }
    if (ended) return;
    const keyProvider = encrypted ? new lk.ExternalE2EEKeyProvider() : null;
    room = new lk.Room({
      adaptiveStream: true,
      dynacast: true,
      ...(keyProvider
        ? {
          encryption: { keyProvider, worker: new Worker(workerUrl("calls/media_e2ee"), { type: "module" }) },
        }
        : {}),
    });
    watch(room, lk);
    try {
      if (keyProvider) {
        if (!key) problem.value = "Waiting for someone in the call to send this device the call's key…";
        const k = await keyArrived.promise;
        problem.value = null;
        if (ended) return;
        await keyProvider.setKey(k.slice().buffer);
        await room.setE2EEEnabled(true);
      }
      await room.connect(token.url, token.token);
      for (const track of local.value?.getTracks() ?? []) {
        await room.localParticipant.publishTrack(track, {
          source: track.kind === "audio" ? lk.Track.Source.Microphone : lk.Track.Source.Camera,
        });
      }
    } catch (err) {
      if (!ended) {
        problem.value = `The call server could not be reached (${message(err)}). Check your connection, ` +
          "then hang up and call again.";
        quality.value = "lost";
      }
    }
  }

  function watch(r: Room, lk: typeof import("livekit-client")) {
    const E = lk.RoomEvent;
    // A room that never connected has nothing to end: the failed connect says why, and the key still
    // goes to those who ask for it.
    let joinedRoom = false;
    r.on(E.Connected, () => {
      joinedRoom = true;
      phase.value = r.remoteParticipants.size > 0 ? "connected" : "ringing";
      refreshTiles();
    });
    r.on(E.ParticipantConnected, () => {
      phase.value = "connected";
      connectedAt.value ??= Date.now();
      refreshTiles();
    });
    r.on(E.ParticipantDisconnected, refreshTiles);
    r.on(E.TrackSubscribed, refreshTiles);
    r.on(E.TrackUnsubscribed, refreshTiles);
    r.on(E.TrackMuted, refreshTiles);
    r.on(E.TrackUnmuted, refreshTiles);
    r.on(E.Reconnecting, () => phase.value = "reconnecting");
    r.on(E.Reconnected, () => phase.value = r.remoteParticipants.size > 0 ? "connected" : "ringing");
    r.on(E.Disconnected, () => {
      if (joinedRoom && !ended) finish("The connection to the call server ended.");
    });
    r.on(E.ConnectionQualityChanged, (q: string, p: Participant) => {
      if (p !== r.localParticipant) return;
      quality.value = q === "excellent" || q === "good"
        ? "good"
        : q === "poor"
        ? "poor"
        : q === "lost"
        ? "lost"
        : "unknown";
    });
    r.on(E.EncryptionError, (err: Error) => {
      problem.value = `A frame could not be decrypted (${err.message}): the call's key may differ.`;
    });
  }

  function refreshTiles() {
    if (!room) return;
    tiles.value = [...room.remoteParticipants.values()].map((p: RemoteParticipant) => {
      const tracks = [...p.trackPublications.values()]
        .filter((pub) => pub.isSubscribed && pub.track)
        .map((pub) => pub.track!.mediaStreamTrack);
      const video = [...p.trackPublications.values()].some((pub) =>
        pub.kind === "video" && pub.isSubscribed && !pub.isMuted
      );
      return {
        userId: p.identity,
        name: p.name || o.nameOf(p.identity),
        stream: new MediaStream(tracks),
        video: video && receivingVideo.value,
      };
    });
  }

  function publication(kind: "audio" | "video"): LocalTrackPublication | undefined {
    return [...room?.localParticipant.trackPublications.values() ?? []].find((p) => p.kind === kind);
  }

  function finish(reason: string | null) {
    if (ended) return;
    ended = true;
    if (reason) problem.value = reason;
    phase.value = "ended";
    clearInterval(askTimer);
    unsubscribe();
    room?.disconnect().catch(() => {});
    for (const t of local.value?.getTracks() ?? []) t.stop();
    local.value = null;
    tiles.value = [];
    quality.value = "unknown";
  }

  begin();

  return {
    ...state,
    encryption: encrypted
      ? {
        endToEnd: true,
        description: "Encrypted end to end: LiveKit relays the call but cannot see or hear it; its key " +
          "reached each device sealed",
        code,
      }
      : {
        endToEnd: false,
        description: "Not encrypted end to end: this browser cannot encrypt the call itself, so LiveKit's " +
          "server could see and hear it (the connection to it is encrypted)",
        code,
      },

    setMuted(muted) {
      const pub = publication("audio");
      if (!pub) return;
      (muted ? pub.mute() : pub.unmute()).catch(() => {});
      microphone.value = muted ? "muted" : "on";
    },

    async setCamera(on) {
      const pub = publication("video");
      const audio = local.value?.getAudioTracks() ?? [];
      if (!on) {
        if (pub?.track) await room?.localParticipant.unpublishTrack(pub.track, true);
        local.value = new MediaStream(audio);
        camera.value = false;
        return;
      }
      if (pub) return;
      try {
        const [track] = (await acquire({ audio: false, video: true })).getVideoTracks();
        if (ended) return track.stop();
        const lk = await import("livekit-client");
        await room?.localParticipant.publishTrack(track, { source: lk.Track.Source.Camera });
        local.value = new MediaStream([...audio, track]);
        camera.value = true;
        problem.value = null;
      } catch (err) {
        problem.value = err instanceof MediaProblem ? err.message : message(err);
      }
    },

    setReceivingVideo(on) {
      receivingVideo.value = on;
      for (const p of room?.remoteParticipants.values() ?? []) {
        for (const pub of p.trackPublications.values()) if (pub.kind === "video") pub.setSubscribed(on);
      }
      refreshTiles();
    },

    async useDevice(kind, deviceId) {
      const isAudio = kind === "audioinput";
      const pub = publication(isAudio ? "audio" : "video");
      if (!pub?.track) return;
      try {
        const stream = await acquire(
          isAudio
            ? { audio: true, video: false, audioDevice: deviceId || undefined }
            : { audio: false, video: true, videoDevice: deviceId || undefined },
        );
        const [track] = isAudio ? stream.getAudioTracks() : stream.getVideoTracks();
        if (ended) return track.stop();
        const old = pub.track.mediaStreamTrack;
        await pub.track.replaceTrack(track);
        old.stop();
        local.value = new MediaStream([...(local.value?.getTracks() ?? []).filter((t) => t !== old), track]);
        problem.value = null;
      } catch (err) {
        problem.value = err instanceof MediaProblem ? err.message : message(err);
      }
    },

    async leave() {
      finish(null);
      // LiveKit reports the leave (its webhook); the room closes when the last person has gone.
      await room?.disconnect();
    },
  };
}
