import { describe, expect, it } from "vitest";
import { AdaptiveLimiter, fixedLimiter } from "../../src/engine/limiter.js";
import { runPool } from "../../src/engine/pool.js";

/** Takes `n` slots at once: the ones granted now resolve, the rest stay queued. */
async function take(limiter: AdaptiveLimiter, n: number): Promise<{ granted: () => number }> {
  let granted = 0;
  for (let i = 0; i < n; i++) void limiter.acquire().then(() => granted++);
  await new Promise((resolve) => setImmediate(resolve));
  return { granted: () => granted };
}

const fast = { status: 201, ms: 100 };

/** Eight answers at the same latency set the early level. */
function learn(limiter: AdaptiveLimiter, ms = 100): void {
  for (let i = 0; i < 8; i++) limiter.observe({ status: 201, ms });
}

/** Fast answers until the limit reaches `level`: how many it took. */
function answersTo(limiter: AdaptiveLimiter, level: number): number {
  let n = 0;
  while (limiter.current < level && n < 10_000) {
    limiter.observe(fast);
    n++;
  }
  return n;
}

describe("AdaptiveLimiter", () => {
  it("grows by one per round of fast, clean answers while writes wait, and never past max", async () => {
    const limiter = new AdaptiveLimiter({ start: 4, max: 6 });
    const { granted } = await take(limiter, 20);
    learn(limiter);
    expect(limiter.current).toBe(4);
    expect(granted()).toBe(4);
    // One more write in flight per round: about 4 answers at 4, 5 at 5.
    expect(answersTo(limiter, 5)).toBeLessThanOrEqual(4);
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted()).toBe(5);
    expect(answersTo(limiter, 6)).toBe(5);
    for (let i = 0; i < 100; i++) limiter.observe(fast);
    expect(limiter.current).toBe(6);
    expect(limiter.concurrency).toEqual({ start: 4, max: 6, reached: 6 });
  });

  it("does not grow when no write is waiting for a slot", async () => {
    const limiter = new AdaptiveLimiter({ start: 4, max: 16 });
    await take(limiter, 2);
    learn(limiter);
    for (let i = 0; i < 50; i++) limiter.observe(fast);
    expect(limiter.current).toBe(4);
    expect(limiter.concurrency.reached).toBe(2);
  });

  it("does not grow on fast refusals (a 400 for a required field): failing writes gain nothing from going faster", async () => {
    const limiter = new AdaptiveLimiter({ start: 2, max: 16 });
    await take(limiter, 40);
    for (let i = 0; i < 50; i++) limiter.observe({ status: 400, ms: 20 });
    expect(limiter.current).toBe(2);
    for (let i = 0; i < 50; i++) limiter.observe({ status: 201, ms: 20 });
    expect(limiter.current).toBeGreaterThan(2);
  });

  it("cuts back on a 429 or a 503, once per round of answers", async () => {
    const limiter = new AdaptiveLimiter({ start: 10, max: 16 });
    await take(limiter, 30);
    limiter.observe({ status: 429, ms: 100 });
    expect(limiter.current).toBe(7);
    // The other writes of that round were sent at the old limit: their refusals do not cut again.
    for (let i = 0; i < 9; i++) limiter.observe({ status: 429, ms: 100 });
    expect(limiter.current).toBe(7);
    limiter.observe({ status: 503, ms: 100 });
    expect(limiter.current).toBe(4);
  });

  it("cuts back when the answers slow to well above their early level, and grows again only when they are fast", async () => {
    const limiter = new AdaptiveLimiter({ start: 8, max: 16 });
    await take(limiter, 40);
    learn(limiter, 100);
    const before = limiter.current;
    for (let i = 0; i < 10; i++) limiter.observe({ status: 201, ms: 400 });
    expect(limiter.current).toBeLessThan(before);
    const cut = limiter.current;
    for (let i = 0; i < 30; i++) limiter.observe({ status: 201, ms: 160 }); // slower than early, not alarming: hold
    expect(limiter.current).toBeLessThanOrEqual(cut);
  });

  it("after a 429, probes past the refused level fifty times slower", async () => {
    const limiter = new AdaptiveLimiter({ start: 8, max: 16 });
    await take(limiter, 200);
    learn(limiter);
    answersTo(limiter, 9);
    limiter.observe({ status: 429, ms: 100 }); // refused with 9 in flight
    expect(limiter.current).toBe(6);
    const below = answersTo(limiter, 8);
    const above = answersTo(limiter, 9);
    expect(limiter.current).toBe(9);
    expect(above).toBeGreaterThan(20 * below);
  });

  it("starts no new write before a Retry-After has passed", async () => {
    const limiter = new AdaptiveLimiter({ start: 2, max: 4 });
    const { granted } = await take(limiter, 3);
    expect(granted()).toBe(2);
    limiter.observe({ status: 429, ms: 10, retryAfterMs: 150 });
    const t0 = Date.now();
    limiter.release();
    limiter.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(granted()).toBe(2);
    while (granted() < 3 && Date.now() - t0 < 2000) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(granted()).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it("holds new writes no longer than maxHoldMs, whatever Retry-After says", async () => {
    const limiter = new AdaptiveLimiter({ start: 1, max: 1, maxHoldMs: 80 });
    const { granted } = await take(limiter, 2);
    limiter.observe({ status: 429, ms: 10, retryAfterMs: 100_000_000 });
    const t0 = Date.now();
    limiter.release();
    while (granted() < 2 && Date.now() - t0 < 2000) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(granted()).toBe(2);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("stop lets every queued write go at once, holds included, and every later one too", async () => {
    const limiter = new AdaptiveLimiter({ start: 1, max: 1 });
    const { granted } = await take(limiter, 4);
    limiter.observe({ status: 429, ms: 10, retryAfterMs: 60_000 });
    limiter.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(granted()).toBe(1);
    limiter.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted()).toBe(4);
    let later = false;
    await limiter.acquire().then(() => (later = true));
    expect(later).toBe(true);
  });

  it("a pool waiting on a held limiter skips its tasks as soon as the limiter stops", async () => {
    const limiter = new AdaptiveLimiter({ start: 1, max: 1 });
    let stop = false;
    const started: number[] = [];
    const run = runPool(
      [1, 2, 3],
      limiter,
      async (item) => {
        started.push(item);
        if (item === 1) limiter.observe({ status: 429, ms: 5, retryAfterMs: 60_000 });
      },
      () => !stop,
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    stop = true;
    limiter.stop();
    const t0 = Date.now();
    expect(await run).toEqual([2, 3]);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(started).toEqual([1]);
  });

  it("a fixed limiter never grows", async () => {
    const limiter = fixedLimiter(3);
    await take(limiter, 10);
    learn(limiter);
    for (let i = 0; i < 100; i++) limiter.observe(fast);
    expect(limiter.concurrency).toEqual({ start: 3, max: 3, reached: 3 });
  });
});

describe("runPool", () => {
  it("runs every item in order with no more in flight than the limiter allows, and skips the rest once told to stop", async () => {
    const limiter = fixedLimiter(3);
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const items = Array.from({ length: 12 }, (_, i) => i);
    const skipped = await runPool(
      items,
      limiter,
      async (item) => {
        started.push(item);
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
      },
      () => started.length < 9,
    );
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(skipped).toEqual([9, 10, 11]);
    expect(most).toBe(3);
    expect(limiter.concurrency.reached).toBe(3);
  });

  it("reports a task's failure after the others finished", async () => {
    const done: number[] = [];
    const run = runPool([1, 2, 3], fixedLimiter(2), async (item) => {
      await new Promise((resolve) => setTimeout(resolve, item * 5));
      if (item === 1) throw new Error("boom");
      done.push(item);
    });
    await expect(run).rejects.toThrow("boom");
    expect(done).toEqual([2, 3]);
  });
});
