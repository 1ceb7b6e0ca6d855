import assert from "node:assert/strict";
import { diffTable } from "./audit_diff.ts";

Deno.test("an update's diff reads as before and after, field by field", () => {
  assert.deepEqual(
    diffTable({ old: { status: "active", phone: null }, new: { status: "suspended", phone: "+91" } }),
    {
      kind: "change",
      rows: [
        { field: "phone", before: "null", after: "+91" },
        { field: "status", before: "active", after: "suspended" },
      ],
    },
  );
});

Deno.test("an insert has no before, a delete no after", () => {
  assert.deepEqual(diffTable({ new: { id: "x", tags: ["a"] } }), {
    kind: "change",
    rows: [{ field: "id", before: undefined, after: "x" }, {
      field: "tags",
      before: undefined,
      after: '["a"]',
    }],
  });
  assert.deepEqual(diffTable({ old: { n: 2 } }), {
    kind: "change",
    rows: [{ field: "n", before: "2", after: undefined }],
  });
});

Deno.test("an application event's fields read as they are", () => {
  assert.deepEqual(diffTable({ reason: "Fake listings", sessionsEnded: 2 }), {
    kind: "details",
    rows: [{ field: "reason", value: "Fake listings" }, { field: "sessionsEnded", value: "2" }],
  });
  // "new" holding something other than a row is an event's own field.
  assert.equal(diffTable({ new: "x" }).kind, "details");
  assert.deepEqual(diffTable(null), { kind: "none" });
  assert.deepEqual(diffTable({}), { kind: "none" });
});
