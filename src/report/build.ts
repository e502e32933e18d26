import type { CallStats } from "../http/index.js";
import { isSecretField } from "../sync/mapping.js";
import type { Plan } from "../sync/plan.js";
import { stepType } from "../sync/steps/index.js";
import type { Outcome as StepOutcome, RefusedField, StepBase } from "../sync/steps/types.js";
import type { SeatSummary } from "../sync/seats.js";
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
  /** Inbox seats and idle seats, once both sides were read. */
  seats?: SeatSummary;
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
  saasRecord?: Report["saasRecord"];
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
    ...(lines.saasRecord ? { saasRecord: lines.saasRecord } : {}),
    ...(run.writeConcurrency ? { writeConcurrency: run.writeConcurrency } : {}),
    ...(run.seats ? { seats: seatsLine(run.seats) } : {}),
    entries,
    removed,
    apiCalls,
  };
}

/** A report entry per admin and per removed record. */
export function reportLines(plan: Plan | undefined, outcomes: readonly StepOutcome[] | undefined, seats?: SeatSummary): ReportLines {
  if (!plan) return { entries: [], removed: [] };
  const seatOf = new Map(seats?.seats.map((seat) => [seat.adminId, seat]));
  const forEntry = new Map<number, StepBase[]>();
  const forRemoved = new Map<number, StepBase[]>();
  for (const step of plan.steps) {
    if (step.entry !== undefined) forEntry.set(step.entry, [...(forEntry.get(step.entry) ?? []), step]);
    else if (step.removed !== undefined) forRemoved.set(step.removed, [...(forRemoved.get(step.removed) ?? []), step]);
  }
  const result = (step: StepBase) => seen(outcomes?.[step.id]);
  const entries = plan.entries.map((entry, index): ReportEntry => {
    const steps = forEntry.get(index) ?? [];
    const own = steps.filter((step) => stepType(step).reportedAs === "person").map(result);
    const saas = steps.filter((step) => stepType(step).reportedAs === "saas-user").map(result);
    const line: ReportEntry = { ...entry, ...merge(own, "outcome", "error") };
    const seat = entry.admin.id === undefined ? undefined : seatOf.get(entry.admin.id);
    if (seat) line.seat = { idle: seat.idle, evidence: seat.evidence, ...(seat.lastLogin ? { lastLogin: seat.lastLogin } : {}), ...(seat.daysIdle !== undefined ? { daysIdle: seat.daysIdle } : {}), ...(seat.team ? { team: seat.team } : {}) };
    // Values of fields whose names suggest a secret are never shown, wherever the report goes.
    if (entry.changes.some((c) => isSecretField(c.field))) line.changes = entry.changes.map((c) => (isSecretField(c.field) ? { ...c, before: masked(c.before), after: masked(c.after) } : c));
    if (saas.length) Object.assign(line, merge(saas, "saasOutcome", "saasError"));
    const saasSkipped = saas.find((o) => o.skipped)?.skipped;
    if (saasSkipped) line.saasSkipped = saasSkipped;
    const made = own.find((o) => o.userId !== undefined);
    if (made && line.userId === undefined) line.userId = made.userId;
    const note = own.find((o) => o.note)?.note;
    if (note) line.note = note;
    const refused = own.find((o) => o.refused)?.refused;
    if (refused) line.refused = isSecretField(refused.field) ? { ...refused, value: masked(refused.value) } : refused;
    const unkept = own.find((o) => o.unkept)?.unkept;
    if (unkept) line.unkept = unkept;
    return line;
  });
  const saasRecord = saasRecordLine(plan, outcomes);
  if (plan.removedAdmins === "ignore") return { entries, removed: [], ...(saasRecord ? { saasRecord } : {}) };
  const action: ReportRemoved["action"] = plan.removedAdmins === "unassign" ? "unassign" : plan.removedAdmins === "mark" ? "mark" : "report";
  const removed = plan.removed.map((item, index): ReportRemoved => {
    const steps = forRemoved.get(index) ?? [];
    if (steps.length === 0) return { ...item, action, outcome: "none" };
    const { outcome, error } = merge(steps.map(result), "outcome", "error");
    return { ...item, action, outcome, ...(error ? { error } : {}) };
  });
  return { entries, removed, ...(saasRecord ? { saasRecord } : {}) };
}

/** The SaaS record: used as it is, created by this run (its own step), or neither (nobody to assign). */
function saasRecordLine(plan: Plan, outcomes: readonly StepOutcome[] | undefined): Report["saasRecord"] {
  if (!plan.saas) return undefined;
  const step = plan.steps.find((s) => s.kind === "create-saas-record");
  if (!step) return { name: plan.saas.name, id: plan.saas.id, action: plan.saas.id ? "use" : "none", outcome: "none" };
  const outcome = outcomes?.[step.id];
  const made = outcome?.status === "done" ? outcome.saasId : undefined;
  const { outcome: state, error } = seen(outcome);
  return { name: plan.saas.name, ...(made ? { id: made } : {}), action: "create", outcome: state, ...(error ? { error } : {}) };
}

interface Seen {
  outcome: Outcome;
  error?: string;
  note?: string;
  userId?: string;
  refused?: RefusedField;
  unkept?: string[];
  skipped?: string;
}

function seen(outcome: StepOutcome | undefined): Seen {
  if (!outcome) return { outcome: "planned" };
  if (outcome.status === "done") return { outcome: "done", note: outcome.note, userId: outcome.userId, refused: outcome.refused, unkept: outcome.unkept, skipped: outcome.skipped };
  return { outcome: outcome.status, error: outcome.error };
}

/** A secret field's value as shown: "***" when it has one, empty when it has none. */
const masked = <T>(value: T): T | "***" => (value === null || value === undefined || value === "" ? value : "***");

/** Several steps make one outcome: a failure first, then a step not attempted, else how the first went. */
function merge<O extends string, E extends string>(results: Seen[], outcomeKey: O, errorKey: E): Record<O, Outcome> & Partial<Record<E, string>> {
  const worst = results.find((r) => r.outcome === "failed") ?? results.find((r) => r.outcome === "not-attempted") ?? results[0];
  const out = { [outcomeKey]: worst?.outcome ?? "none" } as Record<O, Outcome> & Partial<Record<E, string>>;
  if (worst?.error) (out as Record<string, string>)[errorKey] = worst.error;
  return out;
}

/** The report's seat figures; each admin's own seat is on its entry (`seat`), so no name is held twice. */
function seatsLine(seats: SeatSummary): NonNullable<Report["seats"]> {
  const idleSeats = seats.seats.filter((seat) => seat.idle).length;
  return { teammates: seats.teammates, inboxSeats: seats.inboxSeats, idleSeats, idleDays: seats.idleDays, activityDays: seats.windowDays };
}
