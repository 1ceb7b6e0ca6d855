import assert from "node:assert/strict";
import { SOCIAL_LABELS, SOCIAL_PLATFORMS, withHttps } from "./social_links.ts";

Deno.test("every platform has the name people know it by", () => {
  assert.deepEqual(Object.keys(SOCIAL_LABELS).sort(), [...SOCIAL_PLATFORMS].sort());
  assert.equal(SOCIAL_LABELS.apple_music, "Apple Music");
  assert.equal(SOCIAL_LABELS.x, "X (Twitter)");
  assert.equal(SOCIAL_LABELS.youtube, "YouTube");
  assert.equal(SOCIAL_LABELS.soundcloud, "SoundCloud");
});

Deno.test("a link without https:// gets it; http:// is upgraded; https:// is kept", () => {
  assert.equal(withHttps("instagram.com/kavya"), "https://instagram.com/kavya");
  assert.equal(withHttps("  www.kavyamenon.in  "), "https://www.kavyamenon.in");
  assert.equal(withHttps("open.spotify.com/artist/abc?si=1"), "https://open.spotify.com/artist/abc?si=1");
  assert.equal(withHttps("http://kavya.example/live"), "https://kavya.example/live");
  assert.equal(withHttps("//kavya.example"), "https://kavya.example");
  assert.equal(withHttps("https://music.apple.com/in/artist/1"), "https://music.apple.com/in/artist/1");
});

Deno.test("a handle becomes the platform's profile link where profiles go by handle", () => {
  assert.equal(withHttps("@kavya.sings", "instagram"), "https://www.instagram.com/kavya.sings");
  assert.equal(withHttps("@kavya", "x"), "https://x.com/kavya");
  assert.equal(withHttps("@kavya", "youtube"), "https://www.youtube.com/@kavya");
  assert.equal(withHttps("@kavya", "website"), "@kavya", "a website has no handles");
});

Deno.test("what is not a web address is left as typed, for the schema to refuse", () => {
  for (const typed of ["javascript:alert(1)", "mailto:kavya@example.in", "kavya", "ftp://x.example", ""]) {
    assert.equal(withHttps(typed), typed);
  }
});
