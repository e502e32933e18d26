/** Oomnitza's documented cap on `limit`: no page holds more people than this. */
export const MAX_PAGE = 1000;
/** The engine's default read concurrency (pages in flight). */
export const READ_CONCURRENCY = 4;
/** The engine's default ceiling for writes in flight (`max-write-concurrency`). */
export const MAX_WRITE_CONCURRENCY = 16;

/**
 * The fewest requests any sync can make: one Intercom call (the admin list is not
 * paginated), enough Oomnitza pages to see every person once (at least one, to learn
 * that there are none), and one write per person who needs one.
 */
export function requestFloor(people: number, writes: number): number {
  return floorReads(people) + writes;
}

export function floorReads(people: number): number {
  return 1 + Math.max(1, Math.ceil(people / MAX_PAGE));
}

/**
 * The time the floor's requests take at a fixed latency on a server that only adds
 * latency: the reads four at a time, the writes at the default ceiling of writes in
 * flight. The yardstick for the wall-time target.
 */
export function floorTimeMs(people: number, writes: number, latencyMs: number): number {
  return (floorReads(people) * latencyMs) / READ_CONCURRENCY + (writes * latencyMs) / MAX_WRITE_CONCURRENCY;
}
