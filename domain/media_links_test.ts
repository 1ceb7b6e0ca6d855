import assert from "node:assert/strict";
import { ValidationError } from "./errors.ts";
import { type MediaLink, parseMediaLink } from "./media_links.ts";

const embedOf = (link: MediaLink) => link.provider === "link" ? null : link.embedUrl;

Deno.test("YouTube watch, youtu.be and shorts links embed through youtube-nocookie.com", () => {
  for (
    const input of [
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
      "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
      "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://youtu.be/dQw4w9WgXcQ?si=tracking",
      "https://www.youtube.com/shorts/dQw4w9WgXcQ",
    ]
  ) {
    const link = parseMediaLink(input);
    assert.equal(link.provider, "youtube", input);
    assert.deepEqual(link, {
      provider: "youtube",
      id: "dQw4w9WgXcQ",
      url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      embedUrl: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      kind: "video",
    });
  }
});

Deno.test("Spotify tracks, albums, playlists, artists and episodes embed from open.spotify.com/embed", () => {
  for (const type of ["track", "album", "playlist", "artist", "episode"]) {
    const link = parseMediaLink(`https://open.spotify.com/${type}/4uLU6hMCjMI75M1A2tKUQC?si=abc`);
    assert.deepEqual(link, {
      provider: "spotify",
      id: `${type}/4uLU6hMCjMI75M1A2tKUQC`,
      url: `https://open.spotify.com/${type}/4uLU6hMCjMI75M1A2tKUQC`,
      embedUrl: `https://open.spotify.com/embed/${type}/4uLU6hMCjMI75M1A2tKUQC`,
      kind: "audio",
    });
  }
  const localised = parseMediaLink("https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC");
  assert.equal(embedOf(localised), "https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC");
});

Deno.test("SoundCloud tracks and sets embed through the w.soundcloud.com player", () => {
  const track = parseMediaLink("https://soundcloud.com/asha-rao/raga-yaman-live?utm_source=x");
  assert.deepEqual(track, {
    provider: "soundcloud",
    id: "asha-rao/raga-yaman-live",
    url: "https://soundcloud.com/asha-rao/raga-yaman-live",
    embedUrl:
      "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fasha-rao%2Fraga-yaman-live",
    kind: "audio",
  });
  assert.equal(parseMediaLink("https://m.soundcloud.com/asha-rao/sets/live-2025").provider, "soundcloud");
});

Deno.test("other https links, and provider pages with nothing to play, are plain links", () => {
  for (
    const input of [
      "https://bandcamp.com/album/x",
      "https://www.youtube.com/@ashararo",
      "https://www.youtube.com/watch?v=short",
      "https://open.spotify.com/user/ashararo",
      "https://soundcloud.com/asha-rao",
      "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    ]
  ) {
    const link = parseMediaLink(input);
    assert.equal(link.provider, "link", input);
    assert.equal(link.url, new URL(input).href);
  }
});

Deno.test("javascript:, data:, http: and relative links are refused on field 'url'", () => {
  for (
    const input of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(document.cookie)",
      "data:text/html,<script>alert(1)</script>",
      "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "//youtu.be/dQw4w9WgXcQ",
      "/watch?v=dQw4w9WgXcQ",
      "https://user:secret@youtu.be/dQw4w9WgXcQ",
      "",
      `https://example.com/${"a".repeat(600)}`,
    ]
  ) {
    assert.throws(
      () => parseMediaLink(input),
      (err) => err instanceof ValidationError && err.details[0]?.field === "url",
      input,
    );
  }
});
