/** Oomnitza's documented cap on `limit`: no page holds more people than this. */
export const MAX_PAGE = 1000;
/** The engine's default read concurrency (pages in flight). */
export const READ_CONCURRENCY = 4;
/** The engine's default ceiling for writes in flight (`max-write-concurrency`). */
export const MAX_WRITE_CONCURRENCY = 16;

/** The most events Intercom hands out on one activity log page (`per_page` up to 250). */
export const LOG_PAGE = 250;

/**
 * The fewest requests any sync can make: one Intercom call (the admin list is not
 * paginated), enough Oomnitza pages to see every person once (at least one, to learn
 * that there are none), one write per person who needs one and, for a run that reads
 * Intercom's activity log (last logins, removal evidence), its pages for the window.
 */
export function requestFloor(people: number, writes: number, logPages = 0): number {
  return floorReads(people) + writes + logPages;
}

export function floorReads(people: number): number {
  return 1 + Math.max(1, Math.ceil(people / MAX_PAGE));
}

/** The activity log pages a window holding `events` events takes: at least one, to learn there are none. */
export function activityLogPages(events: number): number {
  return Math.max(1, Math.ceil(events / LOG_PAGE));
}

/**
 * The time the floor's requests take at a fixed latency on a server that only adds
 * latency: the reads four at a time, the writes at the default ceiling of writes in
 * flight. The yardstick for the wall-time target.
 */
export function floorTimeMs(people: number, writes: number, latencyMs: number): number {
  return (floorReads(people) * latencyMs) / READ_CONCURRENCY + (writes * latencyMs) / MAX_WRITE_CONCURRENCY;
}
