import type { CallStats } from "../http/index.js";
import { needsSaasWrite, personLabel, type PlanEntry, type RemovedEntry } from "../sync/decisions.js";
import type { RefusedField } from "../sync/steps/types.js";
import type { SeatEvidence } from "../sync/seats.js";

export interface ReadSummary {
  sorted: boolean;
  pageSize: number;
  /** Rows the instance's pages held (below pageSize when it caps them). */
  pageRows: number;
  pages: number;
  rows: number;
  total?: number;
  /** Proven complete: same total throughout, no one twice, as many people as the total. */
  complete: boolean;
  problems: string[];
  /** Read parameters the instance refused, and what was used instead. */
  fallbacks: string[];
  /** People looked up by their key because the read was not proven complete. */
  lookedUp: number;
  /** What those look-ups cost: requests, and the filter forms the instance took (widest first). */
  lookups?: { requests: number; forms: string[] };
}

/** Oomnitza writes in flight at once: where the limit started, the most it could grow to, the most there were. */
export interface WriteConcurrency {
  start: number;
  max: number;
  reached: number;
}

export type Status = "success" | "partial" | "failed" | "aborted" | "dry-run";

/**
 * What became of a planned write: `planned` (dry run, or not a write), `done`,
 * `failed` (with the error), `not-attempted` (the deadline or a guard stopped it).
 */
export type Outcome = "planned" | "done" | "failed" | "not-attempted" | "none";

export interface ReportEntry extends PlanEntry {
  outcome: Outcome;
  error?: string;
  /** Extra detail on how a write went, e.g. a create confirmed after a lost response. */
  note?: string;
  /** A field Oomnitza refused; the person was written without it. */
  refused?: RefusedField;
  /** Fields Oomnitza accepted but did not keep (read back after the writes: a sample of updated people). */
  unkept?: string[];
  /** SaaS mode: what became of the person's SaaS step (assign / external id). */
  saasOutcome?: Outcome;
  saasError?: string;
  /** SaaS mode: a part of the SaaS step the instance cannot take (seat roles without a roles endpoint), and why. */
  saasSkipped?: string;
  /** The admin holds an inbox seat: whether it is idle, and how the sync knows its last login. */
  seat?: { idle: boolean; evidence: SeatEvidence; lastLogin?: string; daysIdle?: number; team?: string };
}

export interface ReportRemoved extends RemovedEntry {
  /** report: listed; mark: removal fields written; unassign: unassigned from the SaaS and marked. */
  action: "report" | "mark" | "unassign";
  outcome: Outcome;
  error?: string;
}

export interface Counts {
  /** Entries Intercom returned (valid admins plus invalid entries). */
  fetched: number;
  filtered: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  notInOomnitza: number;
  failed: number;
  notAttempted: number;
  removed: number;
  /** SaaS mode: people assigned to the SaaS record. */
  saasAssigned: number;
  /** SaaS mode: SaaS users whose external id was set or corrected. */
  saasExternalIds: number;
  /** SaaS mode: SaaS users given the role the mapping gives them. */
  saasRoles: number;
}

export interface RunInfo {
  intercomHost: string;
  intercomRegion: string;
  intercomVersion: string;
  oomnitzaHost: string;
  records: string;
  preference: string;
  syncKey: string;
  mapping: string;
  saasName?: string;
  dryRun: boolean;
}

export interface Report {
  /** Bumped when the report's shape changes incompatibly. */
  schemaVersion: 1;
  status: Status;
  /** One line saying why the run failed or aborted. */
  reason?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  run: RunInfo;
  counts: Counts;
  guard?: { fired: boolean; message: string };
  /** Oomnitza records this integration manages. */
  managed?: number;
  /** How Oomnitza's people were read (parameters taken, fallbacks, whether proven complete). */
  oomnitzaRead?: ReadSummary;
  /** SaaS mode: the SaaS record, and whether this run creates it (a step of its own). */
  saasRecord?: { name: string; id?: string; action: "use" | "create" | "none"; outcome: Outcome; error?: string };
  /** Present when writes were sent: how many were in flight at once. */
  writeConcurrency?: WriteConcurrency;
  /** Teammates, inbox seats and idle seats (an inbox seat whose last login is older than idleDays, or unknown), once both sides were read. */
  seats?: { teammates: number; inboxSeats: number; idleSeats: number; idleDays: number; activityDays: number };
  entries: ReportEntry[];
  removed: ReportRemoved[];
  apiCalls: CallStats;
}

