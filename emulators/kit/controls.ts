import { Prng } from "./prng.js";

/**
 * Faults a test can inject into the next N calls of a route.
 * - status faults answer with that status and the API's own error body
 *   (`retryAfter` adds `Retry-After: <seconds>`; `rateLimitReset` sets
 *   `X-RateLimit-Reset` to the next second boundary, or that many seconds ahead);
 * - "reset" destroys the socket, "hang" never answers (until the emulator closes);
 * - "malformed-json" / "truncated-json" / "wrong-shape" corrupt the real answer
 *   (the request is processed first, as a real server would have); "html-page" answers
 *   the real status with an HTML page instead (a proxy's or a login page);
 * - "truncated-body" announces the full Content-Length, sends half and drops the connection;
 * - `redirect` answers 302 (or the given status) with `Location: <to><path>?<query>`;
 * - `body` answers `status` (default 500) with exactly that text as JSON: a hostile
 *   server's own words (escape sequences, line breaks, bidirectional overrides…).
 */
export type Fault =
  | { status: 429; retryAfter?: number; rateLimitReset?: true | number }
  | { status: 500 | 502 | 503 | 504; retryAfter?: number }
  | { status: 401 | 403 }
  | { redirect: string; status?: 301 | 302 | 303 | 307 | 308 }
  | { body: string; status?: 400 | 404 | 500 | 503 }
  | "reset"
  | "hang"
  | "malformed-json"
  | "truncated-json"
  | "truncated-body"
  | "wrong-shape"
  | "html-page";

export interface FailOptions {
  /**
   * Process the request first (a POST stores its record, a PATCH changes it) and only
   * then fail. This is how a client's retry is shown not to create duplicates.
   */
  afterApply?: boolean;
}

export interface PlannedFault {
  fault: Fault;
  afterApply: boolean;
}

export interface Latency {
  fixedMs: number;
  /** Up to this many extra milliseconds, drawn from the seeded generator. */
  jitterMs?: number;
}

export interface RateLimitSettings {
  /** Calls allowed per window (per token). */
  limit: number;
  /** Window length; windows start at multiples of it since the epoch. */
  windowSeconds?: number;
  /** Oomnitza only: send `Retry-After` on its 429 (Intercom never promises it). */
  retryAfter?: boolean;
}

/** A server that takes only so many writes at once: one more is refused with a 429. */
export interface WriteLimitSettings {
  /** Writes (POST, PATCH, PUT, DELETE) in flight at once that are still taken; the next one gets 429. */
  maxInFlight: number;
  /** Seconds sent as `Retry-After` on that 429 (none by default). */
  retryAfter?: number;
}

const WRITE_METHODS = new Set(["POST", "PATCH", "PUT", "DELETE"]);

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds when the current window ends. */
  resetAt: number;
}

/** Reads and writes of routes match a template ("GET /admins") or "*" for every route. */
export const ANY_ROUTE = "*";

export class Controls {
  /** Error bodies echo the request headers (tokens included) so tests can prove a client redacts them. */
  echoRequestHeadersInErrors = false;
  rateLimit: RateLimitSettings | null;
  writeLimit: WriteLimitSettings | null;
  /** Writes taken and not yet answered, and the most there have been since the last reset. */
  writesInFlight = 0;
  mostWritesInFlight = 0;

  private prng: Prng;
  private latencies = new Map<string, Latency>();
  private faults = new Map<string, PlannedFault[]>();
  private windows = new Map<string, { windowStart: number; used: number }>();

  constructor(
    private readonly seed: number,
    private readonly defaultRateLimit: RateLimitSettings | null,
    private readonly clock: () => number,
    private readonly defaultWriteLimit: WriteLimitSettings | null = null,
  ) {
    this.prng = new Prng(seed);
    this.rateLimit = defaultRateLimit ? { ...defaultRateLimit } : null;
    this.writeLimit = defaultWriteLimit ? { ...defaultWriteLimit } : null;
  }

  /** Delay every answer of `route` ("*" = all routes); a number means fixed milliseconds; null removes it. */
  setLatency(route: string, latency: Latency | number | null): void {
    if (latency === null) this.latencies.delete(route);
    else this.latencies.set(route, typeof latency === "number" ? { fixedMs: latency } : latency);
  }

