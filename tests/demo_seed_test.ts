/** The demo data `deno task start` seeds: a working desk for each demo person, seeded once. */
import assert from "node:assert/strict";
import { dashboard } from "../services/dashboard.ts";
import { seedDemo } from "../server/demo_seed.ts";
import { openTestDatabase } from "./support/db.ts";

Deno.test("the demo seed gives the demo artist and organizer live bookings, once", async () => {
  const t = await openTestDatabase();
  try {
    const { db } = t;
    assert.deepEqual(await seedDemo(db), { seeded: true, users: 6 });
    const idOf = async (email: string) =>
      (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
    const asha = await idOf("asha.artist@demo.artistspace.in");
    const dev = await idOf("dev.organizer@demo.artistspace.in");
    const actor = (userId: string, role: "artist" | "organizer") => ({
      userId,
      roles: [role],
      sessionId: "",
    });
    const now = new Date();

    const artistDesk = await dashboard(db, actor(asha, "artist"), now);
    assert.deepEqual(artistDesk.act?.awaitingAnswer.map((b) => b.title).sort(), [
      "Annual offsite, Lonavala",
      "Wedding reception at the Lake Palace",
    ]);
    assert.deepEqual(artistDesk.act?.upcoming.map((b) => [b.title, b.fee]), [
      ["New Year's Eve, Panaji", 13_500_000],
    ]);
    const organizerDesk = await dashboard(db, actor(dev, "organizer"), now);
    assert.equal(organizerDesk.organizer?.bookingsByState.confirmed, 1);
    assert.ok((organizerDesk.organizer?.opportunities.length ?? 0) > 0);

    // Every seeded booking's timeline ends where the booking stands.
    const bookings = await db.selectFrom("bookings").select(["id", "status"]).execute();
    for (const b of bookings) {
      const last = await db.selectFrom("booking_events").select("to_status").where("booking_id", "=", b.id)
        .orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
      assert.equal(last.to_status, b.status);
    }

    const count = async (table: "acts" | "bookings" | "opportunities") =>
      Number(
        (await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n,
      );
    const counts = async () => [await count("acts"), await count("bookings"), await count("opportunities")];
    const before = await counts();
    assert.deepEqual(await seedDemo(db), { seeded: false, users: 0 });
    assert.deepEqual(await counts(), before);
  } finally {
    await t.close();
  }
});
