import { describe, expect, it } from "vitest";
import { backoffMs, pauseForRateLimit, retryWaitMs, shouldRetry, type RetryPolicy } from "../../src/http/retry.js";

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };
const headers = (h: Record<string, string>) => new Map(Object.entries(h));
const NOW = Date.parse("2026-12-01T00:00:00Z");

describe("shouldRetry", () => {
  it("retries reads and idempotent writes until the attempts are spent", () => {
    expect(shouldRetry({ status: 503, outcomeUnknown: false }, { idempotent: true }, 1, policy)).toBe(true);
    expect(shouldRetry({ status: 503, outcomeUnknown: false }, { idempotent: true }, 5, policy)).toBe(false);
  });

  it("never re-sends a create whose outcome is unknown, except after a 429 (refused unread)", () => {
    expect(shouldRetry({ status: 502, outcomeUnknown: true }, { idempotent: false }, 1, policy)).toBe(false);
    expect(shouldRetry({ code: "ECONNRESET", outcomeUnknown: true }, { idempotent: false }, 1, policy)).toBe(false);
    expect(shouldRetry({ status: 429, outcomeUnknown: true }, { idempotent: false }, 1, policy)).toBe(true);
    expect(shouldRetry({ code: "ECONNREFUSED", outcomeUnknown: false }, { idempotent: false }, 1, policy)).toBe(true);
  });

  it("never retries what another attempt cannot fix: a redirect, a body over the limit, a host name that does not resolve", () => {
    expect(shouldRetry({ status: 302, code: "redirect", outcomeUnknown: false }, { idempotent: true }, 1, policy)).toBe(false);
    expect(shouldRetry({ code: "ERR_BODY_TOO_LARGE", outcomeUnknown: false }, { idempotent: true }, 1, policy)).toBe(false);
    expect(shouldRetry({ code: "ENOTFOUND", outcomeUnknown: false }, { idempotent: true }, 1, policy)).toBe(false);
  });

  it("tries a refused connection or a passing DNS failure three times at most, whatever max-attempts says", () => {
    for (const code of ["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH"]) {
      expect(shouldRetry({ code, outcomeUnknown: false }, { idempotent: true }, 2, policy)).toBe(true);
      expect(shouldRetry({ code, outcomeUnknown: false }, { idempotent: true }, 3, policy)).toBe(false);
    }
    expect(shouldRetry({ code: "ECONNRESET", outcomeUnknown: false }, { idempotent: true }, 3, policy)).toBe(true);
  });
});

describe("waits", () => {
  it("backs off exponentially with ±20% jitter, capped", () => {
    expect(backoffMs(policy, 1, () => 0.5)).toBe(1000);
    expect(backoffMs(policy, 3, () => 0)).toBe(3200);
    expect(backoffMs(policy, 3, () => 1)).toBeCloseTo(4800, 6);
    expect(backoffMs(policy, 20, () => 0.5)).toBe(60_000);
  });

  it("takes the server's word first: Retry-After seconds or date, then X-RateLimit-Reset on a 429", () => {
    expect(retryWaitMs(policy, { status: 503, headers: headers({ "retry-after": "7" }) }, 1, () => 0.5, NOW)).toBe(7000);
    expect(retryWaitMs(policy, { status: 503, headers: headers({ "retry-after": new Date(NOW + 3000).toUTCString() }) }, 1, () => 0.5, NOW)).toBe(3000);
    expect(retryWaitMs(policy, { status: 429, headers: headers({ "x-ratelimit-reset": String(NOW / 1000 + 2) }) }, 1, () => 0.5, NOW)).toBe(2050);
    expect(retryWaitMs(policy, { status: 429, headers: headers({ "retry-after": "99999" }) }, 1, () => 0.5, NOW)).toBe(60_000);
    // An empty or unreadable Retry-After falls back to the backoff.
    expect(retryWaitMs(policy, { status: 503, headers: headers({ "retry-after": "" }) }, 2, () => 0.5, NOW)).toBe(2000);
    expect(retryWaitMs(policy, { status: 500, headers: headers({}) }, 1, () => 0.5, NOW)).toBe(1000);
  });

  it("pauses an API whose rate-limit window is nearly used up, until it resets", () => {
    const reset = String(NOW / 1000 + 5);
    expect(pauseForRateLimit(headers({ "x-ratelimit-limit": "1000", "x-ratelimit-remaining": "50", "x-ratelimit-reset": reset }), NOW, 60_000)).toBe(NOW + 5000);
    expect(pauseForRateLimit(headers({ "x-ratelimit-limit": "1000", "x-ratelimit-remaining": "51", "x-ratelimit-reset": reset }), NOW, 60_000)).toBeUndefined();
    expect(pauseForRateLimit(headers({ "x-ratelimit-limit": "1000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 600) }), NOW, 60_000)).toBe(NOW + 60_000);
    expect(pauseForRateLimit(headers({}), NOW, 60_000)).toBeUndefined();
  });
});
