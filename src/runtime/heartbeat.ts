import { HttpClient } from "../http/index.js";
import type { Redactor } from "../redact.js";

export interface HeartbeatOptions {
  redactor: Redactor;
  /** Test hook, as for the sync's own requests. */
  retryBaseDelayMs?: number;
}

/**
 * Tells a dead man's switch service (healthchecks.io, Cronitor, …) that a run
 * succeeded; the service alerts when the pings stop. A plain GET with no headers, so
 * no token can reach it. Messages name only the host, since the URL's path is often
 * the service's own secret (a check UUID). Returns a warning instead of throwing: a ping that fails must
 * not turn a good sync red.
 */
export async function pingHeartbeat(url: string, options: HeartbeatOptions): Promise<string | undefined> {
  const http = new HttpClient({ timeoutMs: 15_000, retry: { maxAttempts: 3, baseDelayMs: options.retryBaseDelayMs ?? 1000, maxDelayMs: 10_000 }, redactor: options.redactor });
  try {
    const result = await http.request({ api: "heartbeat", method: "GET", url, headers: { Accept: "*/*" }, idempotent: true, what: "pinging the heartbeat URL" });
    if (result.status >= 400) return `The heartbeat URL answered ${result.status}; the dead man's switch was not told about this run.`;
    return undefined;
  } catch (err) {
    return `${err instanceof Error ? err.message : String(err)}; the dead man's switch was not told about this run.`;
  } finally {
    http.close();
  }
}
