/**
 * The demo data `deno task start` seeds: a working desk for each demo
 * person, seeded once, with names that fit their dates and places,
 * contracts as far along as their bookings, a band's past show paid and
 * completed through the payment services, a show whose deposit waits, and
 * the catalogue's two years of history from which every trust score is earned.
 */
import { openMessage } from "../lib/e2ee/envelope.ts";
import { openIdentity, parseRecoveryKey } from "../lib/e2ee/recovery.ts";
import { DEMO_RECOVERY_KEY } from "../server/demo_messages.ts";
import { listConversations } from "../services/messages/conversations.ts";
import { frankingKeyFrom } from "../services/messages/deps.ts";
import { keyBackupOf } from "../services/messages/keys.ts";
import { conversationPage } from "../services/messages/read.ts";
import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import { timingProblems } from "../domain/event_timing.ts";
import { indiaWallClock } from "../domain/india_time.ts";
import type { Database } from "../db/schema.ts";
import type { RoleName } from "../domain/roles.ts";
import { verifyContract } from "../services/contracts/verify.ts";
import { dashboard } from "../services/dashboard.ts";
import type { WorkflowDeps } from "../services/notifications.ts";
import { actEarnings, bookingPayments, myPayments } from "../services/payments/reads.ts";
import type { MoneySettings } from "../services/payments/settings.ts";
import { DEMO_SIGNATURE_SESSION, HALF_SIGNED_DEMO_BOOKING } from "../server/demo_contracts.ts";
import { DEPOSIT_DUE_DEMO_BOOKING, PAID_DEMO_SHOW } from "../server/demo_payments.ts";
import { HISTORY_REASON, seedDemo } from "../server/demo_seed.ts";
import { allTrustSubjects } from "../db/queries/trust_facts.ts";
import { unbalancedPostings } from "../db/queries/ledger.ts";
import { gatherTrustFacts } from "../services/trust/facts.ts";
import { trustScore } from "../domain/trust_score.ts";
import { openTestDatabase } from "./support/db.ts";

const deps = (db: Kysely<Database>): WorkflowDeps => ({
  db,
  sendEmail: () => Promise.resolve(),
  origin: "http://localhost",
  now: () => new Date(),
});

/** The booking's contract in force, with its chain verified as its organizer. */
async function contractOf(db: Kysely<Database>, bookingId: string) {
  const booking = await db.selectFrom("bookings").select("organizer_id").where("id", "=", bookingId)
    .executeTakeFirstOrThrow();
  const contract = await db.selectFrom("contracts").selectAll().where("booking_id", "=", bookingId)
    .where("status", "<>", "voided").executeTakeFirstOrThrow();
  const check = await verifyContract(
    deps(db),
    { userId: booking.organizer_id, roles: ["organizer"], sessionId: "" },
    contract.id,
  );
  return { contract, check };
}

/** A fee of 10% and invoices from a supplier in Karnataka, as development runs. */
const MONEY: MoneySettings = {
  platformFeeBps: 1000,
  invoiceSupplier: {
    legalName: "Artist Space (test supplier)",
    address: "100 Feet Road, Indiranagar, Bengaluru, Karnataka 560038",
    gstin: "29AAACA1234A1ZG",
  },
};

