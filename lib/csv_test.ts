import assert from "node:assert/strict";
import { csvCell, csvLine } from "./csv.ts";

Deno.test("cells are quoted, with quotes doubled, and lines end in CRLF", () => {
  assert.equal(
    csvLine(["a", 'say "hi"', "x,y", "two\nlines", null, 3]),
    '"a","say ""hi""","x,y","two\nlines","","3"\r\n',
  );
});

Deno.test("a cell that would start a formula is defused with an apostrophe", () => {
  for (const hostile of ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]) {
    const cell = csvCell(hostile);
    assert.ok(cell.startsWith(`"'`), cell);
  }
  assert.equal(csvCell('=cmd|" /C calc"!A0'), `"'=cmd|"" /C calc""!A0"`);
  assert.equal(csvCell("Asha = singer"), '"Asha = singer"');
  assert.equal(csvCell(""), '""');
});
