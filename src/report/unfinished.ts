import type { Settings } from "../settings.js";
import { runInfo } from "../sync/engine.js";
import { emptyCounts, type Report } from "./model.js";

/** The report of a run the adapter had to give up on (see deadline.ts): failed, with nothing known in detail. */
export function unfinishedReport(settings: Settings, startedAt: Date, finishedAt: Date, graceMs: number): Report {
  return {
    schemaVersion: 1,
    status: "failed",
    reason:
      `the sync did not finish within its deadline (timeout-minutes: ${settings.timeoutMinutes}) and ${Math.round(graceMs / 60_000)} more minutes, so it was stopped; ` +
      `an API was answering too slowly. Writes already sent may have been applied: the next run picks up from Oomnitza's state.`,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    run: runInfo(settings),
    counts: emptyCounts(),
    entries: [],
    removed: [],
    apiCalls: { total: 0, byApi: {}, byRoute: {} },
  };
}
