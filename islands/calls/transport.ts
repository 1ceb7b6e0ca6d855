/**
 * What the call's view needs from a call, whichever way its media travels:
 * peer to peer (p2p.ts) today, through an SFU such as LiveKit beside it.
 * The view renders these signals and calls these methods and knows nothing
 * of RTCPeerConnection, signalling or rooms; a transport is a module that
 * makes a CallSession from CallOptions.
 */
import { type ReadonlySignal, signal } from "@preact/signals";
import type { Recipient } from "../messages/api.ts";
import type { Keys } from "../messages/keystore.ts";
import type { CallView, SignalView } from "./api.ts";
import type { Quality } from "./quality.ts";

export type CallPhase =
  /** Asking the server to start or join. */
  | "starting"
  /** Started; nobody has answered yet. */
  | "ringing"
  /** Answered; the media's path is being found. */
  | "connecting"
  | "connected"
  /** Was connected and lost the path; trying to get it back. */
  | "reconnecting"
  | "ended";

/** One other person in the call. */
export interface RemoteTile {
  userId: string;
  name: string;
  /** Their audio and video as received. */
  stream: MediaStream;
  /** Their video is on and arriving (false: show their name instead). */
  video: boolean;
}

export interface Encryption {
  /** Only the people in the call can decrypt its media. */
  endToEnd: boolean;
  /** Said to the person in the call, as it is. */
  description: string;
  /**
   * A short code from the call's media key, the same on every screen in the call, to compare; for a
   * transport whose key the browsers share (LiveKit's), once this device has it.
   */
  code?: ReadonlySignal<string | null>;
}

export interface CallSession {
  /** The call as the server last described it; null until it has. */
  readonly call: ReadonlySignal<CallView | null>;
  readonly phase: ReadonlySignal<CallPhase>;
  /** When media first flowed both ways (this browser's clock), for the timer. */
  readonly connectedAt: ReadonlySignal<number | null>;
  readonly local: ReadonlySignal<MediaStream | null>;
  readonly tiles: ReadonlySignal<RemoteTile[]>;
  /** "none": there is no microphone in the call (the person chose to listen only). */
  readonly microphone: ReadonlySignal<"on" | "muted" | "none">;
  readonly camera: ReadonlySignal<boolean>;
  /** False in audio-only mode: the others are asked not to send video. */
  readonly receivingVideo: ReadonlySignal<boolean>;
  readonly quality: ReadonlySignal<Quality>;
  /** What went wrong, in words, while the call goes on or as the reason it ended. */
  readonly problem: ReadonlySignal<string | null>;
  readonly encryption: Encryption;

  setMuted(muted: boolean): void;
  /** Turns the camera on (asking for it) or off (releasing it). */
  setCamera(on: boolean): Promise<void>;
  setReceivingVideo(on: boolean): void;
  /** Switches to another microphone or camera ("": the default one). */
  useDevice(kind: "audioinput" | "videoinput", deviceId: string): Promise<void>;
  /** Hangs up. */
  leave(): Promise<void>;
}

/** What the page's live connection tells a call (islands/messages/session.ts relays it). */
export interface CallListener {
  call(view: CallView): void;
  signal(signal: SignalView): void;
  /** The live connection (re)connected or polled: whatever was missed meanwhile is to be fetched. */
  reconnected(): void;
}

export interface CallFeed {
  subscribe(listener: CallListener): () => void;
}

export interface CallOptions {
  conversationId: string;
  keys: Keys;
  /** The conversation's people and their signed device lists, as last fetched. */
  recipients(): readonly Recipient[];
  /** Fetches them again (someone set up a new device meanwhile). */
  refreshRecipients(): Promise<readonly Recipient[]>;
  /** People whose identity key is not the one this browser pinned, until the person has checked. */
  distrusted(): ReadonlySet<string>;
  nameOf(userId: string): string;
  feed: CallFeed;
  /** The call to answer; none to start one. */
  answer?: CallView;
  /** The microphone and camera already granted (either may be missing). */
  media: MediaStream;
  /** Whether to receive the others' video (audio-only mode when false). */
  receiveVideo: boolean;
}

/** The state every transport's session starts from: nothing connected yet, the media the person granted. */
export function sessionState(o: CallOptions) {
  return {
    call: signal<CallView | null>(null),
    phase: signal<CallPhase>("starting"),
    connectedAt: signal<number | null>(null),
    local: signal<MediaStream | null>(o.media),
    tiles: signal<RemoteTile[]>([]),
    microphone: signal<"on" | "muted" | "none">(o.media.getAudioTracks().length ? "on" : "none"),
    camera: signal(o.media.getVideoTracks().length > 0),
    receivingVideo: signal(o.receiveVideo),
    quality: signal<Quality>("unknown"),
    problem: signal<string | null>(null),
  };
}
