import http from "node:http";
import https from "node:https";
import type { Redactor } from "../redact.js";
import { describeApi, HttpError, summariseErrorBody, type ApiName, type HttpResult } from "./errors.js";
import { backoffMs, pauseForRateLimit, RETRY_STATUSES, retryAfterMs, retryWaitMs, shouldRetry, type RetryPolicy } from "./retry.js";
import { sendOnce, type RequestSpec, type Transport } from "./transport.js";

export interface HttpOptions {
  timeoutMs: number;
  retry: RetryPolicy;
  redactor: Redactor;
  /** Responses larger than this are refused (default 24 MiB). */
  maxBodyBytes?: number;
  /** Injected for tests: how the client waits between attempts. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /**
   * Cancellation (a cancelled workflow run, Ctrl-C): reads in progress and every wait
   * (retry, rate-limit pacing) stop at once and no request starts; a write in flight
   * gets `writeGraceMs` (default 2 s) to finish before it is cut off too.
   */
  signal?: AbortSignal;
  writeGraceMs?: number;
}

/** How long a write in flight may still take after the run was cancelled. */
export const WRITE_GRACE_MS = 2000;

export interface CallStats {
  total: number;
  byApi: Record<string, number>;
  byRoute: Record<string, number>;
}

/**
 * 20,000 admins take 10 to 20 MB in Intercom's answer, a page of 1,000 Oomnitza people
 * under 1 MB. Reading and parsing an answer holds it several times over (bytes, text,
 * objects, then the report), so 24 MiB keeps a run under 300 MB whatever a server sends.
 */
const DEFAULT_MAX_BODY_BYTES = 24 * 1024 * 1024;

/** How one attempt was answered, for whoever paces requests (the engine's write limiter). */
export interface Attempt {
  api: ApiName;
  method: RequestSpec["method"];
  /** Undefined when no answer came (a network error, a timeout). */
  status?: number;
  /** From sending the request to reading the whole answer. */
  ms: number;
  retryAfterMs?: number;
}

/** One HTTP layer for every API: keep-alive, timeouts, retries, pacing, redaction, counting. */
export class HttpClient {
  readonly stats: CallStats = { total: 0, byApi: {}, byRoute: {} };
  private readonly transport: Transport;
  /** How a write waits: cut short by a cancellation or by `stopWrites`. */
  private readonly sleep: (ms: number) => Promise<void>;
  /** How a read waits: cut short by a cancellation only. */
  private readonly readSleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** Epoch ms before which no request to that API should start (rate-limit pacing). */
  private pauseUntil: Partial<Record<ApiName, number>> = {};
  /** After close, requests in flight stop retrying and new ones fail at once. */
  private closed = false;
  private readonly observers = new Set<(attempt: Attempt) => void>();
  /** Aborts writes in flight: `writeGraceMs` after the cancellation. */
  private readonly writeSignal?: AbortSignal;
  /** Set by `stopWrites`: why no write may be sent any more, not even a retry. */
  private writesStopped?: string;
  private readonly writeHalt = new AbortController();

