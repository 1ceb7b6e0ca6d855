/**
 * Waiting for something that happens on its own schedule (a timer, another
 * connection) without guessing how long it takes: poll until it holds, and
 * fail with a clear message once the bound has passed instead of hanging.
 */

const POLL_MS = 5;

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, what = "the condition" }: { timeoutMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
