import type { Threshold } from "../sync/guard.js";
import type { Report } from "./model.js";

/** When record failures fail the run: any, none, a count or a share of attempted writes. */
export type FailOn = { kind: "any" } | { kind: "none" } | Threshold;

export interface ExitDecision {
  fail: boolean;
  /** One line for core.setFailed / stderr. */
  message: string;
}

/**
 * `failed` and `aborted` always fail the step; `partial` fails when
 * `fail-on` says so (any, none, at least N records, or at least N% of attempted writes).
 */
export function decideExit(report: Report, failOn: FailOn): ExitDecision {
  const { status, counts } = report;
  const line = `created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, skipped ${counts.skipped}, failed ${counts.failed}`;
  if (status === "failed") return { fail: true, message: `Sync failed: ${report.reason ?? "unknown reason"}` };
  if (status === "aborted") return { fail: true, message: `Sync aborted by a guard: ${report.reason ?? ""}` };
  if (status === "dry-run") return { fail: false, message: `Dry run: would have ${line}` };
  if (status === "success") return { fail: false, message: `Sync succeeded: ${line}` };
  const attempted = report.entries.filter((e) => e.outcome === "done" || e.outcome === "failed").length;
  let fail: boolean;
  switch (failOn.kind) {
    case "any":
      fail = counts.failed > 0;
      break;
    case "none":
      fail = false;
      break;
    case "count":
      fail = counts.failed >= failOn.value;
      break;
    case "percent":
      fail = attempted > 0 && (counts.failed / attempted) * 100 >= failOn.value;
      break;
  }
  return { fail, message: `Sync completed with errors (${report.reason ?? line}): ${line}` };
}