  /** The delay for one call: the route's own setting wins over "*". */
  delayFor(route: string): number {
    const l = this.latencies.get(route) ?? this.latencies.get(ANY_ROUTE);
    if (!l) return 0;
    return Math.max(0, l.fixedMs + (l.jitterMs ? this.prng.next() * l.jitterMs : 0));
  }

  /** The next `n` calls to `route` ("*" = any route) get `fault`. Queued faults are used in order. */
  failNext(route: string, n: number, fault: Fault, options: FailOptions = {}): void {
    const queue = this.faults.get(route) ?? [];
    for (let i = 0; i < n; i++) queue.push({ fault, afterApply: options.afterApply ?? false });
    this.faults.set(route, queue);
  }

  /** Shorthand for `failNext(route, n, fault, { afterApply: true })`. */
  failAfterApply(route: string, n: number, fault: Fault): void {
    this.failNext(route, n, fault, { afterApply: true });
  }

  /** Faults still queued (for one route, or in all). */
  pendingFaults(route?: string): number {
    if (route !== undefined) return this.faults.get(route)?.length ?? 0;
    let n = 0;
    for (const q of this.faults.values()) n += q.length;
    return n;
  }

  /** Used by the servers: the fault for this call, if any (a route's own queue first, then "*"). */
  takeFault(route: string): PlannedFault | undefined {
    for (const key of [route, ANY_ROUTE]) {
      const queue = this.faults.get(key);
      if (queue && queue.length > 0) {
        const planned = queue.shift();
        if (queue.length === 0) this.faults.delete(key);
        return planned;
      }
    }
    return undefined;
  }

  /** Change (or with null switch off) rate limiting; counters start afresh. */
  setRateLimit(settings: RateLimitSettings | null): void {
    this.rateLimit = settings ? { ...settings } : null;
    this.windows.clear();
  }

  /** Used by the servers: count one call against `key` (a token) in the current window. */
  takeRateLimit(key: string): RateLimitVerdict | undefined {
    const rl = this.rateLimit;
    if (!rl) return undefined;
    const windowMs = (rl.windowSeconds ?? 10) * 1000;
    const now = this.clock();
    const windowStart = Math.floor(now / windowMs) * windowMs;
    let w = this.windows.get(key);
    if (!w || w.windowStart !== windowStart) {
      w = { windowStart, used: 0 };
      this.windows.set(key, w);
    }
    const resetAt = Math.ceil((windowStart + windowMs) / 1000);
    if (w.used >= rl.limit) return { allowed: false, limit: rl.limit, remaining: 0, resetAt };
    w.used++;
    return { allowed: true, limit: rl.limit, remaining: rl.limit - w.used, resetAt };
  }

  /** Take at most `maxInFlight` writes at once (null: any number). */
  setWriteLimit(settings: WriteLimitSettings | null): void {
    this.writeLimit = settings ? { ...settings } : null;
  }

  /**
   * Used by the servers when a request arrives: "free" for a read or without a limit,
   * "refused" when the limit is full, else "taken" (the server calls `writeDone` once
   * it has answered).
   */
  takeWrite(method: string): "free" | "taken" | "refused" {
    if (!this.writeLimit || !WRITE_METHODS.has(method)) return "free";
    if (this.writesInFlight >= this.writeLimit.maxInFlight) return "refused";
    this.writesInFlight++;
    this.mostWritesInFlight = Math.max(this.mostWritesInFlight, this.writesInFlight);
    return "taken";
  }

  writeDone(): void {
    this.writesInFlight = Math.max(0, this.writesInFlight - 1);
  }

  /** Back to the state at start: no latency, no queued faults, default rate limit, same random stream. */
  reset(): void {
    this.latencies.clear();
    this.faults.clear();
    this.windows.clear();
    this.echoRequestHeadersInErrors = false;
    this.rateLimit = this.defaultRateLimit ? { ...this.defaultRateLimit } : null;
    this.writeLimit = this.defaultWriteLimit ? { ...this.defaultWriteLimit } : null;
    this.mostWritesInFlight = this.writesInFlight;
    this.prng = new Prng(this.seed);
  }
}

export function describeFault(p: PlannedFault): string {
  const f = p.fault;
  const name = typeof f === "string" ? f : "redirect" in f ? `redirect ${f.status ?? 302}` : "body" in f ? `body ${f.status ?? 500}` : String(f.status);
  return p.afterApply ? `after-apply ${name}` : name;
}
