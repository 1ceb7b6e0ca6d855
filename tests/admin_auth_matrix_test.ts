/**
 * Every page and endpoint of the console's users, audit log and health, called by everyone: signed out
 * goes to log in (pages) or 401 (API); the booking's people and strangers are refused (403); staff look but
 * change nothing (403 on every admin action); admins do it all.
 */
import assert from "node:assert/strict";
import { openTestApp } from "./support/app.ts";
import { signUp } from "./support/accounts.ts";
import { bookingCast, type Caller, CAST } from "./support/booking_cast.ts";
import { FormBrowser } from "./support/form_browser.ts";

Deno.test("authorization matrix of the console's users, audit log and health", async (t) => {
  const app = await openTestApp();
  try {
    const { people } = await bookingCast(app);
    const db = app.database.db;
    const target = await signUp(app, "promoter");
    const missing = crypto.randomUUID();
    const entry = (await db.selectFrom("audit_logs").select("id").limit(1).executeTakeFirstOrThrow()).id;

    const browsers = Object.fromEntries(
      await Promise.all(["anonymous", ...CAST].map(async (who, i) => {
        const browser = new FormBrowser(app, `203.0.113.${100 + i}`);
        if (who !== "anonymous") await browser.signIn(people[who as keyof typeof people]);
        return [who, browser] as const;
      })),
    ) as Record<Caller, FormBrowser>;

    const everyone = (status: number) =>
      Object.fromEntries(["anonymous", ...CAST].map((who) => [who, status])) as Record<Caller, number>;
    /** Pages: signed out goes to log in, the cast is refused, staff and admins get `staff`/`admin`. */
    const page = (staff: number, admin = staff) => ({ ...everyone(403), anonymous: 303, staff, admin });
    /** API: signed out 401, the cast and staff 403, admins `admin`. */
    const api = (admin: number) => ({ ...everyone(403), anonymous: 401, admin });

    const user = `/admin/users/${target.id}`;
    type Row = [string, string, Record<string, string> | undefined, Record<Caller, number>];
    const pages: Row[] = [
      ["GET", "/admin/users?q=test", undefined, page(200)],
      ["GET", user, undefined, page(200)],
      ["GET", `/admin/users/${missing}`, undefined, page(404)],
      ["GET", "/admin/users/not-an-id", undefined, page(404)],
      ["POST", user, { intent: "grant_role", role: "organizer" }, page(403, 303)],
      ["POST", user, { intent: "remove_role", role: "organizer" }, page(403, 303)],
      ["POST", user, { intent: "suspend", reason: "Matrix" }, page(403, 303)],
      ["POST", user, { intent: "reinstate" }, page(403, 303)],
      ["POST", `/admin/users/${missing}`, { intent: "suspend", reason: "Nobody" }, page(403, 404)],
      ["GET", "/admin/audit", undefined, page(200)],
      ["GET", "/admin/audit?format=csv", undefined, page(200)],
      ["GET", `/admin/audit/${entry}`, undefined, page(200)],
      ["GET", `/admin/audit/${missing}`, undefined, page(404)],
      ["GET", "/admin/health", undefined, page(200)],
    ];
    // Admins last, so the cast's refusals come before the admin changes anything.
    const order: Caller[] = [
      "anonymous",
      "organizer",
      "act",
      "member",
      "venue",
      "stranger",
      "staff",
      "admin",
    ];
    for (const [method, path, form, expected] of pages) {
      const where = path.replace(target.id, ":user").replace(missing, ":missing").replace(entry, ":entry");
      await t.step(
        `page ${method} ${where}${form ? ` ${form.intent}` : ""}`,
        async () => {
          for (const who of order) {
            const res = await browsers[who].go(path, form);
            const body = await res.text();
            assert.equal(res.status, expected[who], `${who}: ${body.slice(0, 200)}`);
            if (who === "anonymous") assert.match(res.headers.get("location")!, /^\/login\?next=/);
          }
        },
      );
    }

    const call = async (who: Caller, method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = who === "anonymous" ? {} : { ...people[who].headers };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return await app.request(`/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    };
    const endpoints: [string, string, unknown, Record<Caller, number>][] = [
      ["GET", "/users?q=98765", undefined, { ...api(200), staff: 200 }],
      ["POST", `/users/${target.id}/suspend`, { reason: "Matrix" }, api(200)],
      ["POST", `/users/${target.id}/suspend`, { reason: "Again" }, api(409)],
      ["POST", `/users/${target.id}/reinstate`, { note: "Fine" }, api(200)],
      ["POST", `/users/${target.id}/reinstate`, {}, api(409)],
      ["POST", `/users/${missing}/suspend`, { reason: "Nobody" }, api(404)],
      ["POST", `/users/${missing}/reinstate`, {}, api(404)],
      // The body is checked before the caller, as everywhere in the API.
      ["POST", `/users/${target.id}/suspend`, {}, everyone(422)],
    ];
    for (const [method, path, body, expected] of endpoints) {
      await t.step(
        `api ${method} ${path.replace(target.id, ":user").replace(missing, ":missing")}`,
        async () => {
          for (const who of order) {
            const res = await call(who, method, path, body);
            const envelope = await res.json();
            assert.equal(res.status, expected[who], `${who}: ${JSON.stringify(envelope).slice(0, 200)}`);
            assert.equal(envelope.success, res.status < 400);
          }
        },
      );
    }
  } finally {
    await app.close();
  }
});
