/** Oomnitza's documented cap on `limit`: no page holds more people than this. */
export const MAX_PAGE = 1000;

/**
 * The fewest requests any sync can make: one Intercom call (the admin list is not
 * paginated), enough Oomnitza pages to see every person once (at least one, to learn
 * that there are none), and one write per person who needs one.
 */
export function requestFloor(people: number, writes: number): number {
  return 1 + Math.max(1, Math.ceil(people / MAX_PAGE)) + writes;
}

/**
 * The time the floor's requests take at a fixed latency when `concurrency` of them
 * are in flight at once: the yardstick for the wall-time target.
 */
export function floorTimeMs(requests: number, latencyMs: number, concurrency: number): number {
  return (requests * latencyMs) / concurrency;
}
