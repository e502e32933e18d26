import type { WriteLimiter } from "./limiter.js";

/**
 * Runs tasks in order, each once the limiter lets one more start; `shouldStart` can
 * stop new ones (a deadline), and the tasks it stopped are returned.
 */
export async function runPool<T>(items: T[], limiter: WriteLimiter, work: (item: T) => Promise<void>, shouldStart: () => boolean = () => true): Promise<T[]> {
  const skipped: T[] = [];
  const running: Array<Promise<void>> = [];
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
    const task = work(item).finally(() => limiter.release());
    task.catch(() => {}); // reported below once every task is done, not as an unhandled rejection meanwhile
    running.push(task);
  }
  const failure = (await Promise.allSettled(running)).find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
  return skipped;
}
