/**
 * LiveKit, through its official server SDK: rooms made with
 * `RoomServiceClient` (Twirp over HTTP, authorised by a JWT signed with the
 * API secret), join tokens from `AccessToken`, and webhooks checked by
 * `WebhookReceiver` (a JWT in Authorization whose `sha256` claim is the
 * body's hash). One key and secret serve every instance; which instance a
 * call uses is its purpose's URL. Nothing here knows about conversations.
 */
import { AccessToken, RoomServiceClient, TrackSource, WebhookReceiver } from "livekit-server-sdk";
import type { LiveKitConfig } from "../config/env.ts";
import type { LiveKitPurpose } from "../domain/calls.ts";

export interface RoomOptions {
  emptyTimeoutSeconds: number;
  maxParticipants: number;
}

export interface JoinGrant {
  room: string;
  identity: string;
  name: string;
  ttlSeconds: number;
}

/** A verified webhook, reduced to what calls record. */
export interface LiveKitWebhook {
  id: string;
  event: string;
  roomName: string | null;
  participantIdentity: string | null;
  createdAt: Date;
}

/** The webhook's signature (or its body's hash) does not verify. */
export class LiveKitSignatureRejected extends Error {}

/** Signed by LiveKit but not a webhook event we can read. */
export class LiveKitWebhookUnreadable extends Error {}

export interface LiveKit {
  /** The URL browsers connect to for calls of this purpose. */
  urlFor(purpose: LiveKitPurpose): string;
  /** Creates the room on the purpose's instance; LiveKit returns the existing room for a name it has. */
  createRoom(purpose: LiveKitPurpose, name: string, options: RoomOptions): Promise<{ sid: string }>;
  /** Which of these rooms exist on the purpose's instance. */
  existingRooms(purpose: LiveKitPurpose, names: string[]): Promise<Set<string>>;
  /** A token that lets `identity` join `room` with camera and microphone, and nothing more. */
  joinToken(grant: JoinGrant): Promise<string>;
  verifyWebhook(rawBody: string, authorization: string | undefined): Promise<LiveKitWebhook>;
}

export function createLiveKit(config: LiveKitConfig): LiveKit {
  const clients = new Map<string, RoomServiceClient>();
  const clientFor = (url: string) => {
    let client = clients.get(url);
    if (!client) clients.set(url, client = new RoomServiceClient(url, config.apiKey, config.apiSecret));
    return client;
  };
  const receiver = new WebhookReceiver(config.apiKey, config.apiSecret);
  return {
    urlFor: (purpose) => config.urls[purpose],
    async createRoom(purpose, name, options) {
      const room = await clientFor(config.urls[purpose]).createRoom({
        name,
        emptyTimeout: options.emptyTimeoutSeconds,
        maxParticipants: options.maxParticipants,
      });
      return { sid: room.sid };
    },
    async existingRooms(purpose, names) {
      // An empty list would ask for every room.
      if (names.length === 0) return new Set();
      const rooms = await clientFor(config.urls[purpose]).listRooms(names);
      return new Set(rooms.map((r) => r.name));
    },
    async joinToken(grant) {
      const token = new AccessToken(config.apiKey, config.apiSecret, {
        identity: grant.identity,
        name: grant.name,
        ttl: grant.ttlSeconds,
      });
      token.addGrant({
        roomJoin: true,
        room: grant.room,
        canPublish: true,
        canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
        canSubscribe: true,
        canPublishData: true,
      });
      return await token.toJwt();
    },
    async verifyWebhook(rawBody, authorization) {
      if (!authorization) throw new LiveKitSignatureRejected("The webhook is not signed");
      let event: Awaited<ReturnType<WebhookReceiver["receive"]>>;
      try {
        event = await receiver.receive(rawBody, authorization);
      } catch (err) {
        // The receiver verifies before it parses: a parse error means a body LiveKit signed.
        if (err instanceof SyntaxError || (err instanceof Error && err.message.startsWith("cannot decode"))) {
          throw new LiveKitWebhookUnreadable(err.message);
        }
        throw new LiveKitSignatureRejected(
          err instanceof Error ? err.message : "The signature does not verify",
        );
      }
      if (!event.id || !event.event) throw new LiveKitWebhookUnreadable("The webhook has no id or event");
      return {
        id: event.id,
        event: event.event,
        roomName: event.room?.name || null,
        participantIdentity: event.participant?.identity || null,
        createdAt: new Date(Number(event.createdAt) * 1000),
      };
    },
  };
}
