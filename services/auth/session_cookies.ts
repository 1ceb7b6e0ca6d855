/**
 * How a browser carries its session (API clients send Authorization: Bearer
 * instead): HttpOnly, SameSite=Lax cookies, outside development Secure with
 * the __Host- prefix (which pins them to this exact host and path "/", so a
 * subdomain can never plant or read them). Development serves plain
 * http://localhost, where Secure cookies would not come back from every
 * browser. Pages that sign in and out and the server's middleware share it.
 */
import type { IssuedTokens } from "./sessions.ts";

export interface CookieNames {
  access: string;
  refresh: string;
  secure: boolean;
}

export function cookieNames(development: boolean): CookieNames {
  return !development
    ? { access: "__Host-as_access", refresh: "__Host-as_refresh", secure: true }
    : { access: "as_access", refresh: "as_refresh", secure: false };
}

function serialize(name: string, value: string, maxAge: number, secure: boolean): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function setSessionCookies(
  headers: Headers,
  names: CookieNames,
  tokens: IssuedTokens,
  now: Date,
): void {
  const refreshSeconds = Math.max(0, Math.floor((tokens.refreshExpiresAt.getTime() - now.getTime()) / 1000));
  headers.append("Set-Cookie", serialize(names.access, tokens.accessToken, tokens.expiresIn, names.secure));
  headers.append("Set-Cookie", serialize(names.refresh, tokens.refreshToken, refreshSeconds, names.secure));
}

export function clearSessionCookies(headers: Headers, names: CookieNames): void {
  headers.append("Set-Cookie", serialize(names.access, "", 0, names.secure));
  headers.append("Set-Cookie", serialize(names.refresh, "", 0, names.secure));
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
