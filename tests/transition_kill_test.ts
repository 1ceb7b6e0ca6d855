/**
 * A server killed in the middle of a booking transition leaves nothing
 * half-written: the real app runs as a subprocess on a fresh PostgreSQL
 * database; an act accepts an offer through its API while another connection
 * holds the act's row, so the accept stops inside its transaction after it
 * has closed the offer (and before the calendar check it queues for); the
 * server is killed with SIGKILL and PostgreSQL must roll the half-done step
 * back. A new server on the same database then takes the same accept, once.
 *
 * PostgreSQL only (TEST_DATABASE_URL): PGlite lives inside the process that
 * is killed.
 */
import assert from "node:assert/strict";
import { hasPostgres } from "./support/db.ts";
import { onKillStage } from "./support/kill_stage.ts";
import type { RunningServer } from "./support/server.ts";

Deno.test({
  name: "a server killed in the middle of an accept rolls it back, and the accept then goes through once",
  ignore: !hasPostgres,
  // fetch keeps idle keep-alive connections to the servers in its pool.
  sanitizeResources: false,
  fn: () =>
    onKillStage("transition-kill", async (stage) => {
      const { db } = stage;
      const { artist, actId, bookingId } = await stage.offer("The accept the server died in");
      const written = async () => ({
        booking: await db.selectFrom("bookings").select(["status", "fee"]).where("id", "=", bookingId)
          .executeTakeFirstOrThrow(),
        offers: await db.selectFrom("booking_offers").select(["round", "status"])
          .where("booking_id", "=", bookingId).orderBy("round").execute(),
        events: (await db.selectFrom("booking_events").select("event").where("booking_id", "=", bookingId)
          .orderBy("id").execute()).map((e) => e.event),
        notices:
          (await db.selectFrom("notifications").select("id").where("link", "=", `/bookings/${bookingId}`)
            .execute()).length,
        mail: (await db.selectFrom("outbox").select("id").execute()).length,
      });
      const before = await written();
      assert.equal(before.booking.status, "offered");

      const token = await stage.tokenFor(artist);
      const accept = (server: RunningServer) =>
        fetch(`${server.url}/api/v1/negotiations/${bookingId}/accept`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        });

      // Another connection holds the act; the accept closes the offer, then queues for it.
      let server = await stage.start();
      const blocked = await stage.blockMidway(
        { sql: "select id from acts where id = $1 for update", params: [actId] },
        "booking_offers",
        () => accept(server),
      );
      await stage.killMidway(server, blocked);
      assert.deepEqual(await written(), before, "nothing of the accept is left");

      // The act accepts again, on a new server: confirmed, once.
      server = await stage.start();
      const retried = await accept(server);
      assert.equal(retried.status, 200, await retried.text());
      const again = await accept(server);
      assert.equal(again.status, 409, await again.text());
      const after = await written();
      assert.equal(after.booking.status, "confirmed");
      assert.deepEqual(after.offers.map((o) => o.status), ["accepted"]);
      assert.deepEqual(after.events, [...before.events, "accept", "contract_generated"]);
      assert.ok(after.notices > before.notices, "the parties are told");
    }),
});
