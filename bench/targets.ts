import type { Row } from "./table.js";

export interface Verdict {
  target: string;
  holds: boolean | undefined;
  detail: string;
}

/** The targets, judged from one benchmark run; `undefined` = not measured in this run. */
export function judgeTargets(rows: Row[], coldStartMs: number | undefined): Verdict[] {
  const worst = rows.reduce((max, r) => Math.max(max, r.requests - r.floor), -Infinity);
  const steady1000 = rows.find((r) => r.n === 1000 && r.scenarioId === "steady");
  const big = rows.filter((r) => r.n === 5000);
  const wallWorst = big.reduce((max, r) => Math.max(max, r.ours.engineMs / r.floorMs), 0);
  const rssWorst = big.reduce((max, r) => Math.max(max, r.ours.peakRssMb), 0);
  return [
    { target: "requests ≤ floor + 2 in every scenario", holds: rows.length ? worst <= 2 : undefined, detail: `worst: floor + ${worst}` },
    {
      target: "steady state at N = 1000 ≥ 10 × faster than naive",
      holds: steady1000 ? steady1000.naive.wallMs / steady1000.ours.engineMs >= 10 : undefined,
      detail: steady1000 ? `${(steady1000.naive.wallMs / steady1000.ours.engineMs).toFixed(0)} ×${steady1000.naive.estimated ? " (naive estimated)" : ""}` : "N = 1000 not run",
    },
    { target: "wall ≤ 1.5 × floor time at N = 5000", holds: big.length ? wallWorst <= 1.5 : undefined, detail: big.length ? `worst: ${wallWorst.toFixed(2)} ×` : "N = 5000 not run" },
    { target: "peak RSS < 150 MB at N = 5000", holds: big.length ? rssWorst < 150 : undefined, detail: big.length ? `worst: ${rssWorst.toFixed(0)} MB` : "N = 5000 not run" },
    { target: "cold start to first request < 300 ms", holds: coldStartMs === undefined ? undefined : coldStartMs < 300, detail: coldStartMs === undefined ? "not measured" : `median ${Math.round(coldStartMs)} ms` },
  ];
}

export function renderVerdicts(verdicts: Verdict[]): string {
  const mark = (v: Verdict) => (v.holds === undefined ? "not measured" : v.holds ? "holds" : "MISSED");
  return ["| target | result | figure |", "|---|---|---|", ...verdicts.map((v) => `| ${v.target} | ${mark(v)} | ${v.detail} |`)].join("\n");
}
