/**
 * The microphone and camera: asking for them, saying plainly why the browser
 * would not give them, listing the devices to choose from, and whether the
 * connection is slow enough that a call should start with audio only.
 */

/** The Network Information API's part we read; not in every browser (nor in TypeScript's DOM types). */
export interface ConnectionInfo {
  effectiveType?: string;
  saveData?: boolean;
}

const SLOW = new Set(["slow-2g", "2g", "3g"]);

/** A connection that said it is slow, or asked to save data: video would stall the call's audio. */
export function isSlow(connection: ConnectionInfo | undefined): boolean {
  return !!connection && (connection.saveData === true || SLOW.has(connection.effectiveType ?? ""));
}

export function slowConnection(): boolean {
  return isSlow((navigator as { connection?: ConnectionInfo }).connection);
}

/**
 * Whether this browser can encrypt media frames itself (RTCRtpScriptTransform
 * or insertable streams, in a worker): without it a call through LiveKit
 * would reach LiveKit's server readable, which the person is told first.
 */
export function frameEncryptionSupported(): boolean {
  const sender = globalThis.RTCRtpSender?.prototype as { createEncodedStreams?: unknown } | undefined;
  return typeof Worker !== "undefined" &&
    ("RTCRtpScriptTransform" in globalThis || typeof sender?.createEncodedStreams === "function");
}

export interface MediaWanted {
  audio: boolean;
  video: boolean;
  audioDevice?: string;
  videoDevice?: string;
}

function constraint(device: string | undefined, extra: MediaTrackConstraints = {}): MediaTrackConstraints {
  return device ? { ...extra, deviceId: { exact: device } } : extra;
}

/** Media as asked for; throws a MediaProblem saying what went wrong in words. */
export async function acquire(wanted: MediaWanted): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new MediaProblem(
      "This browser cannot use a microphone or camera here: calls need a secure (https) page and a " +
        "browser that supports them.",
    );
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: wanted.audio &&
        constraint(wanted.audioDevice, { echoCancellation: true, noiseSuppression: true }),
      // A phone's camera at a size a slow uplink can carry; the encoder scales down further when it must.
      video: wanted.video &&
        constraint(wanted.videoDevice, {
          width: { ideal: 640 },
          height: { ideal: 480 },
          frameRate: { max: 24 },
        }),
    });
  } catch (err) {
    throw new MediaProblem(describe(err, wanted));
  }
}

export class MediaProblem extends Error {}

function describe(err: unknown, wanted: MediaWanted): string {
  const what = wanted.audio && wanted.video
    ? "microphone and camera"
    : wanted.video
    ? "camera"
    : "microphone";
  const name = err instanceof DOMException ? err.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return `This page was not allowed to use your ${what}. Allow it in the browser's site settings ` +
        "(the icon beside the address), then try again.";
    case "NotFoundError":
      return `No ${what.replace(" and ", " or ")} was found on this device.`;
    case "NotReadableError":
    case "AbortError":
      return `Your ${what} could not be started: another app may be using it.`;
    case "OverconstrainedError":
      return `The ${what} chosen is no longer there. Choose another.`;
    default:
      return `Your ${what} could not be used${err instanceof Error ? ` (${err.message})` : ""}.`;
  }
}

export interface InputDevices {
  microphones: MediaDeviceInfo[];
  cameras: MediaDeviceInfo[];
}

/** The inputs to choose from; their names show once the person has allowed one of them. */
export async function inputDevices(): Promise<InputDevices> {
  const all = await navigator.mediaDevices?.enumerateDevices?.() ?? [];
  return {
    microphones: all.filter((d) => d.kind === "audioinput" && d.deviceId),
    cameras: all.filter((d) => d.kind === "videoinput" && d.deviceId),
  };
}
