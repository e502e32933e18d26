import http from "node:http";
import https from "node:https";
import fetch, { type Response } from "node-fetch";
import { Redactor } from "./redact.js";

/** Which API a request belongs to: used for counting and for error messages. */
export type ApiName = "intercom" | "oomnitza" | "github" | "heartbeat";

export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  /** First backoff wait; doubles each retry, with ±20% jitter. */
  baseDelayMs: number;
  /** No single wait (backoff, Retry-After or X-RateLimit-Reset) is longer than this. */
  maxDelayMs: number;
}

export interface HttpOptions {
  timeoutMs: number;
  retry: RetryPolicy;
  redactor: Redactor;
  /** Responses larger than this are refused (default 64 MiB). */
  maxBodyBytes?: number;
  /** Injected for tests: how the client waits between attempts. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface RequestSpec {
  api: ApiName;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /**
   * Whether sending the request twice is harmless. A non-idempotent request is
   * retried only when the server certainly did not act on it (429, or a connection
   * that was refused before anything was sent).
   */
  idempotent: boolean;
  /** Short description for error messages, e.g. "reading Oomnitza users". */
  what: string;
}

export interface HttpResult {
  status: number;
  headers: Map<string, string>;
  text: string;
}

/**
 * Why a request failed. `outcomeUnknown` says the server may have acted on it (a
 * write whose response was lost), so the caller must check before sending it again.
 */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly api: ApiName,
    readonly status: number | undefined,
    readonly outcomeUnknown: boolean,
    readonly code?: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Network errors that happen before a request reaches the server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Failures that another attempt cannot fix. */
const FINAL_CODES = new Set(["ERR_BODY_TOO_LARGE", "redirect"]);
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface CallStats {
  total: number;
  byApi: Record<string, number>;
  byRoute: Record<string, number>;
}

/** One HTTP layer for every API: keep-alive, timeouts, retries, redaction, counting. */
export class HttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16 });
  readonly stats: CallStats = { total: 0, byApi: {}, byRoute: {} };
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** Epoch ms before which no Intercom request should start (rate-limit pacing). */
  private pauseUntil: Partial<Record<ApiName, number>> = {};

  constructor(private readonly options: HttpOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  get redactor(): Redactor {
    return this.options.redactor;
  }

  /** After close, requests in flight stop retrying and new ones fail at once. */
  private closed = false;

  close(): void {
    this.closed = true;
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  async request(spec: RequestSpec): Promise<HttpResult> {
    const { retry } = this.options;
    let lastError: HttpError | undefined;
    let attempts = 0;
    while (attempts < retry.maxAttempts) {
      attempts++;
      await this.waitForPacing(spec.api);
      const outcome = await this.attempt(spec);
      if (!(outcome instanceof HttpError) && !RETRY_STATUSES.has(outcome.status)) return outcome;

      const error = outcome instanceof HttpError ? outcome : this.statusError(spec, outcome);
      lastError = error;
      // A write whose outcome is unknown is never re-sent here: the caller checks first.
      const retryable = spec.idempotent || !error.outcomeUnknown || error.status === 429;
      if (!retryable || this.closed || FINAL_CODES.has(error.code ?? "") || attempts === retry.maxAttempts) break;
      const wait = outcome instanceof HttpError ? this.backoff(attempts) : this.waitFor(outcome, attempts);
      await this.sleep(wait);
    }
    const error = lastError as HttpError;
    const suffix = attempts > 1 ? ` (gave up after ${attempts} attempts)` : "";
    throw new HttpError(
      this.redactor.redact(error.message + suffix),
      spec.api,
      error.status,
      error.outcomeUnknown,
      error.code,
    );
  }

  private async attempt(spec: RequestSpec): Promise<HttpResult | HttpError> {
    const url = new URL(spec.url);
    const route = `${spec.method} ${routeOf(url.pathname)}`;
    this.stats.total++;
    this.stats.byApi[spec.api] = (this.stats.byApi[spec.api] ?? 0) + 1;
    this.stats.byRoute[`${spec.api} ${route}`] = (this.stats.byRoute[`${spec.api} ${route}`] ?? 0) + 1;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    const headers: Record<string, string> = { ...spec.headers };
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers["Content-Type"] = "application/json; charset=utf-8";
    }
    let response: Response;
    try {
      response = await fetch(url.toString(), {
        method: spec.method,
        headers,
        body,
        redirect: "manual",
        signal: controller.signal,
        agent: url.protocol === "https:" ? this.httpsAgent : this.httpAgent,
        compress: true,
      });
    } catch (err) {
      clearTimeout(timer);
      return this.networkError(spec, url, err, controller.signal.aborted);
    }
    try {
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get("location") ?? "";
        let target = location;
        try {
          target = new URL(location, url).host;
        } catch {
          /* keep the raw value */
        }
        response.body?.resume?.();
        return new HttpError(
          this.redactor.redact(
            `${spec.what}: ${describeApi(spec.api)} answered ${response.status} redirecting to ${target || "an unnamed location"}; ` +
              `redirects are not followed because the request carries credentials. Use the final URL in the settings.`,
          ),
          spec.api,
          response.status,
          false,
          "redirect",
        );
      }
      const text = await readText(response, controller, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      const headersMap = new Map<string, string>();
      response.headers.forEach((value, key) => headersMap.set(key.toLowerCase(), value));
      this.notePacing(spec.api, headersMap);
      return { status: response.status, headers: headersMap, text };
    } catch (err) {
      return this.networkError(spec, url, err, controller.signal.aborted, true);
    } finally {
      clearTimeout(timer);
    }
  }

  private networkError(spec: RequestSpec, url: URL, err: unknown, timedOut: boolean, afterHeaders = false): HttpError {
    const code = (err as { code?: string }).code;
    const sent = afterHeaders || !(code && NOT_SENT_CODES.has(code));
    const tooLarge = code === "ERR_BODY_TOO_LARGE";
    const reason = tooLarge
      ? `the response was too large (over ${Math.round((this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) / 1024)} KiB)`
      : timedOut
        ? `no response within ${Math.round(this.options.timeoutMs / 1000)} s`
        : `${code ? code + ": " : ""}${(err as Error).message ?? String(err)}`;
    return new HttpError(
      this.redactor.redact(`${spec.what}: ${describeApi(spec.api)} at ${url.host} could not be reached (${reason})`),
      spec.api,
      undefined,
      sent && spec.method !== "GET",
      tooLarge ? code : timedOut ? "timeout" : code,
    );
  }

  private statusError(spec: RequestSpec, result: HttpResult): HttpError {
    return new HttpError(
      this.redactor.redact(`${spec.what}: ${describeApi(spec.api)} answered ${result.status}${summariseErrorBody(result.text)}`),
      spec.api,
      result.status,
      result.status >= 500 && spec.method !== "GET",
    );
  }

  private backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.retry;
    const jitter = 0.8 + this.random() * 0.4;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1) * jitter);
  }

  /** How long to wait before retrying a 429/5xx: the server's word first, capped. */
  private waitFor(result: HttpResult, attempt: number): number {
    const { maxDelayMs } = this.options.retry;
    const retryAfter = result.headers.get("retry-after");
    if (retryAfter !== undefined) {
      const seconds = Number(retryAfter);
      if (Number.isFinite(seconds) && seconds >= 0) return Math.min(maxDelayMs, seconds * 1000);
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) return Math.min(maxDelayMs, Math.max(0, date - Date.now()));
    }
    const reset = Number(result.headers.get("x-ratelimit-reset"));
    if (result.status === 429 && Number.isFinite(reset) && reset > 0) {
      return Math.min(maxDelayMs, Math.max(0, reset * 1000 - Date.now()) + 50);
    }
    return this.backoff(attempt);
  }

  /**
   * When the rate-limit window is nearly used up, hold further requests to that API
   * until it resets, instead of running into 429s.
   */
  private notePacing(api: ApiName, headers: Map<string, string>): void {
    const remaining = Number(headers.get("x-ratelimit-remaining"));
    const limit = Number(headers.get("x-ratelimit-limit"));
    const reset = Number(headers.get("x-ratelimit-reset"));
    if (!Number.isFinite(remaining) || !Number.isFinite(reset) || !Number.isFinite(limit) || limit <= 0) return;
    if (remaining <= Math.max(1, Math.floor(limit * 0.05))) {
      const until = Math.min(reset * 1000, Date.now() + this.options.retry.maxDelayMs);
      this.pauseUntil[api] = Math.max(this.pauseUntil[api] ?? 0, until);
    }
  }

  private async waitForPacing(api: ApiName): Promise<void> {
    const until = this.pauseUntil[api];
    if (until === undefined) return;
    const wait = until - Date.now();
    if (wait > 0) await this.sleep(wait);
    else delete this.pauseUntil[api];
  }
}

