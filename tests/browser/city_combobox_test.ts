/**
 * The home page's city field as an ARIA combobox in a real browser: the
 * suggestions (found by former names too) are reachable with the keyboard
 * alone, and what a screen reader is told (aria-expanded,
 * aria-activedescendant, aria-selected) follows the keys.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserTest, collectErrors } from "../support/browser.ts";

/** The combobox's state as assistive technology reads it. */
async function comboState(page: Page) {
  return await page.evaluate(() => {
    const input = document.getElementById("qs-city")!;
    const listbox = document.getElementById(input.getAttribute("aria-controls") ?? "");
    const active = input.getAttribute("aria-activedescendant");
    return {
      controls: listbox?.getAttribute("role") ?? null,
      expanded: input.getAttribute("aria-expanded"),
      listVisible: listbox ? !listbox.hidden && listbox.getClientRects().length > 0 : false,
      active: active ? document.getElementById(active)?.firstChild?.textContent?.trim() ?? "(missing)" : null,
      selected: [...document.querySelectorAll('[role="option"][aria-selected="true"]')].map((o) =>
        o.firstChild?.textContent?.trim()
      ),
    };
  });
}

browserTest("city suggestions in Chromium, by keyboard", async ({ browser, server, t }) => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${server.url}/`);
    const city = page.getByRole("combobox", { name: "City" });
    const options = page.getByRole("listbox", { name: "Cities" }).getByRole("option");

    await t.step("before typing, aria-controls names the (hidden) listbox", async () => {
      assert.deepEqual(await comboState(page), {
        controls: "listbox",
        expanded: "false",
        listVisible: false,
        active: null,
        selected: [],
      });
    });

    await t.step("a former name is suggested, with the name it matched", async () => {
      // Each keystroke asks again: wait for the answer to the whole word, then for its options.
      const answered = page.waitForResponse((res) => {
        const url = new URL(res.url());
        return url.pathname === "/api/v1/geo/cities/suggest" && url.searchParams.get("q") === "Poo";
      });
      await city.pressSequentially("Poo");
      const { data } = await (await answered).json();
      assert.ok(data.length >= 2, "enough options to move through");
      await page.waitForFunction(
        (n) => document.querySelectorAll('[role="option"]').length === n,
        data.length,
        { timeout: 5_000 },
      ).catch((err) => {
        throw new Error(`the suggestions did not appear; page errors: ${errors.join("; ") || "none"}`, {
          cause: err,
        });
      });
      assert.equal(
        (await options.first().textContent())?.replace(/\s+/g, " ").trim(),
        "Pune (Poona) Maharashtra",
      );
      const state = await comboState(page);
      assert.equal(state.expanded, "true");
      assert.equal(state.listVisible, true);
      assert.equal(state.active, null);
    });

    await t.step(
      "ArrowDown moves through the options; ArrowUp from the first wraps to the last",
      async () => {
        await city.press("ArrowDown");
        assert.deepEqual((await comboState(page)).selected, ["Pune"]);
        assert.equal((await comboState(page)).active, "Pune");
        await city.press("ArrowDown");
        const second = await options.nth(1).evaluate((o) => o.firstChild?.textContent?.trim());
        assert.deepEqual((await comboState(page)).selected, [second]);
        await city.press("ArrowUp");
        await city.press("ArrowUp");
        const last = await options.last().evaluate((o) => o.firstChild?.textContent?.trim());
        assert.equal((await comboState(page)).active, last);
        await city.press("ArrowDown");
        assert.equal((await comboState(page)).active, "Pune");
      },
    );

    await t.step("Escape closes the list and Down opens it again", async () => {
      await city.press("Escape");
      const closed = await comboState(page);
      assert.equal(closed.expanded, "false");
      assert.equal(closed.listVisible, false);
      assert.equal(closed.active, null);
      assert.equal(await city.inputValue(), "Poo");
      await city.press("ArrowDown");
      assert.equal((await comboState(page)).active, "Pune");
    });

    await t.step("Enter takes the active option without submitting; Enter again searches", async () => {
      await city.press("Enter");
      assert.equal(await city.inputValue(), "Pune");
      assert.equal(new URL(page.url()).pathname, "/");
      const taken = await comboState(page);
      assert.equal(taken.expanded, "false");
      assert.equal(taken.listVisible, false);
      await Promise.all([
        page.waitForURL((url) => url.pathname === "/artists"),
        city.press("Enter"),
      ]);
      const landed = new URL(page.url());
      assert.equal(landed.pathname + landed.search, "/artists?city=Pune&genre=");
      assert.equal(await page.title(), "Artists and bands in Pune · Artist Space");
    });

    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
