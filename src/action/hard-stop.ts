/**
 * The engine stops starting writes at its deadline, but a read that keeps being slow
 * (each page under the request timeout, page after page) could run until GitHub kills
 * the job, and then nobody is told. So the adapter gives up this long after the
 * deadline, still in time to write the summary and the failure issue: the scheduled
 * workflow's job timeout is 15 minutes above the sync's own.
 */
export const HARD_STOP_GRACE_MS = 3 * 60_000;

export type Raced<T> = { finished: true; value: T } | { finished: false };

/** Resolves with the work's result, or with `finished: false` once `ms` have passed. */
export async function raceDeadline<T>(work: Promise<T>, ms: number): Promise<Raced<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Raced<T>>((resolve) => {
    timer = setTimeout(() => resolve({ finished: false }), ms);
  });
  try {
    return await Promise.race([work.then((value): Raced<T> => ({ finished: true, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
