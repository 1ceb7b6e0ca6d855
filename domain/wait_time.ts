/**
 * A wait as a refusal tells it to a person: whole minutes, rounded up, since
 * someone who comes back when told must not be refused again.
 */
export function tryAgainIn(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
