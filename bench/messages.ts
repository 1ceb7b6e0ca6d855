/**
 * Live delivery under load, on PostgreSQL (skipped without TEST_DATABASE_URL):
 * the app as `deno task start` runs it, in a subprocess (test mode: no demo
 * data, and no contract seal to configure), CLIENTS WebSockets open on it
 * (people in booking conversations, each with a few tabs), and MESSAGES real
 * sealed messages sent through the REST API by SENDERS people at once. Each
 * message's latency runs from the start of its POST to its arrival at each
 * socket of each participant. Figures only: they depend on the machine, and
 * here the clients share it with the server. Bounded: whatever has not
 * arrived DEADLINE_MS after the first send is counted as missing.
 */
import { openDatabase } from "../db/client.ts";
import { type ListedRecipient, sealingKeys } from "../lib/e2ee/device_list.ts";
import { sealMessage } from "../lib/e2ee/envelope.ts";
import { accessTokenSigner } from "../services/auth/access_token.ts";
import { startSession } from "../services/auth/sessions.ts";
import type { RoleName } from "../domain/roles.ts";
import type { MessageView } from "../services/messages/views.ts";
import { hasPostgres, scratchPostgres } from "../tests/support/db.ts";
import { band, booking, person } from "../tests/support/fixtures.ts";
import { openLiveSocket } from "../tests/support/live_clients.ts";
import { type ApiKeyedUser, apiOn, publishOverApi } from "../tests/support/messages.ts";
import { startServer } from "../tests/support/server.ts";
import { median, p95 } from "./login.ts";

const CONVERSATIONS = 10;
/** Per conversation: the organizer, the band's manager and its members. */
const BAND_MEMBERS = 3;
const TABS_PER_PERSON = 4;
const CLIENTS = CONVERSATIONS * (2 + BAND_MEMBERS) * TABS_PER_PERSON;
/** The organizer and the manager of each conversation send, each waiting for one send before the next. */
const SENDERS = CONVERSATIONS * 2;
const MESSAGES = 400;
const DEADLINE_MS = 30_000;

interface Member {
  userId: string;
  token: string;
  keys: ApiKeyedUser;
}

function secret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

export async function reportLiveMessages(): Promise<void> {
  console.log(`live messages, ${CLIENTS} WebSockets, ${MESSAGES} sealed messages from ${SENDERS} senders:`);
  if (!hasPostgres) {
    console.log("  PostgreSQL: skipped (set TEST_DATABASE_URL to a server to include it)");
    return;
  }
  const scratch = await scratchPostgres();
  const secrets = { APP_SECRET: secret(), JWT_SECRET: secret() };
  const database = await openDatabase({ driver: "pg", url: scratch.url, pgliteDir: "" });
  const server = await startServer({ env: { APP_ENV: "test", DATABASE_URL: scratch.url, ...secrets } })
    .catch(async (err) => {
      await database.close();
      await scratch.drop();
      throw err;
    });
  const sockets: ReturnType<typeof openLiveSocket>[] = [];
  try {
    const db = database.db;
    const signer = await accessTokenSigner(secrets.JWT_SECRET);
    const member = async (role: RoleName): Promise<Member> => {
      const { userId } = await person(db, role);
      const { accessToken } = await startSession(db, signer, {
        userId,
        kind: "api",
        client: { ip: null, userAgent: "bench" },
        now: new Date(),
      });
      return {
        userId,
        token: accessToken,
        keys: await publishOverApi(apiOn(server.url, accessToken), userId),
      };
    };

    const conversations: { id: string; people: Member[]; recipients: ListedRecipient[] }[] = [];
    for (let c = 0; c < CONVERSATIONS; c++) {
      const people = [await member("organizer"), await member("band_manager")];
      const { id: actId } = await band(db, people[1].userId);
      for (let m = 0; m < BAND_MEMBERS; m++) {
        const joined = await member("artist");
        await db.insertInto("band_members")
          .values({ act_id: actId, user_id: joined.userId, status: "accepted", responded_at: new Date() })
          .execute();
        people.push(joined);
      }
      const { id: bookingId } = await booking(db, actId, people[0].userId, { status: "confirmed" });
      const api = apiOn(server.url, people[0].token);
      const { data } = await api("POST", "/messages/conversations", { bookingId });
      const page = await api("GET", `/messages/${data.conversation.id}?limit=1`);
      conversations.push({ id: data.conversation.id, people, recipients: page.data.recipients });
    }

    // clientId -> when its POST started, and the sockets it must reach.
    const started = new Map<string, number>();
    const expected = new Map<string, number>();
    const latencies: number[] = [];
    let lastArrival = 0;
    for (const conversation of conversations) {
      for (const p of conversation.people) {
        for (let tab = 0; tab < TABS_PER_PERSON; tab++) {
          const socket = openLiveSocket(
            server.url,
            { Authorization: `Bearer ${p.token}` },
            p.keys.devices[0].id,
          );
          socket.ws.onmessage = (e) => {
            const event = JSON.parse(e.data) as { type: string; message?: MessageView };
            const at = started.get(event.message?.clientId ?? "");
            if (event.type !== "message" || at === undefined) return;
            lastArrival = performance.now();
            latencies.push(lastArrival - at);
          };
          sockets.push(socket);
        }
      }
    }
    await Promise.all(sockets.map((s) => s.opened));
    // The server joins a socket to its hub just after the handshake; let the last ones land.
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Sealed beforehand, as each sender's browser would: sealing is the client's work (one box per
    // recipient key in pure JavaScript), and here the clients share the process that times the server.
    const senders = conversations.flatMap((c) => c.people.slice(0, 2).map((sender) => ({ c, sender })));
    const outbox = Array.from({ length: MESSAGES }, (_, n) => {
      const { c, sender } = senders[n % senders.length];
      const envelope = sealMessage(
        { userId: sender.userId, device: sender.keys.devices[0] },
        { conversationId: c.id, clientId: crypto.randomUUID(), recipients: sealingKeys(c.recipients) },
        { text: `Message ${n}`, attachments: [] },
      );
      return { envelope, sockets: c.people.length * TABS_PER_PERSON };
    });
    const queues = senders.map((_, i) => outbox.filter((_, n) => n % senders.length === i));

    let failed = 0;
    const first = performance.now();
    const deadline = first + DEADLINE_MS;
    await Promise.all(senders.map(async ({ sender }, i) => {
      const api = apiOn(server.url, sender.token);
      for (const { envelope, sockets } of queues[i]) {
        if (performance.now() > deadline) break;
        started.set(envelope.clientId, performance.now());
        expected.set(envelope.clientId, sockets);
        const res = await api("POST", "/messages", envelope);
        if (res.status !== 201) failed++;
      }
    }));
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    while (latencies.length < total && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (lastArrival - first) / 1000;
    const sent = expected.size;
    console.log(
      `  delivered ${latencies.length} of ${total} (${sent} messages x their participants' sockets) in ` +
        `${seconds.toFixed(1)} s: ${(sent / seconds).toFixed(0)} messages/s, ` +
        `${(latencies.length / seconds).toFixed(0)} socket deliveries/s` +
        (failed ? `, ${failed} sends failed` : ""),
    );
    console.log(
      `  latency, send start to arrival: median ${median(latencies).toFixed(0)} ms, ` +
        `p95 ${p95(latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
    );
  } finally {
    for (const s of sockets) s.ws.close();
    await Promise.all(sockets.map((s) => s.closed));
    await server.close();
    await database.close();
    await scratch.drop();
  }
}

if (import.meta.main) await reportLiveMessages();