export function emptyCounts(): Counts {
  return { fetched: 0, filtered: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, notInOomnitza: 0, failed: 0, notAttempted: 0, removed: 0, saasAssigned: 0, saasExternalIds: 0, saasRoles: 0 };
}

/** Counts follow the entries: in a dry run the planned numbers, otherwise what was done. */
export function countEntries(entries: ReportEntry[], removed: ReportRemoved[], fetched: number, dryRun: boolean): Counts {
  const counts = emptyCounts();
  counts.fetched = fetched;
  const happened = (entry: { outcome: Outcome }) => (dryRun ? entry.outcome === "planned" : entry.outcome === "done");
  for (const entry of entries) {
    // A person counts once, whether the person's write or the SaaS step failed.
    if (entry.outcome === "failed" || entry.saasOutcome === "failed") counts.failed++;
    else if (entry.outcome === "not-attempted" || entry.saasOutcome === "not-attempted") counts.notAttempted++;
    if (entry.saas && entry.saasOutcome && happened({ outcome: entry.saasOutcome })) {
      if (entry.saas.assign) counts.saasAssigned++;
      if (entry.saas.externalId) counts.saasExternalIds++;
      if (entry.saas.role && !entry.saasSkipped) counts.saasRoles++;
    }
    switch (entry.action) {
      case "create":
        if (happened(entry)) counts.created++;
        break;
      case "update":
        // An update whose only change Oomnitza refused left the person as it was.
        if (happened(entry) && !refusedOnly(entry)) counts.updated++;
        else if (refusedOnly(entry)) counts.unchanged++;
        break;
      case "unchanged":
        counts.unchanged++;
        break;
      case "skip":
        counts.skipped++;
        break;
      case "not-in-oomnitza":
        counts.notInOomnitza++;
        break;
      case "filtered":
        counts.filtered++;
        break;
    }
  }
  counts.removed = removed.filter((r) => r.outcome !== "failed").length;
  counts.failed += removed.filter((r) => r.outcome === "failed").length;
  return counts;
}

/** An update that wrote nothing: its one real change was refused, the rest only rides along. */
export const refusedOnly = (entry: Pick<ReportEntry, "refused" | "changes" | "action">): boolean =>
  entry.action === "update" && entry.refused !== undefined && entry.changes.every((c) => c.field === entry.refused?.field || c.rideAlong);

/** Whether the person's SaaS user needs something (assign or external id). */
export const hasSaasStep = needsSaasWrite;

/** People with something written (or, in a dry run, planned): their own create/update, or a SaaS step. */
export function changedEntries(report: Report): ReportEntry[] {
  return report.entries.filter((e) => e.outcome !== "failed" && (e.action === "create" || e.action === "update" || hasSaasStep(e)));
}

/** People whose own write or SaaS step failed, with what failed and why. */
export function failedEntries(report: Report): Array<{ entry: ReportEntry; what: string; error: string }> {
  return report.entries
    .filter((e) => e.outcome === "failed" || e.saasOutcome === "failed")
    .map((entry) => (entry.outcome === "failed" ? { entry, what: entry.action, error: entry.error ?? "" } : { entry, what: "SaaS", error: entry.saasError ?? "" }));
}

/** How a SaaS step went, as a suffix for its line. */
export function saasOutcomeNote(entry: ReportEntry): string {
  return entry.saasOutcome === "failed" ? " (failed)" : entry.saasOutcome === "not-attempted" ? " (not attempted)" : "";
}

export { personLabel };
