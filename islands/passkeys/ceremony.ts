/**
 * The browser's half of the passkey ceremonies, loaded by dynamic import
 * from the passkey islands only once they know the browser has WebAuthn, so
 * @simplewebauthn/browser is never part of a page's first view. It talks to
 * the server only over the API (/api/v1/auth/...).
 */
import {
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
} from "@simplewebauthn/browser";

/** An API refusal, with the fields it names, so the island can show each next to its input. */
export class ApiProblem extends Error {
  constructor(message: string, readonly fields: Record<string, string>) {
    super(message);
  }
}

async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const envelope = await res.json().catch(() => null);
  if (!res.ok || !envelope?.success) {
    const error = envelope?.error ?? { message: `The server answered ${res.status}`, details: [] };
    const fields: Record<string, string> = {};
    for (const d of error.details ?? []) fields[d.field] ??= d.message;
    throw new ApiProblem(error.message, fields);
  }
  return envelope.data as T;
}

export const autofillAvailable = browserSupportsWebAuthnAutofill;

/**
 * The device's answer to a fresh sign-in challenge: through the identifier
 * field's autofill (it resolves only when the person picks a passkey there),
 * or at once in the browser's own dialog.
 */
export async function signInAnswer(autofill: boolean): Promise<unknown> {
  const optionsJSON = await post<Parameters<typeof startAuthentication>[0]["optionsJSON"]>(
    "/auth/biometric/options",
  );
  return await startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
}

/** Makes a passkey on this device and registers it under `name`. */
export async function addPasskey(name: string, password: string): Promise<void> {
  const optionsJSON = await post<Parameters<typeof startRegistration>[0]["optionsJSON"]>(
    "/auth/passkeys/registration/options",
    password ? { password } : {},
  );
  const response = await startRegistration({ optionsJSON });
  await post("/auth/passkeys/registration", { name, response });
}

/** What to tell the person when the browser's dialog ended without a passkey. */
export function ceremonyProblem(err: unknown): string {
  if (err instanceof ApiProblem) return err.message;
  const name = (err as Error)?.name;
  if (name === "NotAllowedError" || name === "AbortError") {
    return "No passkey was used: the request was cancelled or timed out.";
  }
  if (name === "InvalidStateError") return "This device already has a passkey for your account.";
  return "Your browser could not use a passkey here.";
}
