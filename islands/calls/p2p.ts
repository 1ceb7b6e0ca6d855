/**
 * A call peer to peer: one RTCPeerConnection between the caller's device and
 * the answerer's, with the STUN/TURN servers the server hands out. The
 * caller offers once the answerer shows in the call's `joined`; offers,
 * answers and ICE candidates travel as signals sealed to the peer's device
 * (signals.ts), live over the chat's connection and fetched again after
 * every reconnect. Media is DTLS-SRTP between the two browsers, keyed by
 * fingerprints that only ever crossed the server sealed.
 *
 * Each side sets up one audio and one video transceiver at the start, so the
 * camera, the microphone and the devices behind them change by replacing
 * tracks, never by negotiating again. A closure, not a class (see
 * islands/messages/session.ts).
 */
import type { PublicKeySet } from "../../lib/e2ee/keys.ts";
import { ApiError } from "../messages/api.ts";
import {
  callAlive,
  callOf,
  type CallView,
  joinCall,
  type Joined,
  leaveCall,
  sendSignal,
  signalsOf,
  type SignalView,
  startCall,
} from "./api.ts";
import { acquire, MediaProblem } from "./media.ts";
import { qualityOf, sampleOf, type StatsSample } from "./quality.ts";
import {
  listedDevice,
  openSignalFresh,
  OTHER_CALL,
  sealSignal,
  type SignalBody,
  type SignalContent,
} from "./signals.ts";
import { type CallOptions, type CallSession, sessionState } from "./transport.ts";

const ALIVE_MS = 20_000;
const STATS_MS = 2_000;
/** ICE restarts the caller tries after the path fails, before saying so and leaving it to the person. */
const ICE_RESTARTS = 2;
const SEND_TRIES = 4;

type Peer = { userId: string; deviceId: string };
/** What a StatsSample is made from: the entries of an RTCStatsReport. */
type Stat = Record<string, unknown> & { type: string; id: string };

const message = (err: unknown) => err instanceof Error ? err.message : String(err);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Of two views of one call, the later: an ended one over a live one, an answered one over a ringing one. */
function later(a: CallView | null, b: CallView): CallView {
  if (!a || a.id !== b.id) return b;
  if (a.status === "ended" && b.status !== "ended") return a;
  if (a.answeredAt && !b.answeredAt && b.status !== "ended") return a;
  return b;
}