  constructor(private readonly options: HttpOptions) {
    if (options.signal) this.writeSignal = later(options.signal, options.writeGraceMs ?? WRITE_GRACE_MS);
    this.transport = {
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      // Enough sockets for the most writes in flight (max-write-concurrency); the engine limits how many are used.
      agents: { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) },
      redactor: options.redactor,
    };
    this.sleep = options.sleep ?? cancellableSleep(options.signal ? AbortSignal.any([options.signal, this.writeHalt.signal]) : this.writeHalt.signal);
    this.readSleep = options.sleep ?? cancellableSleep(options.signal);
    this.random = options.random ?? Math.random;
  }

  get redactor(): Redactor {
    return this.options.redactor;
  }

  /** Tells `observer` how every later attempt was answered; returns how to stop telling it. */
  observe(observer: (attempt: Attempt) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /**
   * No write is sent from now on, not even a retry of one in flight (the stop rule
   * tripped); writes waiting to retry wake and fail with `reason`. Reads go on.
   */
  stopWrites(reason: string): void {
    this.writesStopped ??= reason;
    this.writeHalt.abort();
  }

  close(): void {
    this.closed = true;
    this.transport.agents.http.destroy();
    this.transport.agents.https.destroy();
  }

  /** The answer (any status but a retried one), or an HttpError once retries are spent. */
  async request(spec: RequestSpec): Promise<HttpResult> {
    const { retry } = this.options;
    let attempts = 0;
    let last: HttpError | undefined;
    for (;;) {
      attempts++;
      this.stopIfCancelled(spec, last);
      await this.waitForPacing(spec);
      this.stopIfCancelled(spec, last);
      this.count(spec);
      const sentAt = Date.now();
      const outcome = await sendOnce(spec, this.transport, spec.method === "GET" ? this.options.signal : this.writeSignal);
      if (this.observers.size > 0) this.tell(spec, outcome, Date.now() - sentAt);
      if (!(outcome instanceof HttpError)) {
        const pause = pauseForRateLimit(outcome.headers, Date.now(), retry.maxDelayMs);
        if (pause !== undefined) this.pauseUntil[spec.api] = Math.max(this.pauseUntil[spec.api] ?? 0, pause);
        if (!RETRY_STATUSES.has(outcome.status)) return outcome;
      }
      const error = outcome instanceof HttpError ? outcome : this.statusError(spec, outcome);
      if (this.closed || !shouldRetry(error, spec, attempts, retry)) {
        const suffix = attempts > 1 ? ` (gave up after ${attempts} attempts)` : "";
        throw new HttpError(this.redactor.redact(error.message + suffix), spec.api, error.status, error.outcomeUnknown, error.code);
      }
      last = error;
      await this.sleepFor(spec)(outcome instanceof HttpError ? backoffMs(retry, attempts, this.random) : retryWaitMs(retry, outcome, attempts, this.random, Date.now()));
    }
  }

  /** After a cancellation no request starts: the last failure (if any) is reported as not retried. */
  private stopIfCancelled(spec: RequestSpec, last: HttpError | undefined): void {
    const stopped = spec.method === "GET" ? undefined : this.writesStopped;
    if (!this.options.signal?.aborted && stopped === undefined) return;
    const why = this.options.signal?.aborted ? "the run was cancelled" : (stopped as string);
    const message = last ? `${last.message} (not retried: ${why})` : `${spec.what}: not sent, ${why}`;
    throw new HttpError(this.redactor.redact(message), spec.api, last?.status, last?.outcomeUnknown ?? false, this.options.signal?.aborted ? "cancelled" : "stopped");
  }

  private sleepFor(spec: RequestSpec): (ms: number) => Promise<void> {
    return spec.method === "GET" ? this.readSleep : this.sleep;
  }

  private tell(spec: RequestSpec, outcome: HttpResult | HttpError, ms: number): void {
    const answer = outcome instanceof HttpError ? { status: outcome.status } : { status: outcome.status, retryAfterMs: retryAfterMs(outcome.headers, Date.now()) };
    for (const observer of this.observers) observer({ api: spec.api, method: spec.method, ms, ...answer });
  }

  private count(spec: RequestSpec): void {
    const route = `${spec.api} ${spec.method} ${routeOf(new URL(spec.url).pathname)}`;
    this.stats.total++;
    this.stats.byApi[spec.api] = (this.stats.byApi[spec.api] ?? 0) + 1;
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
  }

  private statusError(spec: RequestSpec, result: HttpResult): HttpError {
    return new HttpError(
      this.redactor.redact(`${spec.what}: ${describeApi(spec.api)} answered ${result.status}${summariseErrorBody(result.text)}`),
      spec.api,
      result.status,
      result.status >= 500 && spec.method !== "GET",
    );
  }

  private async waitForPacing(spec: RequestSpec): Promise<void> {
    const until = this.pauseUntil[spec.api];
    if (until === undefined) return;
    const wait = until - Date.now();
    if (wait > 0) await this.sleepFor(spec)(wait);
    else delete this.pauseUntil[spec.api];
  }
}

/** A signal that fires `ms` after `signal` does (its timer never keeps the process alive). */
function later(signal: AbortSignal, ms: number): AbortSignal {
  const controller = new AbortController();
  const fire = () => setTimeout(() => controller.abort(), ms).unref();
  if (signal.aborted) fire();
  else signal.addEventListener("abort", fire, { once: true });
  return controller.signal;
}

/** Waits `ms`, or less when the run is cancelled: a 60-second Retry-After must not hold a cancelled run. */
function cancellableSleep(signal: AbortSignal | undefined): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    });
}

/** Collapses ids in a path so counts group by endpoint: /api/v3/users/42 → /api/v3/users/:id. */
export function routeOf(pathname: string): string {
  return pathname
    .split("/")
    .map((part) => (/^\d+$/.test(part) || /^[0-9a-f]{16,}$/i.test(part) ? ":id" : part))
    .join("/");
}
