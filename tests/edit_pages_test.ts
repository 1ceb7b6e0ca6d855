/** The owners' edit pages for acts and venues, as a browser without JavaScript uses them. */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { type SignedIn, signUp } from "./support/accounts.ts";
import { concat, onePixelPng } from "./support/bytes.ts";
import { find, parsePage, textsOf } from "./support/dom.ts";

const solo = {
  kind: "solo",
  name: "Kavya Menon",
  budgetMin: 1_000_000,
  budgetStandard: 2_000_000,
  budgetPremium: 3_000_000,
};
const club = { name: "Edit Test Club", capacity: 200, venueType: "club" };

Deno.test("owners' edit pages", async (t) => {
  const app = await openTestApp();
  const get = (path: string, who: SignedIn | null) => app.request(path, { headers: who?.headers ?? {} });
  const post = (path: string, who: SignedIn | null, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return app.request(path, {
      method: "POST",
      headers: { ...(who?.headers ?? {}), "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
  };
  const html = async (res: Response, status = 200) => {
    assert.equal(res.status, status);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    return await res.text();
  };
  try {
    const artist = await signUp(app, "artist");
    const manager = await signUp(app, "venue_manager");
    const other = await signUp(app, "artist");
    const created = await app.request("/api/v1/artists", {
      method: "POST",
      headers: { ...artist.headers, "Content-Type": "application/json" },
      body: JSON.stringify(solo),
    });
    const act = (await created.json()).data.act as { id: string; slug: string };
    const made = await app.request("/api/v1/venues", {
      method: "POST",
      headers: { ...manager.headers, "Content-Type": "application/json" },
      body: JSON.stringify(club),
    });
    const venue = (await made.json()).data.venue as { id: string; slug: string };
    const actEdit = `/artists/${act.slug}/edit`;
    const venueEdit = `/venues/${venue.slug}/edit`;
    const profileFields = {
      name: "Kavya Menon Trio",
      bio: "Carnatic vocals with a <b>jazz</b> trio.",
      yearsExperience: "12",
      budgetMin: "15,000",
      budgetStandard: "1,00,000",
      budgetPremium: "₹ 1,50,000.50",
      genres: ["carnatic", "jazz"],
      languages: ["ml", "en"],
      homeCity: "",
      travelRadiusKm: "300",
      "socialLinks.instagram": "instagram.com/kavya",
      "socialLinks.apple_music": "https://music.apple.com/in/artist/kavya-menon/1",
      riders: "",
      intent: "save",
    };

    await t.step("the owner's profile links to the edit page, prefilled from the act", async () => {
      const profile = await html(await get(`/artists/${act.slug}`, artist));
      assert.ok(profile.includes(`href="${actEdit}"`));
      const page = await html(await get(actEdit, artist));
      assert.match(page, /<input id="name" name="name" type="text" value="Kavya Menon"/);
      assert.match(page, /<input id="budgetMin" name="budgetMin" type="text" value="10,000"/);
      assert.equal(find(parsePage(page), '[data-testid="add-link-form"]').getAttribute("method"), "post");
      const doc = parsePage(page);
      // Languages are ticked by name; the value sent is the ISO code.
      const malayalam = [...doc.querySelectorAll('input[name="languages"]')]
        .find((box) => box.parentElement?.textContent?.trim() === "Malayalam");
      assert.equal(malayalam?.getAttribute("value"), "ml");
      assert.equal(doc.querySelector('input[name="languages"][type="text"]'), null, "no codes to type");
      const socialLabels = textsOf(doc, 'label[for^="socialLinks."]');
      for (const label of ["Website", "Instagram", "YouTube", "SoundCloud", "Apple Music", "X (Twitter)"]) {
        assert.ok(socialLabels.includes(label), `a field labelled ${label}`);
      }
    });

    await t.step("the owner saves and sees the change on the public page", async () => {
      const res = await post(actEdit, artist, profileFields);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), `${actEdit}?done=saved`);
      const after = await html(await get(`${actEdit}?done=saved`, artist));
      assert.match(after, /Your changes are saved\./);
      const profile = await html(await get(`/artists/${act.slug}`, null));
      assert.match(profile, /Kavya Menon Trio/);
      assert.match(profile, /Carnatic vocals with a &lt;b>jazz&lt;\/b> trio\./);
      assert.match(profile, /From ₹15,000</);
      assert.match(profile, /Languages: Malayalam, English/);
      const links = [...parsePage(profile).querySelectorAll('[data-testid="social-links"] a')]
        .map((a) => [a.textContent, a.getAttribute("href")]);
      assert.deepEqual(links, [
        ["Instagram", "https://instagram.com/kavya"],
        ["Apple Music", "https://music.apple.com/in/artist/kavya-menon/1"],
      ]);
      const stored = await (await app.request(`/api/v1/artists/${act.id}`)).json();
      assert.equal(stored.data.act.budgetStandard, 10_000_000, "1,00,000 rupees");
      assert.equal(stored.data.act.budgetPremium, 15_000_050);
      assert.deepEqual(stored.data.act.genres, ["carnatic", "jazz"]);
      assert.deepEqual(stored.data.act.languages, ["ml", "en"]);
      assert.equal(stored.data.act.socialLinks.instagram, "https://instagram.com/kavya", "saved as https");
      const again = await html(await get(actEdit, artist));
      assert.match(again, /<input type="checkbox" name="languages" value="ml" checked/);
      assert.match(again, /id="budgetStandard"[^>]*value="1,00,000"/);
      assert.match(again, /id="socialLinks\.instagram"[^>]*value="https:\/\/instagram\.com\/kavya"/);
    });

    await t.step("a validation error is shown next to its field and the typed values are kept", async () => {
      const res = await post(actEdit, artist, {
        ...profileFields,
        name: "Still Typed",
        budgetStandard: "100",
      });
      const page = await html(res, 422);
      assert.match(page, /<input id="name" name="name" type="text" value="Still Typed"/);
      assert.match(page, /id="budgetStandard"[^>]*value="100"[^>]*aria-invalid="true"/);
      assert.match(page, /<p id="budgetStandard-error"[^>]*>Must not be below budgetMin<\/p>/);
      assert.match(page, /<input type="checkbox" name="genres" value="jazz" checked/);
      assert.match(page, /<input type="checkbox" name="languages" value="ml" checked/);
      const amount = await html(
        await post(actEdit, artist, { ...profileFields, name: "Typed Again", budgetPremium: "1,0,0" }),
        422,
      );
      assert.match(amount, /id="budgetPremium"[^>]*value="1,0,0"[^>]*aria-invalid="true"/);
      assert.match(amount, /<p id="budgetPremium-error"[^>]*>The commas are in the wrong places/);
      assert.match(amount, /<input id="name" name="name" type="text" value="Typed Again"/);
      assert.match(amount, /id="budgetStandard"[^>]*value="1,00,000"/);
      assert.match(amount, /<input type="checkbox" name="languages" value="en" checked/);
      const link = await html(
        await post(actEdit, artist, {
          ...profileFields,
          "socialLinks.instagram": "javascript:alert(1)",
        }),
        422,
      );
      assert.match(link, /id="socialLinks\.instagram"[^>]*value="javascript:alert\(1\)"/);
      assert.match(link, /<p id="socialLinks\.instagram-error"[^>]*>An https:\/\/ address<\/p>/);
      const stored = await (await app.request(`/api/v1/artists/${act.id}`)).json();
      assert.equal(stored.data.act.name, "Kavya Menon Trio", "nothing was saved");
    });

    await t.step("the owner adds a link and removes it with plain forms", async () => {
      const bad = await html(
        await post(actEdit, artist, {
          intent: "add-link",
          "link-title": "Set",
          "link-url": "javascript:alert(1)",
          "link-kind": "",
        }),
        422,
      );
      assert.match(bad, /id="link-url"[^>]*value="javascript:alert\(1\)"/);
      assert.match(bad, /Only https:\/\/ links are accepted/);
      const added = await post(actEdit, artist, {
        intent: "add-link",
        "link-title": "Live set",
        "link-url": "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
        "link-kind": "",
      });
      assert.equal(added.status, 303);
      const page = await html(await get(actEdit, artist));
      const item = /<input type="hidden" name="item" value="([0-9a-f-]{36})"/.exec(page)?.[1];
      assert.ok(item, "the item is listed with a remove form");
      const removed = await post(actEdit, artist, { intent: "remove", item });
      assert.equal(removed.status, 303);
      assert.equal(removed.headers.get("location"), `${actEdit}?done=removed`);
      assert.doesNotMatch(await html(await get(actEdit, artist)), /name="item"/);
    });

    await t.step(
      "the owner uploads a 2 MB photo and a rider with multipart forms; 6 MB is refused",
      async () => {
        const upload = (fields: Record<string, string>, file: Uint8Array<ArrayBuffer>, type: string) => {
          const form = new FormData();
          for (const [k, v] of Object.entries(fields)) form.append(k, v);
          form.append("file", new File([file], "upload", { type }));
          return app.request(actEdit, { method: "POST", headers: artist.headers, body: form });
        };
        // Bytes after a PNG's end chunk are ignored by readers; they make the file big.
        const photo = concat(await onePixelPng(), new Uint8Array(2 * 1024 * 1024));
        const set = await upload({ intent: "photo" }, photo, "image/png");
        assert.equal(set.status, 303, await set.clone().text());
        assert.equal(set.headers.get("location"), `${actEdit}?done=photo`);
        const profile = await html(await get(`/artists/${act.slug}`, null));
        assert.match(profile, /<img src="\/media\/public\/acts\/[^"]+\.png"/);

        const rider = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
        const sent = await upload(
          { intent: "upload", "upload-kind": "document", "upload-title": "Stage plot" },
          rider,
          "application/pdf",
        );
        assert.equal(sent.status, 303, await sent.clone().text());
        assert.match(await html(await get(actEdit, artist)), /Stage plot/);

        const huge = await upload({ intent: "photo" }, new Uint8Array(6 * 1024 * 1024), "image/png");
        assert.equal(huge.status, 413);
      },
    );

    await t.step("another user gets a 403 page and cannot save", async () => {
      await html(await get(actEdit, other), 403);
      await html(await post(actEdit, other, { ...profileFields, name: "Hijacked" }), 403);
      await html(await get(venueEdit, other), 403);
      const profile = await html(await get(`/artists/${act.slug}`, other));
      assert.doesNotMatch(profile, /data-testid="edit-link"/);
    });

    await t.step("an anonymous visitor is sent to sign in and back", async () => {
      for (const path of [actEdit, venueEdit]) {
        const res = await get(path, null);
        assert.equal(res.status, 303);
        assert.equal(res.headers.get("location"), `/login?next=${path}`);
        const posted = await post(path, null, { name: "Anonymous" });
        assert.equal(posted.status, 303);
      }
    });

    await t.step("the venue manager edits the venue; errors keep the values", async () => {
      const profile = await html(await get(`/venues/${venue.slug}`, manager));
      assert.ok(profile.includes(`href="${venueEdit}"`));
      const page = await html(await get(venueEdit, manager));
      assert.match(page, /<input id="capacity" name="capacity" type="text" value="200"/);
      const fields = {
        intent: "save",
        name: "Edit Test Club & Terrace",
        description: "Rooftop.",
        capacity: "1,200",
        venueType: "bar",
        city: "",
        address: "",
        amenities: "green room, parking",
        "techSpecs.stage": "8 × 6 m",
        "techSpecs.paWatts": "12,000",
        "techSpecs.drumKit": "yes",
        "techSpecs.soundEngineer": "",
      };
      const bad = await html(await post(venueEdit, manager, { ...fields, capacity: "lots" }), 422);
      assert.match(bad, /id="capacity"[^>]*value="lots"/);
      assert.match(bad, /<p id="capacity-error"[^>]*>Only digits and commas, like 1,200<\/p>/);
      assert.match(bad, /id="techSpecs\.paWatts"[^>]*value="12,000"/, "the other values are kept");
      const saved = await post(venueEdit, manager, fields);
      assert.equal(saved.status, 303);
      const after = await html(await get(`/venues/${venue.slug}`, null));
      assert.match(after, /Edit Test Club &amp; Terrace/);
      assert.match(after, /Up to 1,200 people/);
      const stored = await (await app.request(`/api/v1/venues/${venue.id}`)).json();
      assert.equal(stored.data.venue.capacity, 1200);
      assert.deepEqual(stored.data.venue.techSpecs, { stage: "8 × 6 m", paWatts: 12000, drumKit: true });
    });

    await t.step("the venue's tech specs are edited on its page and read with labels and units", async () => {
      // A spec the form has no field for, set through the API, survives the form.
      const patched = await app.request(`/api/v1/venues/${venue.id}`, {
        method: "PATCH",
        headers: { ...manager.headers, "Content-Type": "application/json" },
        body: JSON.stringify({
          techSpecs: { stage: "8 × 6 m", paWatts: 12000, drumKit: true, stageWidthM: 8 },
        }),
      });
      assert.equal(patched.status, 200, await patched.clone().text());
      const page = await html(await get(venueEdit, manager));
      assert.match(page, /id="techSpecs\.paWatts"[^>]*value="12,000"/);
      const drumKit = find(parsePage(page), 'select[name="techSpecs.drumKit"] option[selected]');
      assert.equal(drumKit.textContent, "Yes");
      const form = {
        intent: "save",
        name: "Edit Test Club & Terrace",
        description: "Rooftop.",
        capacity: "1200",
        venueType: "bar",
        city: "",
        address: "",
        amenities: "",
        "techSpecs.stage": "8 × 6 m",
        "techSpecs.pa": "d&b V-series",
        "techSpecs.paWatts": "loud",
        "techSpecs.drumKit": "no",
        "techSpecs.power": "3-phase, 63 A",
      };
      const bad = await html(await post(venueEdit, manager, form), 422);
      assert.match(bad, /<p id="techSpecs\.paWatts-error"[^>]*>Only digits and commas/);
      assert.match(bad, /id="techSpecs\.pa"[^>]*value="d&amp;b V-series"/);
      const saved = await post(venueEdit, manager, { ...form, "techSpecs.paWatts": "16,000" });
      assert.equal(saved.status, 303);
      const shown = parsePage(await html(await get(`/venues/${venue.slug}`, null)));
      const specs = find(shown, '[data-testid="tech-specs"]');
      assert.deepEqual(textsOf(specs, "dt"), [
        "Stage size",
        "PA system",
        "PA power",
        "Drum kit on site",
        "Power supply",
        "Stage width",
      ]);
      assert.deepEqual(textsOf(specs, "dd"), [
        "8 × 6 m",
        "d&b V-series",
        "16,000 W",
        "No",
        "3-phase, 63 A",
        "8 m",
      ]);
    });
  } finally {
    await app.close();
  }
});
