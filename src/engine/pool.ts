import type { WriteLimiter } from "./limiter.js";

/**
 * Runs tasks in order, each once the limiter lets one more start; `shouldStart` can
 * stop new ones (a deadline), and the tasks it stopped are returned.
 */
export async function runPool<T>(items: T[], limiter: WriteLimiter, work: (item: T) => Promise<void>, shouldStart: () => boolean = () => true): Promise<T[]> {
  const skipped: T[] = [];
  let running = 0;
  let failure: { reason: unknown } | undefined;
  let allDone: (() => void) | undefined;
  for (const item of items) {
    if (!shouldStart()) {
      skipped.push(item);
      continue;
    }
    await limiter.acquire();
    // Waiting for a slot may have taken long enough for the deadline to pass.
    if (!shouldStart()) {
      limiter.release();
      skipped.push(item);
      continue;
    }
    running++;
    // Counted, not kept: thousands of finished tasks need not stay in memory.
    work(item)
      .catch((reason: unknown) => void (failure ??= { reason }))
      .finally(() => {
        limiter.release();
        if (--running === 0) allDone?.();
      });
  }
  if (running > 0) await new Promise<void>((resolve) => (allDone = resolve));
  // A task's failure is reported once every task is done.
  if (failure) throw failure.reason;
  return skipped;
}
