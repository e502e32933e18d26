/**
 * When to try a request again and how long to wait: pure functions of the answer,
 * the attempt number and the clock, so every rule is tested without a server.
 */
export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  /** First backoff wait; doubles each retry, with ±20% jitter. */
  baseDelayMs: number;
  /** No single wait (backoff, Retry-After or X-RateLimit-Reset) is longer than this. */
  maxDelayMs: number;
}

/** Answers worth another attempt: the server was busy or failed for a moment. */
export const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Network errors that happen before a request reaches the server. */
export const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/**
 * Failures that another attempt cannot fix: a redirect, a body over the limit, a host
 * name that does not resolve (misspelt: the answer will be the same in a second), a
 * cancelled run.
 */
const FINAL_CODES = new Set(["ERR_BODY_TOO_LARGE", "redirect", "ENOTFOUND", "cancelled"]);
/**
 * Nothing listening, no route, or a passing DNS failure: worth two more tries, not the
 * full count, so a wrong address is said within seconds rather than a minute.
 */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
export const UNREACHABLE_MAX_ATTEMPTS = 3;

export interface FailedAttempt {
  status?: number;
  code?: string;
  /** The server may have acted on the request. */
  outcomeUnknown: boolean;
}

/**
 * Whether to send the request again. A write whose outcome is unknown is never re-sent
 * here (the caller checks first), except after a 429, which the server refused unread.
 */
export function shouldRetry(failure: FailedAttempt, request: { idempotent: boolean }, attempts: number, policy: RetryPolicy): boolean {
  if (attempts >= policy.maxAttempts || FINAL_CODES.has(failure.code ?? "")) return false;
  if (UNREACHABLE_CODES.has(failure.code ?? "") && attempts >= UNREACHABLE_MAX_ATTEMPTS) return false;
  return request.idempotent || !failure.outcomeUnknown || failure.status === 429;
}

/** Exponential backoff with ±20% jitter, capped. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const jitter = 0.8 + random() * 0.4;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1) * jitter);
}

/** How long to wait before retrying a 429/5xx: the server's word first (Retry-After, X-RateLimit-Reset), capped. */
export function retryWaitMs(policy: RetryPolicy, answer: { status: number; headers: Map<string, string> }, attempt: number, random: () => number, now: number): number {
  const retryAfter = retryAfterMs(answer.headers, now);
  if (retryAfter !== undefined) return Math.min(policy.maxDelayMs, retryAfter);
  const reset = Number(answer.headers.get("x-ratelimit-reset"));
  if (answer.status === 429 && Number.isFinite(reset) && reset > 0) {
    return Math.min(policy.maxDelayMs, Math.max(0, reset * 1000 - now) + 50);
  }
  return backoffMs(policy, attempt, random);
}

/** The server's Retry-After (seconds or an HTTP date) in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(headers: Map<string, string>, now: number): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (retryAfter.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * When the rate-limit window is nearly used up (5% left), the epoch ms until which no
 * request should start, instead of running into 429s; undefined otherwise.
 */
export function pauseForRateLimit(headers: Map<string, string>, now: number, maxDelayMs: number): number | undefined {
  const remaining = Number(headers.get("x-ratelimit-remaining"));
  const limit = Number(headers.get("x-ratelimit-limit"));
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (!headers.has("x-ratelimit-remaining") || !Number.isFinite(remaining) || !Number.isFinite(reset) || !Number.isFinite(limit) || limit <= 0) return undefined;
  if (remaining > Math.max(1, Math.floor(limit * 0.05))) return undefined;
  return Math.min(reset * 1000, now + maxDelayMs);
}
