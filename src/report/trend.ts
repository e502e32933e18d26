import { integer, is, min, number, optional, string, type } from "superstruct";
import type { Report, Status } from "./model.js";

/** One run in the trend: when, how it ended, and the seat figures. */
export interface HistoryPoint {
  at: string;
  status: Status | string;
  teammates: number;
  inboxSeats: number;
  idleSeats: number;
}

const Count = min(integer(), 0);
/** What a report (of this run or an earlier one, from an artifact or the CLI's history file) must hold to be a point; anything else is a gap. */
const PointOfReport = type({
  startedAt: string(),
  status: string(),
  seats: type({ teammates: Count, inboxSeats: Count, idleSeats: Count }),
});
const Point = type({ at: string(), status: string(), teammates: Count, inboxSeats: Count, idleSeats: Count, idleDays: optional(number()) });

/** The point a report makes, or undefined for a report without seat figures (older versions, or not a report). */
export function pointOf(report: unknown): HistoryPoint | undefined {
  if (!is(report, PointOfReport) || Number.isNaN(Date.parse(report.startedAt))) return undefined;
  const { teammates, inboxSeats, idleSeats } = report.seats;
  return { at: report.startedAt, status: report.status, teammates, inboxSeats, idleSeats };
}

/** A point as the CLI's history file keeps it (one JSON object a line), or undefined. */
export function storedPoint(value: unknown): HistoryPoint | undefined {
  if (!is(value, Point) || Number.isNaN(Date.parse(value.at))) return undefined;
  return { at: value.at, status: value.status, teammates: value.teammates, inboxSeats: value.inboxSeats, idleSeats: value.idleSeats };
}

/** Earlier runs and this one, oldest first, at most `max` (a day's runs are kept apart by their times). */
export function trendPoints(earlier: HistoryPoint[], current: Report, max = 30): HistoryPoint[] {
  const now = pointOf(current);
  const byTime = [...earlier].filter((p) => p.at !== current.startedAt).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return [...byTime, ...(now ? [now] : [])].slice(-max);
}

/** "12-03 14:00": short enough for an axis label, unique enough for daily runs. */
const label = (at: string) => at.slice(5, 16).replace("T", " ");

/**
 * The trend as GitHub renders it: a Mermaid chart of inbox seats, idle seats and
 * teammates over the runs, and the same numbers as a table under a fold (for readers
 * where Mermaid does not render). `gaps` counts earlier runs whose report could not be
 * read (expired, corrupt): they are left out, not drawn as zeros.
 */
export function renderTrend(points: HistoryPoint[], gaps = 0, note?: string): string {
  const out = ["### Trend\n"];
  if (points.length < 2) {
    out.push(`_No history yet: ${note ?? "earlier runs' reports are read from their artifacts, so the chart starts once there is one"}._\n`);
    return out.join("\n");
  }
  const top = Math.max(1, ...points.flatMap((p) => [p.teammates, p.inboxSeats, p.idleSeats]));
  const series = (pick: (p: HistoryPoint) => number) => `[${points.map(pick).join(", ")}]`;
  out.push(
    "```mermaid",
    "xychart-beta",
    `    title "Inbox seats, idle seats and teammates, last ${points.length} runs"`,
    `    x-axis [${points.map((p) => `"${label(p.at)}"`).join(", ")}]`,
    `    y-axis "people" 0 --> ${Math.ceil(top * 1.1)}`,
    `    line ${series((p) => p.inboxSeats)}`,
    `    line ${series((p) => p.idleSeats)}`,
    `    line ${series((p) => p.teammates)}`,
    "```\n",
  );
  const gapNote = gaps ? ` ${gaps} earlier ${gaps === 1 ? "run's report" : "runs' reports"} could not be read (expired or damaged) and ${gaps === 1 ? "is" : "are"} left out.` : "";
  out.push(`_The lines, in the chart's order of colours: inbox seats, idle seats, teammates.${gapNote}_\n`);
  const rows = points.map((p) => `| ${p.at.replace(/\.\d+Z$/, "Z")} | ${p.teammates} | ${p.inboxSeats} | ${p.idleSeats} | ${p.status.replace(/[^a-z-]/g, "")} |`);
  out.push(`<details><summary>The numbers</summary>\n\n| Run | Teammates | Inbox seats | Idle seats | Status |\n|---|---|---|---|---|\n${rows.join("\n")}\n\n</details>\n`);
  return out.join("\n");
}

const BARS = "▁▂▃▄▅▆▇█";

/** A sparkline of the values for a terminal: "▁▃▅▇". */
export function sparkline(values: number[]): string {
  if (values.length === 0) return "";
  const low = Math.min(...values);
  const high = Math.max(...values);
  return values.map((v) => BARS[high === low ? 3 : Math.round(((v - low) / (high - low)) * (BARS.length - 1))]).join("");
}
