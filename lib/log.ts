/**
 * Structured logs: one JSON object per line, to stdout (info) or stderr
 * (errors), so any log shipper can parse them. Never pass secrets here.
 */

const logged = new WeakSet<object>();

export function logInfo(msg: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: "info", time: new Date().toISOString(), msg, ...fields }));
}

/** Logs an unexpected error once, however many layers report it. */
export function logError(err: unknown, fields: Record<string, unknown> = {}): void {
  if (typeof err === "object" && err !== null) {
    if (logged.has(err)) return;
    logged.add(err);
  }
  const e = err instanceof Error ? err : undefined;
  const code = typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
  console.error(JSON.stringify({
    level: "error",
    time: new Date().toISOString(),
    msg: fields.msg ?? "request failed",
    ...fields,
    error: { name: e?.name, message: e ? e.message : String(err), code, stack: e?.stack },
  }));
}
