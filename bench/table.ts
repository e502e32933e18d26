import type { NaiveRun } from "./naive.js";
import type { OurRun } from "./ours.js";

/** Peak RSS every scenario must stay under at N = 5000. */
export const RSS_TARGET_MB = 120;

export interface Row {
  n: number;
  /** Oomnitza people before the run. */
  people: number;
  scenario: string;
  scenarioId: string;
  ours: OurRun;
  /** Requests by emulator route, as the emulators logged them. */
  byRoute: Record<string, number>;
  requests: number;
  floor: number;
  /** Reads four at a time, writes sixteen at a time, at the fixed latency. */
  floorMs: number;
  naive: NaiveRun;
  /** CPU time of JSON.parse over the bodies this run read (steady state only). */
  parseCpuMs?: number;
}

const SHORT: Record<string, string> = {
  "GET /admins": "admins",
  "GET /api/v2/mappings": "check",
  "GET /api/v3/users": "pages",
  "POST /api/v3/users": "POST",
  "PATCH /api/v3/users/:id": "PATCH",
};

export const seconds = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const ratio = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));

export function endpoints(byRoute: Record<string, number>): string {
  return Object.entries(byRoute)
    .map(([route, count]) => `${SHORT[route] ?? route} ${count}`)
    .join(", ");
}

export function renderTable(rows: Row[]): string {
  const head = ["N", "people", "scenario", "requests (ours)", "by endpoint", "floor", "ours / floor", "naive requests", "wall (ours)", "floor time", "ours / floor time", "wall (naive)", "naive / ours", "writes in flight", "CPU (ours)", "CPU ÷ JSON.parse", `peak RSS (< ${RSS_TARGET_MB} MB)`];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const row of rows) {
    const est = row.naive.estimated ? " (est.)" : "";
    const rss = row.ours.peakRssMb;
    lines.push(
      `| ${[
        row.n,
        row.people,
        row.scenario,
        row.requests,
        endpoints(row.byRoute),
        row.floor,
        `${ratio(row.requests / row.floor)} (+${row.requests - row.floor})`,
        `${row.naive.requests}${est}`,
        seconds(row.ours.engineMs),
        seconds(row.floorMs),
        ratio(row.ours.engineMs / row.floorMs),
        `${seconds(row.naive.wallMs)}${est}`,
        `${ratio(row.naive.wallMs / row.ours.engineMs)}${est ? "*" : ""}`,
        row.ours.writeConcurrency ? String(row.ours.writeConcurrency.reached) : "–",
        seconds(row.ours.syncCpuMs),
        row.parseCpuMs ? `${(row.ours.syncCpuMs / row.parseCpuMs).toFixed(1)} (${seconds(row.parseCpuMs)})` : "–",
        `${rss.toFixed(0)} MB ${rss < RSS_TARGET_MB ? "✓" : "✗"}`,
      ].join(" | ")} |`,
    );
  }
  return lines.join("\n");
}
