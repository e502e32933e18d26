import { asInputName, type SettingName } from "../sync/decisions.js";
import { emptyCounts, type Report, type RunInfo } from "./model.js";

/** The report of a run the adapter had to give up on (see action/hard-stop.ts): failed, with nothing known in detail. */
export function unfinishedReport(run: RunInfo, timeoutMinutes: number, startedAt: Date, finishedAt: Date, graceMs: number, name: SettingName = asInputName): Report {
  return {
    schemaVersion: 1,
    status: "failed",
    reason:
      `the sync did not finish within its deadline (${name("timeout-minutes")}: ${timeoutMinutes}) and ${Math.round(graceMs / 60_000)} more minutes, so it was stopped; ` +
      `an API was answering too slowly. Writes already sent may have been applied: the next run picks up from Oomnitza's state.`,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    run,
    counts: emptyCounts(),
    entries: [],
    removed: [],
    apiCalls: { total: 0, byApi: {}, byRoute: {} },
  };
}
