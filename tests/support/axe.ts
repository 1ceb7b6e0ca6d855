/** axe-core, the engine behind Lighthouse's accessibility audits, run over a page in Chromium. */
import axe from "axe-core";
import type { Page } from "playwright-core";

// WCAG 2.0-2.2 A and AA and axe's best practices: a superset of the rules Lighthouse scores.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

export interface Violation {
  rule: string;
  impact: string;
  targets: string[];
}

/** axe's violations on the page as it stands, injected afresh (each navigation is a new document). */
export async function violations(page: Page): Promise<Violation[]> {
  await page.evaluate(axe.source);
  return await page.evaluate(async (tags) => {
    const engine = (window as unknown as { axe: typeof axe }).axe;
    const result = await engine.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? "unknown",
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  }, TAGS);
}

export const isSerious = (v: Violation) => v.impact === "serious" || v.impact === "critical";
