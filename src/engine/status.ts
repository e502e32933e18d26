import type { Counts, Status } from "../report/model.js";
import type { SettingName } from "../sync/decisions.js";
import { SAME_CAUSE_STOP } from "./executor.js";

export interface AppliedRun {
  /** The rest were not sent: Oomnitza refused the token or permission, or the first writes all failed the same way. */
  fatal?: { kind: "refused" | "repeated"; message: string };
  /** Writes attempted that succeeded (when none did while some failed, the run failed). */
  succeeded: number;
  counts: Counts;
  /** A removed record's unassign was not attempted. */
  removalsNotAttempted: boolean;
  cancelled: boolean;
  timeoutMinutes: number;
  name: SettingName;
}

/** How an applied run ended: failed when writes were refused or not sent, partial when some records failed. */
export function appliedStatus(run: AppliedRun): { status: Status; reason?: string } {
  const { counts } = run;
  if (run.fatal?.kind === "refused") return { status: "failed", reason: `Oomnitza refused a write, so the rest were not sent: ${run.fatal.message}` };
  if (run.fatal) return { status: "failed", reason: `the first ${SAME_CAUSE_STOP} writes all failed the same way, so the rest were not sent: ${run.fatal.message}` };
  const people = `${counts.notAttempted} people's writes not attempted`;
  // A cancelled run that left anything undone failed, even when every write was at least started.
  if (run.cancelled && (counts.notAttempted > 0 || counts.failed > 0 || run.removalsNotAttempted)) {
    return { status: "failed", reason: `the run was cancelled with ${people}${counts.failed ? ` and ${counts.failed} failed (cut off or not retried)` : ""}` };
  }
  if (counts.notAttempted > 0 || run.removalsNotAttempted) {
    return {
      status: "failed",
      reason: run.cancelled ? `the run was cancelled with ${people}` : `the run's deadline (${run.name("timeout-minutes")}: ${run.timeoutMinutes}) passed with ${people}`,
    };
  }
  if (counts.failed > 0 && run.succeeded === 0) return { status: "failed", reason: `every write failed (${counts.failed} ${counts.failed === 1 ? "record" : "records"}); the failures below say why` };
  if (counts.failed > 0) return { status: "partial", reason: `${counts.failed} ${counts.failed === 1 ? "record" : "records"} failed to write` };
  return { status: "success" };
}
