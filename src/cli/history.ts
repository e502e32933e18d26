import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Report } from "../report/model.js";
import { pointOf, sparkline, storedPoint, trendPoints, type HistoryPoint } from "../report/trend.js";

/** Lines the history file keeps; older ones are dropped when it has twice as many. */
const KEEP = 100;
/** A history file larger than this is not read (it is not one this tool wrote). */
const MAX_BYTES = 1024 * 1024;

/**
 * Where the command line keeps its runs' seat figures for the trend: `--history FILE`,
 * else the XDG state folder ($XDG_STATE_HOME, default ~/.local/state), as a small
 * JSON-lines file of its own.
 */
export function historyFile(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  if (flag) return path.resolve(cwd, flag);
  const state = env.XDG_STATE_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), ".local", "state");
  return path.join(state, "intercom-oomnitza-sync", "history.jsonl");
}

/** The points the file holds, oldest first; unreadable lines are skipped, a missing file is no history. */
export function readHistoryFile(file: string): HistoryPoint[] {
  let text: string;
  try {
    if (statSync(file).size > MAX_BYTES) return [];
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const points: HistoryPoint[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const point = storedPoint(JSON.parse(line));
      if (point) points.push(point);
    } catch {
      /* a damaged line is a gap */
    }
  }
  return points;
}

/** Adds this run's point (when it has seat figures); a file that cannot be written is a warning, returned. */
export function appendHistory(file: string, report: Report, earlier: HistoryPoint[]): string | undefined {
  const point = pointOf(report);
  if (!point) return undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    if (earlier.length >= KEEP * 2) writeFileSync(file, [...earlier.slice(-KEEP), point].map((p) => JSON.stringify(p)).join("\n") + "\n");
    else appendFileSync(file, JSON.stringify(point) + "\n");
    return undefined;
  } catch (err) {
    return `the run history could not be written to ${file} (${(err as NodeJS.ErrnoException).code ?? "error"}); set --history to a writable file`;
  }
}

/** The trend in two lines for a terminal: inbox seats and idle seats over the last runs. */
export function trendLines(earlier: HistoryPoint[], report: Report): string[] {
  const points = trendPoints(earlier, report);
  if (points.length < 2) return ["  Trend: no history yet (each run adds a point; see --history)"];
  const line = (label: string, values: number[]) => `  ${label} ${sparkline(values)} ${values[0]} → ${values.at(-1)}`;
  return [`  Trend over the last ${points.length} runs:`, line("  inbox seats", points.map((p) => p.inboxSeats)), line("  idle seats ", points.map((p) => p.idleSeats)), line("  teammates  ", points.map((p) => p.teammates))];
}
