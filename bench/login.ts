/**
 * Sign-in costs: bcrypt at cost 12 dominates a login, so this measures its
 * latency, whether a failure for an unknown account takes as long as one for
 * a known account (it must, or timing reveals who is registered), and
 * whether pages stay fast while logins burn CPU (bcrypt runs off the event
 * loop, on the thread pool).
 */
import { DEMO_PASSWORD } from "../server/demo_seed.ts";

const DEMO_EMAIL = "asha.artist@demo.artistspace.in";

let clientNumber = 0;
/** Every request from its own address, so the login limits (5 per 15 minutes) never kick in. */
function nextClient(): Record<string, string> {
  clientNumber++;
  return {
    "x-forwarded-for": `10.${(clientNumber >> 16) & 255}.${(clientNumber >> 8) & 255}.${clientNumber & 255}`,
  };
}

async function timed(url: string, init: RequestInit = {}): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  await res.body?.cancel();
  return performance.now() - t0;
}

function login(origin: string, identifier: string, password: string): Promise<number> {
  return timed(`${origin}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...nextClient() },
    body: JSON.stringify({ identifier, password }),
  });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
}

export interface LoginFigures {
  success: number[];
  wrongPassword: number[];
  unknownAccount: number[];
  pageIdle: number[];
  pageDuringBurst: number[];
  burstLogins: number;
}

/** `origin` must serve development's demo users (their password is DEMO_PASSWORD). */
export async function measureLogins(origin: string, rounds = 10): Promise<LoginFigures> {
  const success: number[] = [], wrongPassword: number[] = [], unknownAccount: number[] = [];
  await login(origin, DEMO_EMAIL, DEMO_PASSWORD); // warm-up: the decoy hash, JIT
  for (let i = 0; i < rounds; i++) {
    success.push(await login(origin, DEMO_EMAIL, DEMO_PASSWORD));
    wrongPassword.push(await login(origin, DEMO_EMAIL, "Wrong-Password-1"));
    unknownAccount.push(await login(origin, `nobody${i}@example.in`, "Wrong-Password-1"));
  }

  const page = `${origin}/artists`;
  const pageIdle: number[] = [];
  for (let i = 0; i < 30; i++) pageIdle.push(await timed(page));

  // Four clients logging in back to back for 3 s, while one requests pages.
  let burstLogins = 0;
  const until = performance.now() + 3_000;
  const burst = Array.from({ length: 4 }, async () => {
    while (performance.now() < until) {
      await login(origin, DEMO_EMAIL, DEMO_PASSWORD);
      burstLogins++;
    }
  });
  const pageDuringBurst: number[] = [];
  await new Promise((r) => setTimeout(r, 300));
  while (performance.now() < until - 200) pageDuringBurst.push(await timed(page));
  await Promise.all(burst);
  return { success, wrongPassword, unknownAccount, pageIdle, pageDuringBurst, burstLogins };
}
