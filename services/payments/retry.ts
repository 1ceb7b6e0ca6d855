/**
 * When a gateway call that failed is tried again (refunds and payouts): after
 * an exponential backoff from `baseMs` up to `capMs`, with the failure kept
 * short for the row that records it.
 */
const ERROR_MAX_CHARS = 500;

export interface Retry {
  attempts: number;
  last_error: string;
  next_attempt_at: Date;
}

export function retryAfterFailure(
  err: unknown,
  attemptsSoFar: number,
  now: Date,
  { baseMs, capMs }: { baseMs: number; capMs: number },
): Retry {
  const attempts = attemptsSoFar + 1;
  return {
    attempts,
    last_error: (err instanceof Error ? err.message : String(err)).slice(0, ERROR_MAX_CHARS),
    next_attempt_at: new Date(now.getTime() + Math.min(baseMs * 2 ** (attempts - 1), capMs)),
  };
}
