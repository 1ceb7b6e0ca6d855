/**
 * Act portfolios over HTTP: links, photo and rider uploads, ordering and
 * removal; who may change them; who may read a private rider, through a
 * signed URL that expires; and what the profile page shows to whom.
 */
import assert from "node:assert/strict";
import { LocalDiskStorage } from "../integrations/storage/mod.ts";
import { openTestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { concat, onePixelPng } from "./support/bytes.ts";

const band = {
  kind: "band",
  name: "The Portfolio Collective",
  budgetMin: 1_000_000,
  budgetStandard: 2_000_000,
  budgetPremium: 3_000_000,
};
const PDF = concat("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const HOSTILE = `<script>alert("x")</script>`;

interface Item {
  id: string;
  kind: string;
  title: string;
  provider: string | null;
  url: string;
  embedUrl: string | null;
  visibility: string;
  width: number | null;
  height: number | null;
  urlExpiresAt: string | null;
}

Deno.test("act portfolios: links, uploads, order, ownership and private riders", async (t) => {
  const app = await openTestApp();
  const call = async (who: SignedIn | null, method: string, path: string, body?: unknown) => {
    const res = await app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(who?.headers ?? {}),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(res.headers.get("content-type"), "application/json");
    return { status: res.status, body: await res.json() };
  };
  const upload = async (
    who: SignedIn | null,
    actId: string,
    query: string,
    bytes: Uint8Array<ArrayBuffer>,
  ) => {
    const res = await app.request(`/api/v1/artists/${actId}/portfolio?${query}`, {
      method: "PUT",
      headers: { ...(who?.headers ?? {}), "Content-Type": "application/octet-stream" },
      body: bytes,
    });
    return { status: res.status, body: await res.json() };
  };
  try {
    const manager = await signUp(app, "band_manager");
    const member = await signUp(app, "artist");
    const stranger = await signUp(app, "artist");
    const staff = await signUp(app, "staff");
    const admin = await signUp(app, "admin");
    const created = await call(manager, "POST", "/artists", band);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const act = created.body.data.act as { id: string; slug: string };
    const invited = await call(manager, "POST", `/bands/${act.id}/members`, {
      userId: member.id,
      role: "Tabla",
    });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    const accepted = await call(member, "POST", `/bands/${act.id}/members/${member.id}/accept`);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const list = async (who: SignedIn | null): Promise<Item[]> => {
      const res = await call(who, "GET", `/artists/${act.id}/portfolio`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data.items;
    };
    let video: Item, photo: Item, rider: Item;

    await t.step("the manager adds a YouTube link; it gets a youtube-nocookie embed", async () => {
      const res = await call(manager, "POST", `/artists/${act.id}/portfolio`, {
        title: "Live at NCPA",
        url: "https://youtu.be/dQw4w9WgXcQ?si=x",
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      video = res.body.data.item;
      assert.equal(video.kind, "video");
      assert.equal(video.provider, "youtube");
      assert.equal(video.url, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
      assert.equal(video.embedUrl, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
      const audited = await app.database.db.selectFrom("audit_logs").select(["actor_id", "action"])
        .where("entity_type", "=", "portfolio_items").where("entity_id", "=", video.id).execute();
      assert.deepEqual(audited, [{ actor_id: manager.id, action: "insert" }]);
    });

    await t.step("javascript: and http: links are refused on field 'url'", async () => {
      for (const url of ["javascript:alert(1)", "http://youtu.be/dQw4w9WgXcQ"]) {
        const res = await call(manager, "POST", `/artists/${act.id}/portfolio`, { title: "x", url });
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.error.details[0].field, "url");
      }
    });

    await t.step("a plain link needs to be told whether it is audio or video", async () => {
      const url = "https://bandcamp.example/album/live";
      const vague = await call(manager, "POST", `/artists/${act.id}/portfolio`, { title: "Album", url });
      assert.equal(vague.status, 422);
      assert.equal(vague.body.error.details[0].field, "kind");
      const told = await call(manager, "POST", `/artists/${act.id}/portfolio`, {
        title: HOSTILE,
        url,
        kind: "audio",
      });
      assert.equal(told.status, 201, JSON.stringify(told.body));
      assert.equal(told.body.data.item.provider, "link");
      assert.equal(told.body.data.item.embedUrl, null);
    });

    await t.step(
      "the manager uploads a photo (public, with its size) and a PDF rider (private)",
      async () => {
        const res = await upload(manager, act.id, "kind=photo&title=On%20stage", await onePixelPng());
        assert.equal(res.status, 201, JSON.stringify(res.body));
        photo = res.body.data.item;
        assert.equal(photo.visibility, "public");
        assert.match(photo.url, new RegExp(`^/media/public/portfolio/${act.id}/[0-9a-f]{32}\\.png$`));
        assert.deepEqual([photo.width, photo.height], [1, 1]);
        const media = await app.request(photo.url);
        assert.equal(media.status, 200);
        assert.equal(media.headers.get("content-type"), "image/png");
        await media.body?.cancel();

        const doc = await upload(manager, act.id, "kind=document&title=Technical%20rider%202026", PDF);
        assert.equal(doc.status, 201, JSON.stringify(doc.body));
        rider = doc.body.data.item;
        assert.equal(rider.visibility, "private");
        assert.match(
          rider.url,
          new RegExp(`^/media/private/portfolio/${act.id}/[0-9a-f]{32}\\.pdf\\?exp=\\d+&sig=`),
        );
      },
    );

    await t.step("a renamed .exe is refused as a document, a PNG too, on field 'file'", async () => {
      const exe = await upload(
        manager,
        act.id,
        "kind=document&title=rider.pdf",
        concat("MZ", new Uint8Array(510)),
      );
      assert.equal(exe.status, 422, JSON.stringify(exe.body));
      assert.match(exe.body.error.details[0].message, /program/);
      assert.equal(exe.body.error.details[0].field, "file");
      const png = await upload(manager, act.id, "kind=document&title=rider", await onePixelPng());
      assert.equal(png.status, 422);
      assert.match(png.body.error.details[0].message, /PNG files are not accepted here/);
    });

    await t.step("only the owner or an admin may change the portfolio", async () => {
      const link = { title: "x", url: "https://youtu.be/dQw4w9WgXcQ" };
      for (const [who, status] of [[null, 401], [stranger, 403], [member, 403], [staff, 403]] as const) {
        assert.equal((await call(who, "POST", `/artists/${act.id}/portfolio`, link)).status, status);
        assert.equal((await upload(who, act.id, "kind=photo&title=x", await onePixelPng())).status, status);
        assert.equal((await call(who, "DELETE", `/artists/${act.id}/portfolio/${video.id}`)).status, status);
        const order = { itemIds: [video.id] };
        assert.equal((await call(who, "PATCH", `/artists/${act.id}/portfolio`, order)).status, status);
      }
      const byAdmin = await call(admin, "POST", `/artists/${act.id}/portfolio`, {
        ...link,
        title: "Admin's pick",
      });
      assert.equal(byAdmin.status, 201, JSON.stringify(byAdmin.body));
      assert.equal(
        (await call(admin, "DELETE", `/artists/${act.id}/portfolio/${byAdmin.body.data.item.id}`)).status,
        200,
      );
    });

    await t.step("the rider is listed for the owner, members, staff and admins, not for others", async () => {
      for (const who of [null, stranger]) {
        const items = await list(who);
        assert.ok(!items.some((i) => i.kind === "document"), "no documents for outsiders");
        assert.ok(items.some((i) => i.id === photo.id));
      }
      for (const who of [manager, member, staff, admin]) {
        const doc = (await list(who)).find((i) => i.id === rider.id);
        assert.ok(doc, "the rider is listed");
        assert.match(doc.url, /\?exp=\d+&sig=/);
        assert.ok(doc.urlExpiresAt && Date.parse(doc.urlExpiresAt) <= Date.now() + 5 * 60_000 + 1000);
      }
    });

    await t.step(
      "the signed URL serves the PDF privately; unsigned, altered or expired, it does not",
      async () => {
        const doc = (await list(member)).find((i) => i.id === rider.id)!;
        const res = await app.request(doc.url);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), "application/pdf");
        assert.match(res.headers.get("cache-control") ?? "", /no-store/);
        assert.deepEqual(new Uint8Array(await res.arrayBuffer()), PDF);

        const bare = await app.request(doc.url.split("?")[0]);
        assert.equal(bare.status, 404);
        await bare.body?.cancel();
        const exp = Number(/exp=(\d+)/.exec(doc.url)![1]);
        const altered = await app.request(doc.url.replace(`exp=${exp}`, `exp=${exp + 3600}`));
        assert.equal(altered.status, 404);
        await altered.body?.cancel();

        const storage = app.services.storage;
        assert.ok(storage instanceof LocalDiskStorage);
        assert.ok(await storage.keyForRequest(new URL(doc.url, "http://localhost"), new Date()));
        const later = new Date(Date.now() + 5 * 60_000 + 1000);
        assert.equal(
          await storage.keyForRequest(new URL(doc.url, "http://localhost"), later),
          null,
          "expired",
        );
      },
    );

    await t.step(
      "the file route redirects allowed readers to a fresh signed URL, and no one else",
      async () => {
        const path = `/api/v1/artists/${act.id}/portfolio/${rider.id}/file`;
        const ok = await app.request(path, { headers: member.headers });
        assert.equal(ok.status, 302);
        assert.match(ok.headers.get("location") ?? "", /^\/media\/private\/portfolio\/.+\?exp=\d+&sig=/);
        assert.equal(
          (await call(stranger, "GET", `/artists/${act.id}/portfolio/${rider.id}/file`)).status,
          403,
        );
        assert.equal((await call(null, "GET", `/artists/${act.id}/portfolio/${rider.id}/file`)).status, 401);
      },
    );

    await t.step("reordering needs every item once and keeps the new order", async () => {
      const ids = (await list(manager)).map((i) => i.id);
      const partial = await call(manager, "PATCH", `/artists/${act.id}/portfolio`, { itemIds: ids.slice(1) });
      assert.equal(partial.status, 422);
      const reversed = [...ids].reverse();
      const res = await call(manager, "PATCH", `/artists/${act.id}/portfolio`, { itemIds: reversed });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual((await list(manager)).map((i) => i.id), reversed);
    });

    await t.step(
      "the profile page: embeds click-to-load, photos sized and lazy, rider for allowed viewers only",
      async () => {
        const page = async (who: SignedIn | null) => {
          const res = await app.request(`/bands/${act.slug}`, { headers: who?.headers ?? {} });
          assert.equal(res.status, 200);
          assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
          return { html: await res.text(), csp: res.headers.get("content-security-policy") ?? "" };
        };
        const anonymous = await page(null);
        assert.match(
          anonymous.html,
          /<a href="https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ"[^>]*data-embed="youtube"/,
        );
        assert.doesNotMatch(anonymous.html, /<iframe/, "nothing from YouTube loads before a click");
        assert.match(
          anonymous.html,
          /<img src="\/media\/public\/portfolio\/[^"]+" alt="On stage" width="1" height="1" loading="lazy" decoding="async"/,
        );
        assert.doesNotMatch(anonymous.html, /Technical rider/);
        assert.doesNotMatch(anonymous.html, /data-testid="edit-link"/);
        assert.ok(!anonymous.html.includes(HOSTILE), "HTML in a title is not markup");
        assert.ok(
          anonymous.html.includes(">&lt;script>alert(&quot;x&quot;)&lt;/script><"),
          "it is shown as text",
        );
        assert.match(
          anonymous.csp,
          /frame-src https:\/\/www\.youtube-nocookie\.com https:\/\/open\.spotify\.com https:\/\/w\.soundcloud\.com;/,
        );
        assert.doesNotMatch((await page(stranger)).html, /Technical rider/);

        const owner = await page(manager);
        assert.match(owner.html, /Technical rider \(private\): Technical rider 2026/);
        assert.ok(owner.html.includes(`/api/v1/artists/${act.id}/portfolio/${rider.id}/file`));
        assert.match(owner.html, new RegExp(`href="/artists/${act.slug}/edit"`));
        assert.match((await page(member)).html, /Technical rider \(private\)/);
      },
    );

    await t.step("removing an item deletes its stored file", async () => {
      const res = await call(manager, "DELETE", `/artists/${act.id}/portfolio/${photo.id}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(!(await list(manager)).some((i) => i.id === photo.id));
      const gone = await app.request(photo.url);
      assert.equal(gone.status, 404);
      await gone.body?.cancel();
      assert.equal((await call(manager, "DELETE", `/artists/${act.id}/portfolio/${photo.id}`)).status, 404);
    });

    await t.step("the portfolio routes are in the OpenAPI document with their errors", async () => {
      const doc = await (await app.request("/api/v1/openapi.json")).json();
      const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
      const portfolio = paths["/artists/{id}/portfolio"];
      assert.deepEqual(Object.keys(portfolio).sort(), ["get", "patch", "post", "put"]);
      assert.ok(portfolio.put.responses["422"] && portfolio.put.responses["413"]);
      assert.ok(paths["/artists/{id}/portfolio/{itemId}"].delete.responses["403"]);
      assert.ok(paths["/artists/{id}/portfolio/{itemId}/file"].get.responses["302"]);
    });
  } finally {
    await app.close();
  }
});
