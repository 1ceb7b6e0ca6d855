import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { opportunity } from "./support/fixtures.ts";

Deno.test("the API's public lists are kept for anonymous clients, counted by the rate limit, never for anyone signed in", async () => {
  const t = await openTestApp({ PAGE_CACHE_SECONDS: "60" });
  try {
    const organizer = await signUp(t, "organizer");
    await opportunity(t.database.db, organizer.id, { title: "Diwali night, Pune" });
    const ip = "203.0.113.7";
    const list = async (headers: Record<string, string> = {}) => {
      const res = await t.request("/api/v1/opportunities", { headers }, ip);
      const titles = res.status === 200 ? (await res.json()).data.map((o: { title: string }) => o.title) : [];
      return { res, titles };
    };

    const first = await list();
    assert.equal(first.res.status, 200);
    assert.deepEqual(first.titles, ["Diwali night, Pune"]);
    const etag = first.res.headers.get("ETag");
    assert.ok(etag);
    assert.equal(first.res.headers.get("Cache-Control"), "private, no-cache");

    await opportunity(t.database.db, organizer.id, { title: "Holi morning, Pune" });
    const kept = await list();
    assert.deepEqual(kept.titles, ["Diwali night, Pune"], "kept: the new one shows once the minute is up");
    assert.equal(kept.res.headers.get("ETag"), etag);
    const revalidated = await list({ "If-None-Match": etag });
    assert.equal(revalidated.res.status, 304);
    await revalidated.res.body?.cancel();

    // Every answer, kept or not, counted against the address.
    const remaining = [first, kept, revalidated].map((r) => Number(r.res.headers.get("RateLimit-Remaining")));
    assert.deepEqual(remaining, [remaining[0], remaining[0] - 1, remaining[0] - 2]);

    const signedIn = await list(organizer.headers);
    assert.deepEqual(signedIn.titles.toSorted(), ["Diwali night, Pune", "Holi morning, Pune"]);
    assert.equal(signedIn.res.headers.get("ETag"), null);

    // Another query is another entry, read fresh.
    const filtered = await t.request("/api/v1/opportunities?q=holi", {}, ip);
    assert.deepEqual((await filtered.json()).data.map((o: { title: string }) => o.title), [
      "Holi morning, Pune",
    ]);
  } finally {
    await t.close();
  }
});

Deno.test("without the page cache, the API's public lists are read on every request", async () => {
  const t = await openTestApp({ PAGE_CACHE_SECONDS: "0" });
  try {
    const organizer = await signUp(t, "organizer");
    const count = async () => (await (await t.request("/api/v1/opportunities")).json()).data.length;
    assert.equal(await count(), 0);
    await opportunity(t.database.db, organizer.id);
    assert.equal(await count(), 1);
  } finally {
    await t.close();
  }
});
