/**
 * LiveKit's end-to-end media encryption runs in this worker: it encrypts each
 * outgoing audio and video frame and decrypts each incoming one with the
 * call's key (insertable streams), off the page's thread. Built on its own
 * (lib/fresh/build.ts) and started from islands/calls/ by `workerUrl`.
 */
import "livekit-client/e2ee-worker";
