import type { ColdStart } from "./cold-start.js";
import type { ConcurrencyBench } from "./concurrency.js";
import { RSS_TARGET_MB, type Row } from "./table.js";

export interface Verdict {
  target: string;
  holds: boolean | undefined;
  detail: string;
}

/** Cold start: the bundle's median to its first request, over node's own. */
export const COLD_START_OVER_NODE_MS = 60;
/** The sync's CPU in the steady state, as a multiple of JSON.parse over the same bodies. */
export const CPU_RATIO = 3;

/** The targets, judged from one benchmark run; `undefined` = not measured in this run. */
export function judgeTargets(rows: Row[], cold: ColdStart | undefined, writes: ConcurrencyBench | undefined): Verdict[] {
  const worst = rows.reduce((max, r) => Math.max(max, r.requests - r.floor), -Infinity);
  const steady1000 = rows.find((r) => r.n === 1000 && r.scenarioId === "steady");
  const biggest = Math.max(0, ...rows.map((r) => r.n));
  const big = rows.filter((r) => r.n === 5000);
  const at = big.length ? big : rows.filter((r) => r.n === biggest);
  const atNote = big.length ? "" : ` (N = ${biggest}; N = 5000 not run)`;
  const wallWorst = big.reduce((max, r) => Math.max(max, r.ours.engineMs / r.floorMs), 0);
  const rssWorst = at.reduce((max, r) => Math.max(max, r.ours.peakRssMb), 0);
  const steady = at.find((r) => r.scenarioId === "steady" && r.parseCpuMs);
  const cpuRatio = steady?.parseCpuMs ? steady.ours.syncCpuMs / steady.parseCpuMs : undefined;
  const adaptive = writes?.cases[0];
  return [
    { target: "requests ≤ floor + 2 in every scenario", holds: rows.length ? worst <= 2 : undefined, detail: `worst: floor + ${worst}` },
    {
      target: "steady state at N = 1000 ≥ 10 × faster than naive",
      holds: steady1000 ? steady1000.naive.wallMs / steady1000.ours.engineMs >= 10 : undefined,
      detail: steady1000 ? `${(steady1000.naive.wallMs / steady1000.ours.engineMs).toFixed(0)} ×${steady1000.naive.estimated ? " (naive estimated)" : ""}` : "N = 1000 not run",
    },
    { target: "wall ≤ 1.5 × floor time at N = 5000", holds: big.length ? wallWorst <= 1.5 : undefined, detail: big.length ? `worst: ${wallWorst.toFixed(2)} ×` : "N = 5000 not run" },
    {
      target: `first sync, N = ${writes?.n ?? 1000}, ${writes?.latencyMs ?? 100} ms, ${writes?.allowed ?? 8} writes allowed: wall ≤ 1.3 × N × latency ÷ K, none failed`,
      holds: adaptive && writes ? adaptive.run.engineMs <= 1.3 * writes.idealMs && (adaptive.run.counts.failed ?? 0) === 0 : undefined,
      detail: adaptive && writes ? `${(adaptive.run.engineMs / writes.idealMs).toFixed(2)} ×, ${adaptive.run.counts.failed ?? 0} failed, ${adaptive.run.writeConcurrency?.reached ?? 0} in flight at most` : "not run",
    },
    { target: `peak RSS < ${RSS_TARGET_MB} MB at N = 5000, every scenario`, holds: at.length ? (big.length ? rssWorst < RSS_TARGET_MB : undefined) : undefined, detail: at.length ? `worst: ${rssWorst.toFixed(0)} MB${atNote}` : "not run" },
    {
      target: `cold start ≤ node's own + ${COLD_START_OVER_NODE_MS} ms (medians)`,
      holds: cold ? cold.overNodeMs <= COLD_START_OVER_NODE_MS : undefined,
      detail: cold ? `+${Math.round(cold.overNodeMs)} ms (${Math.round(cold.medianMs)} vs ${Math.round(cold.bareNodeMedianMs)} ms, ${cold.runs.length} runs each)` : "not measured",
    },
    {
      target: `steady state at N = 5000: sync CPU ≤ ${CPU_RATIO} × JSON.parse of its pages`,
      holds: cpuRatio !== undefined && big.length ? cpuRatio <= CPU_RATIO : undefined,
      detail: cpuRatio !== undefined ? `${cpuRatio.toFixed(1)} × (${Math.round(steady?.ours.syncCpuMs ?? 0)} ms vs ${Math.round(steady?.parseCpuMs ?? 0)} ms)${atNote}` : "not measured",
    },
  ];
}

export function renderVerdicts(verdicts: Verdict[]): string {
  const mark = (v: Verdict) => (v.holds === undefined ? "not measured" : v.holds ? "holds" : "MISSED");
  return ["| target | result | figure |", "|---|---|---|", ...verdicts.map((v) => `| ${v.target} | ${mark(v)} | ${v.detail} |`)].join("\n");
}
