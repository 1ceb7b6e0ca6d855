import assert from "node:assert/strict";
import { specLines, TECH_SPECS } from "./venue_specs.ts";

const lines = (specs: Record<string, unknown>) => specLines(specs).map((l) => `${l.label}: ${l.value}`);

Deno.test("listed specs read with their labels and units, in the list's order", () => {
  assert.deepEqual(
    lines({ paWatts: 12000, stage: "8 × 6 m", drumKit: true, soundEngineer: false, power: "3-phase, 63 A" }),
    [
      "Stage size: 8 × 6 m",
      "PA power: 12,000 W",
      "Drum kit on site: Yes",
      "Power supply: 3-phase, 63 A",
      "Sound engineer on site: No",
    ],
  );
});

Deno.test("other keys get a label from their name, and a unit when the name ends in one", () => {
  assert.deepEqual(lines({ stageWidthM: 8, green_rooms: 2, generator_kva: 125000, pa: "d&b V-series" }), [
    "PA system: d&b V-series",
    "Generator: 1,25,000 kVA",
    "Green rooms: 2",
    "Stage width: 8 m",
  ]);
});

Deno.test("blank and structured values are not shown", () => {
  assert.deepEqual(lines({ pa: "  ", lighting: { rig: 1 }, monitors: null, paWatts: Number.NaN }), []);
});

Deno.test("the listed keys are unique and each has a label", () => {
  assert.equal(new Set(TECH_SPECS.map((s) => s.key)).size, TECH_SPECS.length);
  assert.ok(TECH_SPECS.every((s) => s.label.length > 0 && (s.kind !== "number" || s.unit)));
});
