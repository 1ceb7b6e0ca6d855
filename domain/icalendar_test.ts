import assert from "node:assert/strict";
import ICAL from "ical.js";
import { escapeText, foldLine, formatUtc, writeCalendar } from "./icalendar.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

Deno.test("TEXT escaping covers backslash, semicolon, comma and every kind of line break", () => {
  assert.equal(escapeText("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
});

Deno.test("folding keeps every line within 75 octets and never splits a UTF-8 character", () => {
  const line = `SUMMARY:${"संगीत संध्या 🎶🎸 ".repeat(12)}`;
  const folded = foldLine(line);
  const lines = folded.split("\r\n");
  assert.ok(lines.length > 3);
  for (const [i, l] of lines.entries()) {
    assert.ok(encoder.encode(l).length <= 75, `line ${i} has ${encoder.encode(l).length} octets`);
    if (i > 0) assert.equal(l[0], " ");
    // A fatal decoder throws on a cut sequence; each physical line must stand alone.
    decoder.decode(encoder.encode(l));
  }
  assert.equal(lines.map((l, i) => (i ? l.slice(1) : l)).join(""), line);
  assert.equal(foldLine("SHORT:ok"), "SHORT:ok");
});

Deno.test("UTC date-times are written in the basic format with a Z", () => {
  assert.equal(formatUtc(new Date("2026-12-05T14:30:05.123Z")), "20261205T143005Z");
});

Deno.test("a written calendar parses with ical.js and round-trips its text", () => {
  const summary = "दिल्ली में शाम की महफ़िल 🎤🎶 — with a very long name that has to fold, twice over at least";
  const text = writeCalendar({
    name: "Artist Space · Asha",
    prodId: "-//Artist Space//Bookings//EN",
    events: [{
      uid: "b1@artistspace",
      stamp: new Date("2026-11-01T00:00:00Z"),
      start: new Date("2026-12-05T14:30:00Z"),
      end: new Date("2026-12-05T16:00:00Z"),
      summary,
      location: "Blue Frog, Lower Parel; Mumbai, MH",
      description: "Line one\nLine two, with \\ backslash",
      status: "CONFIRMED",
      url: "https://artistspace.in/bookings/b1",
    }],
  });
  assert.ok(text.endsWith("\r\n"));
  assert.doesNotMatch(text.replaceAll("\r\n", ""), /[\r\n]/, "only CRLF line endings");
  const cal = new ICAL.Component(ICAL.parse(text));
  assert.equal(cal.getFirstPropertyValue("version"), "2.0");
  assert.equal(cal.getFirstPropertyValue("x-wr-calname"), "Artist Space · Asha");
  const event = new ICAL.Event(cal.getFirstSubcomponent("vevent")!);
  assert.equal(event.uid, "b1@artistspace");
  assert.equal(event.summary, summary);
  assert.equal(event.location, "Blue Frog, Lower Parel; Mumbai, MH");
  assert.equal(event.description, "Line one\nLine two, with \\ backslash");
  assert.equal(event.startDate.toJSDate().toISOString(), "2026-12-05T14:30:00.000Z");
  assert.equal(event.endDate.toJSDate().toISOString(), "2026-12-05T16:00:00.000Z");
  assert.equal(event.component.getFirstPropertyValue("status"), "CONFIRMED");
});
