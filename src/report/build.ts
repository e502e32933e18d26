import type { CallStats } from "../http/index.js";
import type { Plan } from "../sync/plan.js";
import { stepType } from "../sync/steps/index.js";
import type { Outcome as StepOutcome, RefusedField, StepBase } from "../sync/steps/types.js";
import { countEntries, type Outcome, type Report, type ReportEntry, type ReadSummary, type ReportRemoved, type RunInfo, type Status, type WriteConcurrency } from "./model.js";

export interface RunResult {
  status: Status;
  reason?: string;
  guard?: Report["guard"];
  /** Entries Intercom returned. */
  fetched: number;
  oomnitzaRead?: ReadSummary;
  /** When the plan's writes were sent: how many were in flight at once. */
  writeConcurrency?: WriteConcurrency;
  plan?: Plan;
  /**
   * What became of each step, by id. Absent when nothing was applied: a dry run (all
   * "planned") or a run that stopped before the plan.
   */
  outcomes?: readonly StepOutcome[];
}

export interface ReportLines {
  entries: ReportEntry[];
  removed: ReportRemoved[];
}

/** The report of a run: the plan's decisions with the outcome of every step they led to (`lines`). */
export function buildReport(info: RunInfo, run: RunResult, lines: ReportLines, times: { started: Date; finished: Date }, apiCalls: CallStats): Report {
  const { entries, removed } = lines;
  return {
    schemaVersion: 1,
    status: run.status,
    reason: run.reason,
    startedAt: times.started.toISOString(),
    finishedAt: times.finished.toISOString(),
    durationMs: times.finished.getTime() - times.started.getTime(),
    run: info,
    counts: countEntries(entries, removed, run.fetched, info.dryRun),
    guard: run.guard,
    managed: run.plan?.managed,
    ...(run.oomnitzaRead ? { oomnitzaRead: run.oomnitzaRead } : {}),
    ...(run.writeConcurrency ? { writeConcurrency: run.writeConcurrency } : {}),
    entries,
    removed,
    apiCalls,
  };
}

/** A report entry per admin and per removed record. */
export function reportLines(plan: Plan | undefined, outcomes: readonly StepOutcome[] | undefined): ReportLines {
  if (!plan) return { entries: [], removed: [] };
  const forEntry = new Map<number, StepBase[]>();
  const forRemoved = new Map<number, StepBase>();
  for (const step of plan.steps) {
    if (step.entry !== undefined) forEntry.set(step.entry, [...(forEntry.get(step.entry) ?? []), step]);
    else if (step.removed !== undefined) forRemoved.set(step.removed, step);
  }
  const result = (step: StepBase) => seen(outcomes?.[step.id]);
  const entries = plan.entries.map((entry, index): ReportEntry => {
    const steps = forEntry.get(index) ?? [];
    const own = steps.filter((step) => stepType(step).reportedAs === "person").map(result);
    const saas = steps.filter((step) => stepType(step).reportedAs === "saas-user").map(result);
    const line: ReportEntry = { ...entry, ...merge(own, "outcome", "error") };
    if (saas.length) Object.assign(line, merge(saas, "saasOutcome", "saasError"));
    const made = own.find((o) => o.userId !== undefined);
    if (made && line.userId === undefined) line.userId = made.userId;
    const note = own.find((o) => o.note)?.note;
    if (note) line.note = note;
    const refused = own.find((o) => o.refused)?.refused;
    if (refused) line.refused = refused;
    return line;
  });
  if (plan.removedAdmins === "ignore") return { entries, removed: [] };
  const removed = plan.removed.map((item, index): ReportRemoved => {
    const step = forRemoved.get(index);
    if (!step) return { ...item, action: "report", outcome: "none" };
    const { outcome, error } = result(step);
    return { ...item, action: "unassign", outcome, ...(error ? { error } : {}) };
  });
  return { entries, removed };
}

interface Seen {
  outcome: Outcome;
  error?: string;
  note?: string;
  userId?: string;
  refused?: RefusedField;
}

function seen(outcome: StepOutcome | undefined): Seen {
  if (!outcome) return { outcome: "planned" };
  if (outcome.status === "done") return { outcome: "done", note: outcome.note, userId: outcome.userId, refused: outcome.refused };
  return { outcome: outcome.status, error: outcome.error };
}

/** Several steps make one outcome: a failure first, then a step not attempted, else how the first went. */
function merge<O extends string, E extends string>(results: Seen[], outcomeKey: O, errorKey: E): Record<O, Outcome> & Partial<Record<E, string>> {
  const worst = results.find((r) => r.outcome === "failed") ?? results.find((r) => r.outcome === "not-attempted") ?? results[0];
  const out = { [outcomeKey]: worst?.outcome ?? "none" } as Record<O, Outcome> & Partial<Record<E, string>>;
  if (worst?.error) (out as Record<string, string>)[errorKey] = worst.error;
  return out;
}
