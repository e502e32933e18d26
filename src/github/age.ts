/** A daily sync whose last success is older than a day and a half has missed a run. */
export const MISSED_RUN_THRESHOLD_MS = 36 * 3600_000;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** "2 days 3 hours", "5 hours", "40 minutes": whole units, rounded down, two at most. */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours > 0 ? `${plural(days, "day")} ${plural(hours, "hour")}` : plural(days, "day");
  if (hours > 0) return plural(hours, "hour");
  return plural(minutes, "minute");
}
