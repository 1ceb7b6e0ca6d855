/**
 * Just enough of a browser without JavaScript for page tests: keeps the
 * cookies it is given, posts forms with a same-site Origin (as browsers do,
 * so the CSRF check passes), and follows no redirect by itself.
 */
import assert from "node:assert/strict";
import type { TestApp } from "./app.ts";
import { PASSWORD } from "./accounts.ts";

export class FormBrowser {
  cookies = new Map<string, string>();

  constructor(
    private readonly app: TestApp,
    private readonly ip?: string,
    private readonly userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0",
  ) {}

  /** A GET, or a POST of `form` when given. */
  async go(path: string, form?: Record<string, string> | URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = { "User-Agent": this.userAgent };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const init: RequestInit = { headers, redirect: "manual" };
    if (form) {
      init.method = "POST";
      init.body = new URLSearchParams(form);
      headers.Origin = "http://localhost";
    }
    const res = await this.app.request(path, init, this.ip);
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** A page that must answer 200 with HTML. */
  async html(path: string): Promise<string> {
    const res = await this.go(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    return await res.text();
  }

  /** Signs in through the login form with the test password. */
  async signIn(who: { email: string }, next = "/dashboard"): Promise<void> {
    const res = await this.go("/login", { identifier: who.email, password: PASSWORD, next });
    assert.equal(res.status, 303, await res.clone().text());
    await res.body?.cancel();
  }
}
