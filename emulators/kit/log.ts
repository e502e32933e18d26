/** What the emulators saw: tests and the benchmark count calls per route from here. */
export interface LoggedRequest {
  method: string;
  /** The route template, e.g. "GET /admins" or "PATCH /api/v3/users/:id"; unmatched paths log as "GET /the/raw/path". */
  route: string;
  path: string;
  /** The raw query string without "?" ("" when none). */
  query: string;
  /** 0 when no response was sent (a "reset" or "hang" fault). */
  status: number;
  /** The parsed JSON request body (the raw text when it was not JSON); absent when empty. */
  body?: unknown;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  /** Intercom only: which region's paths the request used. */
  region?: string;
  /** The fault a control injected, when one did. */
  fault?: string;
}

const WRITE_METHODS = new Set(["POST", "PATCH", "PUT", "DELETE"]);

export class RequestLog {
  entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  /** Calls to one route (or all calls when no route is given). */
  count(route?: string): number {
    if (route === undefined) return this.entries.length;
    let n = 0;
    for (const e of this.entries) if (e.route === route) n++;
    return n;
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) out[e.route] = (out[e.route] ?? 0) + 1;
    return out;
  }

  writes(): LoggedRequest[] {
    return this.entries.filter((e) => WRITE_METHODS.has(e.method));
  }

  reset(): void {
    this.entries = [];
  }
}