async function readText(response: Response, controller: AbortController, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    throw Object.assign(new Error("response too large"), { code: "ERR_BODY_TOO_LARGE" });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return "";
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      controller.abort();
      throw Object.assign(new Error("response too large"), { code: "ERR_BODY_TOO_LARGE" });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Collapses ids in a path so counts group by endpoint: /api/v3/users/42 → /api/v3/users/:id. */
export function routeOf(pathname: string): string {
  return pathname
    .split("/")
    .map((part) => (/^\d+$/.test(part) || /^[0-9a-f]{16,}$/i.test(part) ? ":id" : part))
    .join("/");
}

export function describeApi(api: ApiName): string {
  switch (api) {
    case "intercom":
      return "Intercom";
    case "oomnitza":
      return "Oomnitza";
    case "github":
      return "GitHub";
    case "heartbeat":
      return "the heartbeat URL";
  }
}

/**
 * Turns an error body of any of the documented shapes (Intercom's error.list,
 * Oomnitza's errors/error/message) into one short line. Never echoes headers.
 */
export function summariseErrorBody(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return /^\s*</.test(trimmed) ? " (an HTML page)" : ` (${oneLine(trimmed, 200)})`;
  }
  const messages: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") messages.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      const item = value as Record<string, unknown>;
      const text = [item.code, item.field, item.message].filter((part) => typeof part === "string" && part).join(": ");
      if (text) messages.push(text);
    }
  };
  if (parsed && typeof parsed === "object") {
    const obj = parsed as Record<string, unknown>;
    collect(obj.errors);
    collect(obj.error);
    collect(obj.message);
  }
  const unique = [...new Set(messages)];
  return unique.length ? `: ${oneLine(unique.slice(0, 3).join("; "), 300)}` : "";
}

/** Embedded JSON objects (a server echoing the request back, say) say nothing useful in one line. */
const EMBEDDED_OBJECT = /\{[^{}]*"[^"{}]+"\s*:[^{}]*\}/g;

function oneLine(text: string, max: number): string {
  const flat = text.replace(EMBEDDED_OBJECT, "{…}").replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}

/** Parses JSON, naming the API and the call when the body is not JSON. */
export function parseJson(result: HttpResult, api: ApiName, what: string): unknown {
  try {
    return JSON.parse(result.text);
  } catch {
    const kind = result.text.trim() === "" ? "an empty body" : "a body that is not valid JSON";
    throw new HttpError(`${what}: ${describeApi(api)} answered ${result.status} with ${kind}`, api, result.status, false, "bad_json");
  }
}