Deno.test("the demo seed gives the demo people live bookings that read as real, once", async () => {
  const t = await openTestDatabase();
  try {
    const { db } = t;
    assert.deepEqual(await seedDemo(db, { money: MONEY }), { seeded: true, users: 6 });
    const idOf = async (email: string) =>
      (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
    const asha = await idOf("asha.artist@demo.artistspace.in");
    const dev = await idOf("dev.organizer@demo.artistspace.in");
    const actor = (userId: string, role: RoleName) => ({
      userId,
      roles: [role],
      sessionId: "",
    });
    const now = new Date();

    const artistDesk = await dashboard(db, actor(asha, "artist"), now);
    assert.deepEqual(artistDesk.act?.awaitingAnswer.map((b) => b.title).sort(), [
      "Annual offsite, Lonavla",
      "Wedding reception at the Lake Palace, Udaipur",
    ]);
    // Her own shows, and the band's she sings with as its guest.
    assert.deepEqual(artistDesk.act?.upcoming.map((b) => [b.title, b.fee]).sort(), [
      ["Book launch, Pune", 9_000_000],
      ["New Year's Eve, Panaji", 13_500_000],
      ["Rooftop sessions at The Baradari", 16_000_000],
    ]);
    assert.deepEqual(artistDesk.act?.acts.map((a) => [a.name, a.kind, a.owned]), [
      ["Asha Rao", "solo", true],
      ["The Monsoon Collective", "band", false],
    ]);
    const eve = artistDesk.act!.upcoming.find((b) => b.title === HALF_SIGNED_DEMO_BOOKING)!.startsAt;
    assert.match(indiaWallClock(eve).date, /-12-31$/, "New Year's Eve is on 31 December");
    const organizerDesk = await dashboard(db, actor(dev, "organizer"), now);
    assert.equal(organizerDesk.organizer?.bookingsByState.confirmed, 2);
    assert.ok((organizerDesk.organizer?.opportunities.length ?? 0) > 0);

    // The demo venue manager follows the shows and requests at her venue, organized by the promoter.
    const venueDesk = await dashboard(
      db,
      actor(await idOf("esha.venue@demo.artistspace.in"), "venue_manager"),
      now,
    );
    assert.deepEqual(venueDesk.venue?.upcoming.map((b) => [b.title, b.counterpart]), [
      ["Rooftop sessions at The Baradari", "The Monsoon Collective at The Baradari"],
    ]);
    assert.deepEqual(venueDesk.venue?.requests.map((b) => b.title), ["Unplugged set at The Baradari"]);

    // Every seeded booking's timeline ends where the booking stands.
    const bookings = await db.selectFrom("bookings").select(["id", "status"]).execute();
    for (const b of bookings) {
      const last = await db.selectFrom("booking_events").select("to_status").where("booking_id", "=", b.id)
        .orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
      assert.equal(last.to_status, b.status);
    }

    // Every event's weekday, season and festival words fit its start, and a city it names is its city.
    const events = [
      ...await db.selectFrom("bookings").leftJoin("venues", "venues.id", "bookings.venue_id")
        .select(["bookings.title", "bookings.starts_at", "bookings.city_id", "venues.city_id as venueCity"])
        .execute(),
      ...await db.selectFrom("opportunities").leftJoin("venues", "venues.id", "opportunities.venue_id")
        .select([
          "opportunities.title",
          "opportunities.starts_at",
          "opportunities.city_id",
          "venues.city_id as venueCity",
        ])
        .execute(),
    ];
    assert.ok(events.length > 30);
    const cities = await db.selectFrom("cities").select(["city_id", "name"]).execute();
    const cityName = new Map(cities.map((c) => [c.city_id, c.name]));
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const names = [...new Set(cities.map((c) => c.name))].map((n) =>
      [n, new RegExp(`\\b${escape(n)}\\b`)] as const
    );
    const problems: string[] = [];
    for (const e of events) {
      problems.push(...timingProblems(e.title, new Date(e.starts_at)));
      const own = e.city_id === null ? null : cityName.get(e.city_id);
      for (const [named] of names.filter(([, word]) => word.test(e.title))) {
        if (named !== own) problems.push(`"${e.title}" names ${named} but is in ${own ?? "no city"}`);
      }
      if (e.venueCity !== null && e.venueCity !== e.city_id) {
        problems.push(`"${e.title}" is at a venue in ${cityName.get(e.venueCity)}, not ${own}`);
      }
    }
    assert.deepEqual(problems, []);
    const titles = events.map((e) => e.title);
    assert.ok(titles.some((title) => /\bin (Mumbai|Delhi|Pune|Bengaluru|Chennai)\b/.test(title)));

    // Counts agree with their nouns, and kinds of venue read as English ("an auditorium", not "a open_air").
    const bios = (await db.selectFrom("acts").select("bio").execute()).map((a) => a.bio ?? "");
    assert.ok(bios.some((bio) => /\b1 year on stage\b/.test(bio)), "a first-year act is seeded");
    assert.deepEqual(bios.filter((bio) => /\b1 years\b/.test(bio)), []);
    const descriptions = (await db.selectFrom("venues").select("description").execute())
      .map((v) => v.description ?? "");
    const clumsy = descriptions.filter((d) =>
      /_|\b1 (people|guests|seats)\b|\b[Aa] [aeiouAEIOU]|\b[Aa]n [^aeiouAEIOU\s]/.test(d)
    );
    assert.deepEqual(clumsy, []);
    assert.ok(descriptions.some((d) => d.startsWith("An ")), "an open-air or auditorium venue is seeded");

    // The organizer has signed the first confirmed show's contract; its act's owner, Asha, is asked to sign.
    const eveId = (await db.selectFrom("bookings").select("id").where("title", "=", HALF_SIGNED_DEMO_BOOKING)
      .executeTakeFirstOrThrow()).id;
    const { contract: eveContract, check } = await contractOf(db, eveId);
    assert.equal(eveContract.status, "signed_by_promoter");
    assert.equal(eveContract.artist_signature, null);
    const signature = eveContract.promoter_signature!;
    assert.equal(signature.userId, dev);
    assert.equal(signature.typedName, eveContract.terms.parties.organizer.legalName);
    assert.equal(signature.typedName, "Dev Kapoor");
    assert.equal(signature.documentHash, eveContract.document_hash);
    assert.deepEqual(
      [signature.method, signature.ip, signature.userAgent, signature.sessionId],
      ["password", null, "Artist Space demo data", DEMO_SIGNATURE_SESSION],
    );
    assert.ok(signature.viewedAt! < signature.signedAt && signature.signedAt <= now.toISOString());
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.chain.problems, []);
    assert.ok(check.valid);
    const history = await db.selectFrom("contract_events").select("event")
      .where("contract_id", "=", eveContract.id).orderBy("seq").execute();
    assert.deepEqual(history.map((e) => e.event), ["generated", "sent", "viewed", "signed"]);
    // Written in one transaction, the notices share a timestamp: which came last is not recorded.
    const ashaNotices = await db.selectFrom("notifications").select(["title", "link"])
      .where("user_id", "=", asha).execute();
    assert.ok(
      ashaNotices.some((n) => n.title === "Contract signed" && n.link === `/bookings/${eveId}/contract`),
      JSON.stringify(ashaNotices),
    );

    // Chitra's album launch with Bharat's band, ten days ago, was paid through the sandbox (deposit by UPI,
    // balance by card, each with its tax invoice) and completed: escrow is empty, the act has the fee less
    // the platform's 10%, and each member their fee share of that, released in the month of the show.
    const chitra = await idOf("chitra.promoter@demo.artistspace.in");
    const bharat = await idOf("bharat.bandmanager@demo.artistspace.in");
    const show = await db.selectFrom("bookings").selectAll().where("title", "=", PAID_DEMO_SHOW)
      .executeTakeFirstOrThrow();
    assert.deepEqual([show.status, show.paid, show.fee], ["completed", 14_000_000, 14_000_000]);
    assert.ok(show.starts_at.getTime() < now.getTime() - 9 * 24 * 60 * 60 * 1000);
    const paid = await myPayments(db, actor(chitra, "promoter"));
    assert.deepEqual(
      paid.map((
        p,
      ) => [p.bookingTitle, p.type, p.amount, p.status, p.gateway, p.method, p.invoiceNumber !== null]),
      [
        [PAID_DEMO_SHOW, "final", 9_800_000, "captured", "sandbox", "card", true],
        [PAID_DEMO_SHOW, "deposit", 4_200_000, "captured", "sandbox", "upi", true],
      ],
    );
    const released = 12_600_000;
    const earnings = await actEarnings(db, actor(bharat, "band_manager"), show.act_id);
    assert.deepEqual(earnings.totals.map((t) => [t.currency, t.held, t.released]), [["INR", 0, released]]);
    assert.deepEqual(
      earnings.bookings.map((b) => [b.title, b.held, b.released, b.platformFee]),
      [[PAID_DEMO_SHOW, 0, released, 1_400_000]],
    );
    assert.deepEqual(Object.fromEntries(earnings.totals[0].members.map((m) => [m.name, m.amount])), {
      "Anand Varghese": 2_520_000,
      "Meera Nair": 2_520_000,
      "Joseph Kurian": 2_520_000,
      "Lakshmi Pillai": 1_890_000,
      "Asha Rao": 1_260_000,
    });
    const showEnd = new Date(show.starts_at.getTime() + show.duration_minutes * 60 * 1000);
    assert.deepEqual(earnings.months.map((m) => [m.month, m.released]), [
      [indiaWallClock(showEnd).date.slice(0, 7), released],
    ]);
    // Its notices are history, read on the night of the show.
    const unread = await db.selectFrom("notifications").select(["title", "link"])
      .where("link", "like", `/bookings/${show.id}%`).where("read_at", "is", null).execute();
    assert.deepEqual(unread, []);
    // Asha, its guest singer, sees the band's totals and her own share only.
    const hers = await actEarnings(db, actor(asha, "artist"), show.act_id);
    assert.equal(hers.totals[0].released, released);
    assert.deepEqual(hers.totals[0].members.map((m) => [m.name, m.amount]), [["Asha Rao", 1_260_000]]);

    // Dev's book launch is signed by both and waits for its deposit, 30% of the fee, with nothing paid yet.
    const launch = await db.selectFrom("bookings").select(["id", "status"])
      .where("title", "=", DEPOSIT_DUE_DEMO_BOOKING).executeTakeFirstOrThrow();
    assert.equal(launch.status, "confirmed");
    const due = await bookingPayments(db, null, actor(dev, "organizer"), launch.id);
    assert.deepEqual(due.next, { amount: 2_700_000, label: "Deposit", type: "deposit" });
    assert.deepEqual(due.payments, []);

    const count = async (
      table:
        | "acts"
        | "bookings"
        | "opportunities"
        | "contracts"
        | "contract_events"
        | "payments"
        | "ledger_postings"
        | "invoices",
    ) =>
      Number(
        (await db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n,
      );
    const counts = async () => [
      await count("acts"),
      await count("bookings"),
      await count("opportunities"),
      await count("contracts"),
      await count("contract_events"),
      await count("payments"),
      await count("ledger_postings"),
      await count("invoices"),
    ];
    const before = await counts();
    assert.deepEqual(await seedDemo(db), { seeded: false, users: 0 });
    assert.deepEqual(await counts(), before);

    // Shows past confirmed without a contract, as a database from before contracts would hold them, get theirs
    // on the next start, signed by both (and completed with the show).
    const ashaAct = await db.selectFrom("acts").select(["id", "home_city_id"]).where("owner_id", "=", asha)
      .executeTakeFirstOrThrow();
    const shows = [
      { title: "Ghazal evening, Pune", status: "scheduled", inDays: 80 },
      { title: "Sufi night, Pune", status: "completed", inDays: -20 },
    ] as const;
    for (const { title, status, inDays } of shows) {
      await db.insertInto("bookings").values({
        act_id: ashaAct.id,
        organizer_id: dev,
        city_id: ashaAct.home_city_id,
        title,
        status,
        starts_at: new Date(now.getTime() + inDays * 24 * 60 * 60 * 1000),
        duration_minutes: 90,
        fee: 9_000_000,
        offers_made: 1,
      }).execute();
    }
    await seedDemo(db);
    assert.equal(await count("contracts"), before[3] + 2);

    // Every other confirmed show has its draft, as accepting leaves it, and no show past confirmed lacks a
    // signed contract: no deposit is paid before both have signed.
    const agreed = await db.selectFrom("bookings").innerJoin("users", "users.id", "bookings.organizer_id")
      .select(["bookings.id", "bookings.title", "bookings.status", "users.email"])
      .where("bookings.status", "in", ["confirmed", "paid_deposit", "scheduled", "completed"]).execute();
    // The demo people's seven, and the catalogue's played shows (db/seed_history.ts).
    assert.equal(agreed.filter((b) => b.email.endsWith("@demo.artistspace.in")).length, 7);
    assert.ok(agreed.length > 100, `${agreed.length} agreed bookings`);
    for (const b of agreed) {
      const { contract, check } = await contractOf(db, b.id);
      const expected = b.title === HALF_SIGNED_DEMO_BOOKING
        ? "signed_by_promoter"
        : b.title === DEPOSIT_DUE_DEMO_BOOKING
        ? "signed"
        : ({ confirmed: "draft", completed: "completed" } as Record<string, string>)[b.status] ?? "signed";
      assert.equal(contract.status, expected, b.title);
      assert.ok(check.valid, b.title);
    }
  } finally {
    await t.close();
  }
});

Deno.test("the demo's private conversations open with the published demo recovery key, and nothing else", async () => {
  const t = await openTestDatabase();
  try {
    const { db } = t;
    const frankingKey = frankingKeyFrom("a test app secret of at least 32 chars");
    await seedDemo(db, { money: MONEY, frankingKey });
    const chitra =
      (await db.selectFrom("users").select("id").where("email", "=", "chitra.promoter@demo.artistspace.in")
        .executeTakeFirstOrThrow()).id;
    const actor = { userId: chitra, roles: ["promoter" as const], sessionId: "" };
    const deps = { db, now: () => new Date(), frankingKey };
    const { backup } = await keyBackupOf(db, actor, chitra);
    const identity = openIdentity(backup, parseRecoveryKey(DEMO_RECOVERY_KEY)!)!;
    assert.ok(identity, "the demo recovery key opens the backup");
    assert.equal(openIdentity(backup, crypto.getRandomValues(new Uint8Array(20))), null);
    const { conversations } = await listConversations(db, actor);
    assert.deepEqual(conversations.map((c) => c.title), [PAID_DEMO_SHOW]);
    const page = await conversationPage(deps, actor, conversations[0].id, {});
    const texts = page.messages.map((m) =>
      openMessage(
        {
          ...m,
          clientId: m.clientId!,
          nonce: m.nonce!,
          body: m.body!,
          frankingTag: m.frankingTag!,
          sealedKey: m.keys![identity.id],
        },
        m.senderDevice!,
        identity,
      ).content.text
    );
    assert.equal(texts.length, 4);
    assert.match(texts[0], /stage plot/);
    // The band's guest singer is in the conversation too; and a second start adds nothing.
    assert.ok(conversations[0].participants.some((p) => p.name.startsWith("Asha")));
    await seedDemo(db, { money: MONEY, frankingKey });
    assert.equal((await conversationPage(deps, actor, conversations[0].id, {})).messages.length, 4);

    // The bookshop evening's people spoke on a peer-to-peer call, which its timeline shows, once.
    const bookshop = await db.selectFrom("bookings").select("id").where(
      "title",
      "=",
      DEPOSIT_DUE_DEMO_BOOKING,
    )
      .executeTakeFirstOrThrow();
    const calls = await db.selectFrom("booking_events").select(["event", "detail", "created_at"])
      .where("booking_id", "=", bookshop.id).where("event", "like", "call_%").orderBy("id").execute();
    assert.deepEqual(calls.map((c) => c.event), ["call_started", "call_joined", "call_ended"]);
    assert.equal((calls[2].detail as { durationSeconds: number }).durationSeconds, 7 * 60);
    // Each line is dated when it happened, not when the seed ran.
    assert.equal(calls[2].created_at.getTime() - calls[1].created_at.getTime(), 7 * 60_000);
  } finally {
    await t.close();
  }
});

Deno.test("the demo's scores are earned from two years of bookings, payments and reviews, not typed", async () => {
  const t = await openTestDatabase();
  try {
    const { db } = t;
    await seedDemo(db, { money: MONEY });
    const now = new Date();

    // Every score is what the trust services compute from the seeded rows now.
    const subjects = await allTrustSubjects(db);
    assert.ok(subjects.length > 250, `${subjects.length} subjects`);
    const stored = new Map<string, number>();
    for (const s of subjects) {
      const gathered = (await gatherTrustFacts(db, s, now, { lock: false }))!;
      const fresh = trustScore(gathered.facts, now).score;
      assert.ok(
        Math.abs(fresh - gathered.currentScore) <= 0.01,
        `${s.type} ${s.id}: ${gathered.currentScore}`,
      );
      stored.set(s.id, gathered.currentScore);
    }
    // Spread by what happened: acts range widely, and the organizer whose balance often came weeks late
    // ranks below the one who always paid on time.
    const actScores = subjects.filter((s) => s.type === "act").map((s) => stored.get(s.id)!);
    assert.ok(new Set(actScores).size > 60, `${new Set(actScores).size} distinct act scores`);
    assert.ok(Math.max(...actScores) - Math.min(...actScores) > 15);
    const scoreOf = async (email: string) =>
      Number(
        (await db.selectFrom("users").select("trust_score").where("email", "=", email)
          .executeTakeFirstOrThrow())
          .trust_score,
      );
    assert.ok(
      await scoreOf("omar.sheikh@organizers.demo.artistspace.in") + 10 <
        await scoreOf("aditi.rao@organizers.demo.artistspace.in"),
    );
    // Each first value says where it came from.
    const reasons = await db.selectFrom("trust_score_history").select("reason").distinct().execute();
    assert.ok(reasons.some((r) => r.reason === HISTORY_REASON), JSON.stringify(reasons));

    // The history holds only what the platform could have written.
    assert.deepEqual(await unbalancedPostings(db), [], "every posting balances");
    const played = await db.selectFrom("bookings")
      .select((eb) => [
        "bookings.id",
        "bookings.paid",
        "bookings.fee",
        eb.selectFrom("payments").select((p) => p.fn.sum<string>("amount").as("sum"))
          .whereRef("payments.booking_id", "=", "bookings.id").where("status", "=", "captured").as(
            "captured",
          ),
      ])
      .where("status", "=", "completed").execute();
    assert.ok(played.length > 100, `${played.length} played shows`);
    for (const b of played) {
      assert.equal(Number(b.paid), Number(b.fee), b.id);
      assert.equal(Number(b.captured), Number(b.paid), b.id);
    }
    const reviews = await db.selectFrom("reviews").innerJoin("bookings", "bookings.id", "reviews.booking_id")
      .select([
        "reviews.booking_id",
        "reviews.side",
        "reviews.submitted_at",
        "bookings.status",
        "bookings.ends_at",
      ])
      .execute();
    assert.ok(reviews.length > 150, `${reviews.length} reviews`);
    const sides = new Set<string>();
    for (const r of reviews) {
      assert.equal(r.status, "completed");
      assert.ok(r.submitted_at > r.ends_at);
      assert.ok(!sides.has(`${r.booking_id}:${r.side}`), "one review per side");
      sides.add(`${r.booking_id}:${r.side}`);
    }
    const cancelled = await db.selectFrom("booking_events").select(["party"])
      .where("event", "=", "cancel").execute();
    assert.ok(cancelled.some((e) => e.party === "act") && cancelled.some((e) => e.party === "organizer"));
  } finally {
    await t.close();
  }
});
