/** Runs tasks with at most `limit` in flight; `shouldStart` can stop new ones (a deadline). */
export async function runPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>, shouldStart: () => boolean = () => true): Promise<T[]> {
  const skipped: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      if (!shouldStart()) {
        skipped.push(item);
        continue;
      }
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return skipped;
}