export function p2pCall(o: CallOptions): CallSession {
  const me = { userId: o.keys.userId, deviceId: o.keys.device.id };
  const state = sessionState(o);
  const { call, phase, connectedAt, local, tiles, microphone, camera, receivingVideo, quality, problem } =
    state;

  let role: "caller" | "answerer" = o.answer ? "answerer" : "caller";
  let pc: RTCPeerConnection | null = null;
  let peer: Peer | null = null;
  let audio: RTCRtpTransceiver | null = null;
  let video: RTCRtpTransceiver | null = null;
  let tracksAttached = false;
  let offered = false;
  let restarts = 0;
  const remote = new MediaStream();
  /** What the peer last said: their camera is on, and they want ours. */
  let peerCamera = true;
  let peerWantsVideo = true;
  let chosen: { audioinput?: string; videoinput?: string } = {};

  /** Signals handled (live and fetched overlap), and the newest id, where the next catch-up starts. */
  const seen = new Set<number>();
  let after = 0;
  /** Candidates that came before the description they belong to. */
  let pendingCandidates: RTCIceCandidateInit[] = [];
  /** Views and signals that came while the start or join request was on its way. */
  const early: { views: CallView[]; signals: SignalView[] } = { views: [], signals: [] };
  /** Received signals are applied one after another, in order; so are sent ones. */
  let applying: Promise<void> = Promise.resolve();
  let sending: Promise<void> = Promise.resolve();
  let catchingUp = false;
  let catchUpAgain = false;
  let aliveTimer: ReturnType<typeof setInterval> | undefined;
  let statsTimer: ReturnType<typeof setInterval> | undefined;
  let lastSample: StatsSample | null = null;
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
      if (!call.value || ended) return;
      const id = call.value.id;
      callOf(id).then(({ call: view }) => update(view), () => {});
      catchUpSignals();
    },
  });

  function tracksOf(kind: "audio" | "video"): MediaStreamTrack | null {
    return (kind === "audio" ? local.value?.getAudioTracks() : local.value?.getVideoTracks())?.[0] ?? null;
  }

  function setLocal(tracks: MediaStreamTrack[]) {
    local.value = new MediaStream(tracks);
  }

  function refreshTiles() {
    if (!peer) return;
    const v = remote.getVideoTracks()[0];
    tiles.value = [{
      userId: peer.userId,
      name: o.nameOf(peer.userId),
      stream: remote,
      video: peerCamera && receivingVideo.value && !!v && !v.muted && v.readyState === "live",
    }];
  }

  // ---- the server's view of the call

  function update(view: CallView) {
    const next = later(call.value, view);
    call.value = next;
    if (ended) return;
    if (next.status === "ended") return finish(null);
    if (!peer) {
      const other = role === "caller"
        ? next.joined.find((j) => j.userId !== me.userId && j.deviceId)
        : next.joined.find((j) => j.userId === next.startedBy && j.deviceId);
      if (other) {
        peer = { userId: other.userId, deviceId: other.deviceId! };
        refreshTiles();
      }
    }
    if (role === "caller" && peer && !offered) {
      offered = true;
      phase.value = "connecting";
      offer(false).catch((err) => problem.value = `The call could not be set up: ${message(err)}`);
    }
  }

  async function begin() {
    let joined: Joined;
    try {
      if (o.answer) {
        joined = await joinCall(o.answer.id, me.deviceId);
      } else {
        const started = await startCall(o.conversationId, me.deviceId);
        joined = started;
        // They called at the same moment: this is their call, so answer it.
        if (!started.created) {
          if (started.call.joined.some((j) => j.userId === me.userId)) {
            throw new Error("You are already in this call on another device");
          }
          role = "answerer";
          joined = await joinCall(started.call.id, me.deviceId);
        }
      }
    } catch (err) {
      const said = err instanceof ApiError && err.status === 409
        ? `${err.message}.`
        : `The call could not be ${o.answer ? "answered" : "started"}: ${message(err)}`;
      return finish(said);
    }
    if (ended) {
      // Hung up while the request was on its way.
      leaveCall(joined.call.id).catch(() => {});
      return;
    }
    pc = new RTCPeerConnection({
      iceServers: joined.iceServers,
      iceTransportPolicy: joined.iceTransportPolicy,
    });
    pc.onicecandidate = (e) => e.candidate && send({ type: "candidate", candidate: e.candidate.toJSON() });
    pc.ontrack = (e) => {
      remote.addTrack(e.track);
      e.track.onmute = e.track.onunmute = e.track.onended = refreshTiles;
      refreshTiles();
    };
    pc.onconnectionstatechange = connectionChanged;
    if (role === "caller") {
      audio = pc.addTransceiver(tracksOf("audio") ?? "audio", { direction: "sendrecv" });
      video = pc.addTransceiver(tracksOf("video") ?? "video", { direction: "sendrecv" });
      tracksAttached = true;
    }
    phase.value = role === "caller" ? "ringing" : "connecting";
    call.value = joined.call;
    aliveTimer = setInterval(keepAlive, ALIVE_MS);
    statsTimer = setInterval(measure, STATS_MS);
    addEventListener("pagehide", hangUpOnLeaving);
    for (const view of early.views.splice(0)) {
      if (view.id === joined.call.id) call.value = later(call.value, view);
    }
    update(call.value);
    receive(early.signals.splice(0).filter((s) => s.callId === joined.call.id));
    catchUpSignals();
  }

  function connectionChanged() {
    if (!pc || ended) return;
    const state = pc.connectionState;
    if (state === "connected") {
      phase.value = "connected";
      connectedAt.value ??= Date.now();
      problem.value = null;
      sendState();
    } else if (state === "disconnected" || state === "failed") {
      if (connectedAt.value !== null) phase.value = "reconnecting";
      quality.value = "lost";
      if (state === "failed" && role === "caller") {
        if (restarts++ < ICE_RESTARTS) {
          offer(true).catch(() => {});
        } else {
          problem.value = "The connection to the other side was lost and could not be found again. " +
            "Hang up and call again, perhaps from another network.";
        }
      }
    }
  }

  // ---- signalling

  async function peerKey(): Promise<PublicKeySet> {
    if (!peer) throw new Error("Nobody to send to yet");
    const found = listedDevice(o.recipients(), peer.userId, peer.deviceId) ??
      listedDevice(await o.refreshRecipients(), peer.userId, peer.deviceId);
    if (!found) {
      throw new Error(
        `${o.nameOf(peer.userId)}'s device is not on their signed device list, so the call cannot be secured`,
      );
    }
    return found;
  }

  function send(content: SignalBody): Promise<void> {
    const id = call.value?.id;
    if (!id || ended) return Promise.resolve();
    const full = { ...content, callId: id } as SignalContent;
    sending = sending.then(async () => {
      if (ended) return;
      const envelope = sealSignal(o.keys, o.conversationId, await peerKey(), full);
      for (let attempt = 1;; attempt++) {
        try {
          await sendSignal(id, envelope);
          return;
        } catch (err) {
          // A dropped connection is waited out (the same clientId is stored once); a refusal is not.
          if (!(err instanceof ApiError && err.offline) || attempt >= SEND_TRIES) throw err;
          await sleep(1_000 * attempt);
        }
      }
    }).catch((err) => {
      if (!ended) problem.value = `A message setting up the call did not go: ${message(err)}`;
    });
    return sending;
  }

  /** The caller's offer, the first or one that restarts ICE. */
  async function offer(iceRestart: boolean) {
    if (!pc) return;
    await pc.setLocalDescription(await pc.createOffer({ iceRestart }));
    await send({ type: "offer", sdp: pc.localDescription!.sdp });
  }

  function receive(signals: SignalView[]) {
    for (const s of signals) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      after = Math.max(after, s.id);
      applying = applying.then(async () => {
        const opened = await openSignalFresh(
          s,
          { conversationId: o.conversationId, callId: call.value!.id, keys: o.keys },
          o,
        );
        if (!opened.ok) {
          if (opened.reason !== OTHER_CALL) {
            problem.value = `A message about this call was refused: ${opened.reason}.`;
          }
          return;
        }
        await apply(opened.content, s.senderId, s.envelope.senderDeviceId);
      }).catch((err) => {
        if (!ended) problem.value = `The call could not be set up: ${message(err)}`;
      });
    }
  }

  async function apply(content: SignalContent, senderId: string, senderDevice: string) {
    if (!pc || ended) return;
    // Only the one other device in the call steers it.
    if (!peer || senderId !== peer.userId || senderDevice !== peer.deviceId) return;
    switch (content.type) {
      case "offer": {
        if (role !== "answerer") return;
        await pc.setRemoteDescription({ type: "offer", sdp: content.sdp });
        attachTracks();
        await pc.setLocalDescription(await pc.createAnswer());
        await send({ type: "answer", sdp: pc.localDescription!.sdp });
        await addPending();
        return;
      }
      case "answer": {
        if (role !== "caller" || pc.signalingState !== "have-local-offer") return;
        await pc.setRemoteDescription({ type: "answer", sdp: content.sdp });
        await addPending();
        return;
      }
      case "candidate": {
        if (pc.remoteDescription) await pc.addIceCandidate(content.candidate);
        else pendingCandidates.push(content.candidate);
        return;
      }
      case "state": {
        peerCamera = content.camera;
        peerWantsVideo = content.video;
        await applyVideoSending();
        refreshTiles();
        return;
      }
    }
  }

  async function addPending() {
    const waiting = pendingCandidates;
    pendingCandidates = [];
    for (const c of waiting) await pc?.addIceCandidate(c);
  }

  /** The answerer's transceivers come with the offer: this side's tracks go on them, both ways. */
  function attachTracks() {
    if (!pc || tracksAttached) return;
    for (const t of pc.getTransceivers()) {
      const kind = t.receiver.track.kind;
      if (kind === "audio" && !audio) audio = t;
      else if (kind === "video" && !video) video = t;
      else continue;
      t.direction = "sendrecv";
      const track = tracksOf(kind);
      if (track) t.sender.replaceTrack(track);
    }
    tracksAttached = true;
  }

  /** What this side shows and wants, for the peer to show it and to spare a slow connection. */
  function sendState() {
    if (!peer || ended) return;
    send({ type: "state", camera: camera.value, video: receivingVideo.value });
  }

  /** Sends video only while the peer wants it: in audio-only mode nothing but the voice crosses their link. */
  async function applyVideoSending() {
    const sender = video?.sender;
    if (!sender) return;
    const params = sender.getParameters();
    if (!params.encodings?.length) return;
    const active = peerWantsVideo;
    if (params.encodings.every((e) => e.active === active)) return;
    for (const e of params.encodings) e.active = active;
    await sender.setParameters(params);
  }

  async function catchUpSignals() {
    if (catchingUp) {
      catchUpAgain = true;
      return;
    }
    catchingUp = true;
    try {
      do {
        catchUpAgain = false;
        const id = call.value?.id;
        if (!id || ended) return;
        const { signals } = await signalsOf(id, me.deviceId, after);
        receive(signals);
      } while (catchUpAgain);
    } catch {
      // The next reconnect or poll fetches them.
    } finally {
      catchingUp = false;
    }
  }

  // ---- keeping it going, measuring it, ending it

  async function keepAlive() {
    const id = call.value?.id;
    if (!id || ended) return;
    try {
      await callAlive(id);
    } catch (err) {
      // Refused: the call may have ended unseen (the sweeper, a missed event); ask how it is.
      if (err instanceof ApiError && !err.offline) {
        callOf(id).then(({ call: view }) => update(view), () => {});
      }
    }
  }

  async function measure() {
    if (!pc || ended || !peer || !pc.remoteDescription) return;
    const report = await pc.getStats();
    const sample = sampleOf(report.values() as Iterable<Stat>);
    if (lastSample) quality.value = qualityOf(lastSample, sample);
    lastSample = sample;
  }

  function hangUpOnLeaving() {
    const id = call.value?.id;
    // keepalive: the request outlives the page; fetch sends the Origin header the CSRF check wants.
    if (id && !ended) fetch(`/api/v1/calls/${id}/leave`, { method: "POST", keepalive: true }).catch(() => {});
  }

  function finish(reason: string | null) {
    if (ended) return;
    teardown();
    if (reason) problem.value = reason;
    phase.value = "ended";
  }

  /** Closes the connection and releases the microphone and camera. */
  function teardown() {
    ended = true;
    clearInterval(aliveTimer);
    clearInterval(statsTimer);
    removeEventListener("pagehide", hangUpOnLeaving);
    unsubscribe();
    pc?.close();
    for (const t of local.value?.getTracks() ?? []) t.stop();
    for (const t of remote.getTracks()) t.stop();
    local.value = null;
    quality.value = "unknown";
    tiles.value = [];
  }

  begin();

  return {
    ...state,
    encryption: {
      endToEnd: true,
      description:
        "Encrypted end to end (peer to peer, DTLS-SRTP); the call's keys were exchanged in sealed messages",
    },

    setMuted(muted) {
      const track = tracksOf("audio");
      if (!track) return;
      track.enabled = !muted;
      microphone.value = muted ? "muted" : "on";
    },

    async setCamera(on) {
      const old = tracksOf("video");
      const audioTracks = local.value?.getAudioTracks() ?? [];
      if (!on) {
        old?.stop();
        await video?.sender.replaceTrack(null);
        setLocal(audioTracks);
        camera.value = false;
        sendState();
        return;
      }
      if (old) return;
      try {
        const [track] = (await acquire({ audio: false, video: true, videoDevice: chosen.videoinput }))
          .getVideoTracks();
        if (ended) return track.stop();
        await video?.sender.replaceTrack(track);
        setLocal([...audioTracks, track]);
        camera.value = true;
        problem.value = null;
        sendState();
      } catch (err) {
        problem.value = err instanceof MediaProblem ? err.message : message(err);
      }
    },

    setReceivingVideo(on) {
      receivingVideo.value = on;
      refreshTiles();
      sendState();
    },

    async useDevice(kind, deviceId) {
      chosen = { ...chosen, [kind]: deviceId };
      const isAudio = kind === "audioinput";
      const old = tracksOf(isAudio ? "audio" : "video");
      // The camera is off: the choice applies when it is turned on.
      if (!isAudio && !old) return;
      try {
        const stream = await acquire(
          isAudio ? { audio: true, video: false, audioDevice: deviceId || undefined } : {
            audio: false,
            video: true,
            videoDevice: deviceId || undefined,
          },
        );
        const [track] = isAudio ? stream.getAudioTracks() : stream.getVideoTracks();
        if (ended) return track.stop();
        if (isAudio) track.enabled = microphone.value !== "muted";
        await (isAudio ? audio : video)?.sender.replaceTrack(track);
        old?.stop();
        const others = (local.value?.getTracks() ?? []).filter((t) => t !== old);
        setLocal([...others, track]);
        if (isAudio && microphone.value === "none") microphone.value = "on";
        problem.value = null;
      } catch (err) {
        problem.value = err instanceof MediaProblem ? err.message : message(err);
      }
    },

    async leave() {
      const id = call.value?.id;
      if (!id || ended) return finish(null);
      teardown();
      try {
        // Ended as the server has it, so the length said here is the one the other side says.
        call.value = later(call.value, (await leaveCall(id)).call);
      } catch (err) {
        // Not heard: the server's sweeper ends it once this side stops saying it is alive.
        problem.value = `Hanging up did not reach the server (${
          message(err)
        }); the call ends by itself soon.`;
      }
      phase.value = "ended";
    },
  };
}
