/**
 * Mobile and partner clients are generated from /api/v1/openapi.json, so the
 * document the real app serves must pass Redocly's recommended rules, say
 * truthfully who may call each operation, and give a typed client
 * (openapi-typescript + openapi-fetch) that compiles, rejects a wrong call
 * and works against the app. The tool versions are pinned in deno.json.
 */
import assert from "node:assert/strict";
import openapiTS, { astToString } from "openapi-typescript";
import { openTestApp } from "./support/app.ts";
import { PASSWORD, signUp } from "./support/accounts.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const CONFIG = `${ROOT}deno.json`;

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { required?: boolean };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
}

const SIGNED_IN = JSON.stringify([{ bearerAuth: [] }, { cookieAuth: [] }]);
const OPTIONAL = JSON.stringify([{}, { bearerAuth: [] }, { cookieAuth: [] }]);
const PUBLIC = JSON.stringify([]);

/** A Deno subcommand on the project's config (so its npm pins and lock file apply). */
async function deno(args: string[], cwd: string) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    // Redocly otherwise reports usage to its servers and asks npm whether it is out of date.
    env: { NO_COLOR: "1", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

/** Typed calls through the generated client; `deno check` must accept it, including each expected error. */
const CALLS = `
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./api.d.ts";

export async function typedCalls(fetch: (request: Request) => Promise<Response>, identifier: string, password: string) {
  const api = createClient<paths>({ baseUrl: "http://localhost/api/v1", fetch });
  const login = await api.POST("/auth/login", { body: { identifier, password } });
  if (!login.data) throw new Error("sign-in failed: " + login.response.status);
  const accessToken: string = login.data.data.accessToken;
  const headers = { Authorization: "Bearer " + accessToken };

  const me = await api.GET("/auth/me", { headers });
  const email: string | undefined = me.data?.data.user.email;
  const bookings = await api.GET("/bookings", {
    params: { query: { status: "confirmed", as: "organizer", limit: 5 } },
    headers,
  });
  const ids: string[] = bookings.data?.data.map((b) => b.id) ?? [];
  const missing = await api.GET("/bookings/{id}", { params: { path: { id: crypto.randomUUID() } }, headers });
  const code: string | undefined = missing.error?.error.code;
  const search = await api.GET("/search/artists", { params: { query: { q: "raga" } } });
  return {
    statuses: [login, me, bookings, missing, search].map((r) => r.response.status),
    email,
    ids,
    code,
  };
}

/** Never run: each call is wrong, and the type check fails unless the compiler says so. */
export async function wrongCalls(api: Client<paths>) {
  // @ts-expect-error sign-in takes \`identifier\`, not \`email\`
  await api.POST("/auth/login", { body: { email: "asha@example.in", password: "x" } });
  // @ts-expect-error "pending" is not a booking status
  await api.GET("/bookings", { params: { query: { status: "pending" } } });
  // @ts-expect-error a booking is read by its id
  await api.GET("/bookings/{id}", { params: { path: {} } });
}
`;

Deno.test("the OpenAPI document lints clean and generates a typed client that works", async (t) => {
  const app = await openTestApp();
  const dir = await Deno.makeTempDir({ prefix: "artistspace-openapi-" });
  try {
    const res = await app.request("/api/v1/openapi.json");
    assert.equal(res.status, 200);
    const doc: Document = await res.json();
    const docPath = `${dir}/openapi.json`;
    await Deno.writeTextFile(docPath, JSON.stringify(doc, null, 2));
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op }))
    );

    await t.step("every operation has a unique camelCase operationId and states its security", () => {
      const ids = operations.map(({ op }) => op.operationId);
      for (const { method, path, op } of operations) {
        assert.match(op.operationId ?? "", /^[a-z][a-zA-Z0-9]*$/, `${method} ${path}`);
        assert.ok([SIGNED_IN, OPTIONAL, PUBLIC].includes(JSON.stringify(op.security)), `${method} ${path}`);
      }
      assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
      assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ["bearerAuth", "cookieAuth"]);
    });

    await t.step("Redocly's recommended rules find no errors", async () => {
      const redocly = JSON.parse(await Deno.readTextFile(CONFIG)).imports["@redocly/cli"];
      const args = ["lint", "--extends=recommended", "--format=json", "--max-problems=1000", docPath];
      const run = await deno(["run", "-A", `--config=${CONFIG}`, redocly, ...args], dir);
      const report = JSON.parse(run.stdout);
      const errors = report.problems.filter((p: { severity: string }) => p.severity === "error");
      assert.deepEqual(errors, [], run.stderr);
      assert.equal(report.totals.errors, 0);
    });

    await t.step("what the document says about sign-in is what the app does", async () => {
      const wrong: string[] = [];
      let conclusive = 0;
      for (const { method, path, op } of operations) {
        // No body or query: most such calls reach the handler, which decides who may call.
        const url = path.replace(/\{role\}/, "artist").replace(/\{\w+\}/g, () => crypto.randomUUID());
        const res = await app.app.request(`http://localhost/api/v1${url}`, { method });
        await res.body?.cancel();
        // Validation answers before the handler asks who calls (422), and some services look the
        // (random, so missing) resource up first (404): neither says anything about sign-in.
        if (res.status === 422 || (res.status === 404 && path.includes("{"))) continue;
        conclusive++;
        if ((JSON.stringify(op.security) === SIGNED_IN) !== (res.status === 401)) {
          wrong.push(`${method} ${path}: ${res.status}`);
        }
      }
      assert.deepEqual(wrong, []);
      assert.ok(conclusive > 30, `only ${conclusive} operations answered conclusively`);
    });

    const organizer = await signUp(app, "organizer");

    await t.step("the cookie scheme's cookie signs a caller in", async () => {
      const cookie = doc.components.securitySchemes.cookieAuth;
      assert.deepEqual([cookie.type, cookie.in], ["apiKey", "cookie"]);
      const res = await app.app.request("http://localhost/api/v1/auth/me", {
        headers: { Cookie: `${cookie.name}=${organizer.accessToken}` },
      });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).data.user.email, organizer.email);
    });

    await t.step("openapi-typescript and openapi-fetch give a client that type-checks", async () => {
      const types = astToString(await openapiTS(new URL(`file://${docPath}`)));
      await Deno.writeTextFile(`${dir}/api.d.ts`, types);
      await Deno.writeTextFile(`${dir}/calls.ts`, CALLS);
      const check = await deno(["check", `--config=${CONFIG}`, `${dir}/calls.ts`], dir);
      assert.equal(check.code, 0, check.stderr);
    });

    await t.step("the typed calls work against the app", async () => {
      const { typedCalls } = await import(`file://${dir}/calls.ts`);
      const fetch = (request: Request) => Promise.resolve(app.app.request(request));
      const result = await typedCalls(fetch, organizer.email, PASSWORD);
      assert.deepEqual(result, {
        statuses: [200, 200, 200, 404, 200],
        email: organizer.email,
        ids: [],
        code: "NOT_FOUND",
      });
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
    await app.close();
  }
});
