import type { CallStats } from "../http/index.js";
import type { Counts, RunInfo } from "./model.js";
import { cell, table } from "./markdown.js";
import { palette } from "./terminal.js";
import { cleanText, duration } from "./text.js";

export type CheckStatus = "passed" | "failed" | "warning";

export interface CheckItem {
  /** A stable name for machines: intercom, oomnitza, read, fields, saas, plan. */
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do, for a failure or a warning. */
  fix?: string;
}

/** What `check` found: whether the instance is ready for a sync, item by item. */
export interface CheckReport {
  schemaVersion: 1;
  kind: "check";
  status: "ready" | "not-ready";
  startedAt: string;
  durationMs: number;
  run: RunInfo;
  items: CheckItem[];
  /** What a sync would do now (a dry run's counts), when both sides could be read. */
  wouldDo?: Counts;
  apiCalls: CallStats;
}

const MARK: Record<CheckStatus, string> = { passed: "✅", failed: "❌", warning: "⚠️" };

/** The checklist as a job summary. */
export function renderCheckSummary(report: CheckReport): string {
  const ready = report.status === "ready";
  const out = [`## ${ready ? "✅ Ready for the Intercom → Oomnitza sync" : "❌ Not ready for the Intercom → Oomnitza sync: fix the items marked ❌"}\n`];
  out.push(
    table(
      ["", "Check", "Result", "What to do"],
      report.items.map((item) => [MARK[item.status], cell(item.title), cell(item.detail, 1500), cell(item.fix ?? "", 600)]),
      { maxRows: 50, maxBytes: 100_000 },
      "see the check's JSON output",
    ),
  );
  out.push(`_Nothing was written. ${report.apiCalls.total} API calls in ${duration(report.durationMs)}; Intercom ${cell(report.run.intercomHost)}, Oomnitza ${cell(report.run.oomnitzaHost)}._\n`);
  return out.join("\n");
}

/** The checklist for a terminal. */
export function renderCheckTerminal(report: CheckReport, options: { color: boolean }): string {
  const p = palette(options.color);
  const mark: Record<CheckStatus, string> = { passed: p.green("✔"), failed: p.red("✖"), warning: p.yellow("!") };
  const line = (item: CheckItem) => [`  ${mark[item.status]} ${p.bold(cleanText(item.title))}: ${cleanText(item.detail, 1500)}`, ...(item.fix ? [`      ${p.dim("→")} ${cleanText(item.fix, 600)}`] : [])];
  const headline = report.status === "ready" ? p.green("✔ Ready: a sync would work") : p.red("✖ Not ready: fix the items marked ✖");
  return [p.bold(headline), ...report.items.flatMap(line), p.dim(`  Nothing was written (${report.apiCalls.total} API calls, ${duration(report.durationMs)}).`)].join("\n") + "\n";
}
