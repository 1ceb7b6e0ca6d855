import assert from "node:assert/strict";
import { locationFor, sameOriginPath } from "./location.ts";

Deno.test("paths that stay on the site come back percent-encoded", () => {
  assert.equal(sameOriginPath("/bookings/new?act=tabla-trio"), "/bookings/new?act=tabla-trio");
  assert.equal(sameOriginPath("/bookings/\fx"), "/bookings/%0Cx");
  // Leading and trailing controls and spaces are trimmed, as browsers trim them.
  assert.equal(sameOriginPath("/bookings/\f"), "/bookings/");
  assert.equal(sameOriginPath("/a?next=/\u007f\u0000x"), "/a?next=/%7F%00x");
  assert.equal(sameOriginPath("/कलाकार?शहर=पुणे#ऊपर"), encodeURI("/कलाकार?शहर=पुणे#ऊपर"));
  assert.equal(sameOriginPath("/login?next=/x%0Cy"), "/login?next=/x%0Cy");
  // Tabs and newlines are dropped by the parser, as browsers drop them.
  assert.equal(sameOriginPath("/dash\tboard\n"), "/dashboard");
});

Deno.test("anything a browser would follow off the site is refused", () => {
  for (
    const value of [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/.//evil.example",
      "/./\\evil.example",
      "/ /evil.example",
      "https://evil.example/",
      "evil.example",
      "javascript:alert(1)",
      "",
    ]
  ) {
    const path = sameOriginPath(value);
    assert.ok(path === null || !new URL(path, "https://artistspace.in").host.includes("evil"), value);
    if (path !== null) assert.equal(new URL(path, "https://artistspace.in").origin, "https://artistspace.in");
  }
  assert.equal(sameOriginPath("/\t/evil.example"), null);
  assert.equal(sameOriginPath("/.//evil.example"), null);
});

Deno.test("every header-breaking character in a redirect target is encoded", () => {
  for (let code = 0; code < 0x20; code++) {
    checkWritable(locationFor(`/p/${String.fromCharCode(code)}?q=${String.fromCharCode(code)}`));
  }
  checkWritable(locationFor("/p/\u007f?q=\u007f"));
  checkWritable(locationFor("/p/。?q=\u3002音楽"));
  checkWritable(locationFor("https://media.example/a b?x=\u0000"));
});

function checkWritable(location: string) {
  assert.match(location, /^[\x21-\x7e]+$/, JSON.stringify(location));
}
