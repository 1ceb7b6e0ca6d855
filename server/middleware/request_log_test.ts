import assert from "node:assert/strict";
import { Hono } from "hono";
import { requestLog } from "./request_log.ts";

async function logLineFor(path: string): Promise<Record<string, unknown>> {
  const app = new Hono().use(requestLog()).all("*", (c) => c.text("ok"));
  const lines: string[] = [];
  const original = console.log;
  console.log = (line: string) => lines.push(line);
  try {
    await app.request(path);
  } finally {
    console.log = original;
  }
  assert.equal(lines.length, 1);
  return JSON.parse(lines[0]);
}

Deno.test("the request log keeps the path and drops the query string", async () => {
  const line = await logLineFor("/reset-password?token=secret-reset-token");
  assert.equal(line.path, "/reset-password");
  assert.equal(line.status, 200);
});

Deno.test("the request log never writes a calendar feed's secret path", async () => {
  const line = await logLineFor("/calendar/feed/0a1b2c3d-0000-4000-8000-000000000000.1.c2VjcmV0LW1hYw.ics");
  assert.equal(line.path, "/calendar/feed/[secret]");
});
