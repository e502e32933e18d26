import { failureCause, personWords } from "../sync/steps/failure.js";
import { adviceFor, informationalSkip, REFUSED_FIELD_FIX, skipFix } from "./advice.js";
import { changedEntries, failedEntries, hasSaasStep as needsSaasWrite, refusedOnly, saasOutcomeNote, type Report, type ReportEntry, type ReportRemoved, type Status } from "./model.js";

/**
 * What every rendering of a report shows, in order, as plain data: the markdown job
 * summary and the terminal text only decide how it looks.
 */
export type Detail =
  /** A field a create sends. */
  | { kind: "set"; field: string; after: unknown }
  /** A field an update changes (also the SaaS external id). */
  | { kind: "change"; field: string; before: unknown; after: unknown; note: string }
  /** The person joins the SaaS record. */
  | { kind: "assign"; saasName: unknown; note: string };

export interface ChangeRow {
  person: string;
  action: "create" | "update" | "SaaS only";
  notAttempted: boolean;
  details: Detail[];
}

export interface ViewSections {
  changes: ChangeRow[];
  refused: Array<{ person: string; field: string; value: unknown; error: string; fix: string }>;
  /** Failures grouped by cause, the largest group first. */
  failures: FailureGroup[];
  /** Skips a person should act on, each with what to do. */
  skipped: Array<{ person: string; reason: string; fix: string }>;
  /** Skips that are no problem (entries that are not teammates). */
  notTeammates: Array<{ person: string; reason: string }>;
  notInOomnitza: Array<{ person: string; intercomId: string }>;
  removed: Array<{ who: string; intercomId: string; action: string; outcome: string; error?: string; evidence?: string }>;
  filtered: Array<{ person: string; rule: string }>;
}

export interface FailureGroup {
  /** The cause in words, the same for everyone in the group (see failureCause). */
  cause: string;
  /** What failed: create, update, SaaS, unassign. */
  what: string;
  advice: string;
  people: string[];
}

export interface CountColumn {
  label: string;
  value: number;
  tone: "good" | "change" | "bad" | "plain";
}

/** Failures with one cause are one group: 35 refusals of one field are one line, not 35. */
function groupFailures(report: Report): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const { entry, what, error } of failedEntries(report)) {
    const cause = failureCause(error, personWords(entry));
    const key = `${what}\u0000${cause}`;
    const group = groups.get(key) ?? { cause, what, advice: adviceFor(cause), people: [] };
    group.people.push(personName(entry));
    groups.set(key, group);
  }
  for (const r of report.removed.filter((item) => item.outcome === "failed")) {
    const cause = failureCause(r.error ?? "", [r.email, r.username, r.name, r.userId]);
    const key = `unassign\u0000${cause}`;
    const group = groups.get(key) ?? { cause, what: "unassign", advice: adviceFor(cause), people: [] };
    group.people.push(removedName(r));
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.people.length - a.people.length);
}

/** One line on how Oomnitza's people were read, for "What ran". */
export function readLine(report: Report): string | undefined {
  const read = report.oomnitzaRead;
  if (!read) return undefined;
  const capped = read.pages > 1 && read.pageRows < read.pageSize ? ` (${read.pageSize} asked)` : "";
  const pages = `${read.rows} rows in ${read.pages} ${read.pages === 1 ? "page" : `pages of ${read.pageRows}${capped}`}, ${read.sorted ? "asked in user_id order" : "in the instance's own order"}`;
  const cost = read.lookups ? ` (${read.lookups.requests} ${read.lookups.requests === 1 ? "request" : "requests"}${read.lookups.forms.length ? `, ${read.lookups.forms.join(", then ")}` : ""})` : "";
  const proof = read.complete ? "proven complete" : `not proven complete, so ${read.lookedUp} ${read.lookedUp === 1 ? "admin was" : "admins were"} looked up by key before planning${cost}`;
  return `${pages}; ${proof}`;
}

/** The SaaS record's own step, in words: "creates the SaaS record "X"" (or would, in a dry run). */
export function saasRecordLine(report: Report): string | undefined {
  const record = report.saasRecord;
  if (!record || record.action !== "create") return undefined;
  const name = JSON.stringify(record.name);
  switch (record.outcome) {
    case "planned":
      return `Create SaaS record ${name}: it does not exist yet${report.status === "dry-run" ? "; a real run creates it" : ""}.`;
    case "done":
      return `Created SaaS record ${name}${record.id ? ` (id ${record.id})` : ""}.`;
    case "failed":
      return `Could not create SaaS record ${name}: ${record.error ?? "unknown error"}.`;
    default:
      return `SaaS record ${name} was not created (${record.error ?? "the run stopped before it"}).`;
  }
}

/**
 * Fields Oomnitza accepted but did not keep (read back from a sample of updated people):
 * one warning per field, naming a few of the people. Such a field looks changed on every
 * run and is written again every day.
 */
export function unkeptNotices(report: Report): string[] {
  const byField = new Map<string, string[]>();
  for (const entry of report.entries) for (const field of entry.unkept ?? []) byField.set(field, [...(byField.get(field) ?? []), personName(entry)]);
  return [...byField].map(
    ([field, people]) =>
      `Oomnitza accepted ${field} but did not keep it (read back for ${people.slice(0, 3).join(", ")}${people.length > 3 ? ` and ${people.length - 3} more` : ""}): it will be written again on every run. Check the field's type and any Oomnitza rule or workflow that resets it, or drop it from the mapping.`,
  );
}

/** Parts of the SaaS steps the instance could not take (seat roles without a roles endpoint): one line per reason. */
export function skippedNotices(report: Report): string[] {
  const reasons = new Map<string, number>();
  for (const entry of report.entries) if (entry.saasSkipped) reasons.set(entry.saasSkipped, (reasons.get(entry.saasSkipped) ?? 0) + 1);
  return [...reasons].map(([why, n]) => `${why} (${n} ${n === 1 ? "person" : "people"}).`);
}

/** One line on how many writes were in flight at once, for "What ran": where the limit started, what it reached, its ceiling. */
export function concurrencyLine(report: Report): string | undefined {
  const c = report.writeConcurrency;
  if (!c) return undefined;
  return c.start === c.max ? `${c.reached} in flight at most (fixed at ${c.max})` : `${c.reached} in flight at most (started at ${c.start}, could grow to ${c.max})`;
}

/** Warnings about the read, shown under the status line: what the instance refused, why the read is unproven. */
export function readNotices(report: Report): string[] {
  const read = report.oomnitzaRead;
  if (!read) return [...unkeptNotices(report), ...skippedNotices(report)];
  const notes = read.fallbacks.map((note) => `Oomnitza read: ${note}.`);
  if (!read.complete) notes.push(`The read of Oomnitza's people is not proven complete (${read.problems.join("; ")}). No one was created without a lookup first, so no one is created twice.`);
  return [...notes, ...unkeptNotices(report), ...skippedNotices(report)];
}

const REMOVED_ACTIONS: Record<ReportRemoved["action"], string> = { report: "reported", mark: "marked removed", unassign: "unassigned from SaaS, marked removed" };

/** "removed 2026-11-30T10:00:00Z by ann@x (activity log)", or how the sync knows less. */
export function evidenceText(r: ReportRemoved): string | undefined {
  const e = r.evidence;
  if (!e) return undefined;
  if (r.marked) return "already marked";
  const by = e.by ? ` by ${e.by}` : "";
  const how = e.how === "log" ? "activity log" : e.how === "log-text" ? "inferred from the activity log's text" : "first noticed by this sync; no event in the log's window";
  return `${e.at}${by} (${how})`;
}

/** How a person is named: "Name <email>", else the email, the sync key or the Intercom id. */
export function personName(entry: Pick<ReportEntry, "admin" | "key">): string {
  const { email, name, id } = entry.admin;
  const main = email || entry.key || (id ? `admin ${id}` : "(unknown)");
  return name && name !== main ? `${name} <${main}>` : main;
}

export function removedName(r: ReportRemoved): string {
  const main = r.email ?? r.username ?? r.userId;
  return r.name ? `${r.name} <${main}>` : main;
}

export const sectionTitles = (status: Status) => ({
  changes: status === "dry-run" ? "Planned changes" : "Changes",
  refused: "Fields Oomnitza refused (the people were written without them)",
  failures: "Failures",
  skipped: "Skipped",
  notTeammates: "Not teammates (nothing to do)",
  notInOomnitza: "Not in Oomnitza (people to onboard)",
  removed: "Removed from Intercom",
  filtered: "Filtered out",
});

function details(entry: ReportEntry, saasName: string | undefined): Detail[] {
  const out: Detail[] =
    entry.action === "create"
      ? entry.changes.map((c) => ({ kind: "set", field: c.field, after: c.after }))
      : entry.action === "update"
        ? entry.changes.map((c) => ({ kind: "change", field: c.field, before: c.before, after: c.after, note: "" }))
        : [];
  const saas = entry.saas;
  if (saas?.assign) out.push({ kind: "assign", saasName: saasName ?? "SaaS", note: saasOutcomeNote(entry) });
  if (saas?.externalId) out.push({ kind: "change", field: "SaaS user_external_id", before: saas.externalId.before, after: saas.externalId.after, note: saas.assign ? "" : saasOutcomeNote(entry) });
  if (saas?.role) out.push({ kind: "change", field: "SaaS role", before: saas.role.before.join(", ") || null, after: saas.role.after, note: entry.saasSkipped ? " (not synced: the instance has no SaaS roles endpoint)" : saas.assign || saas.externalId ? "" : saasOutcomeNote(entry) });
  return out;
}

export function viewSections(report: Report): ViewSections {
  const { entries, run } = report;
  return {
    changes: changedEntries(report).filter((e) => !refusedOnly(e) || needsSaasWrite(e)).map((e) => ({
      person: personName(e),
      action: e.action === "create" ? "create" : e.action === "update" ? "update" : "SaaS only",
      notAttempted: e.outcome === "not-attempted",
      // Made when a row is shown: the summary shows at most 1,000 of thousands of changes.
      get details() {
        return details(e, run.saasName);
      },
    })),
    refused: entries.flatMap((e) => (e.refused ? [{ person: personName(e), field: e.refused.field, value: e.refused.value, error: e.refused.error, fix: REFUSED_FIELD_FIX }] : [])),
    failures: groupFailures(report),
    skipped: entries.filter((e) => e.action === "skip" && !informationalSkip(e.reason ?? "")).map((e) => ({ person: personName(e), reason: e.reason ?? "", fix: skipFix(e.reason ?? "") })),
    notTeammates: entries.filter((e) => e.action === "skip" && informationalSkip(e.reason ?? "")).map((e) => ({ person: personName(e), reason: e.reason ?? "" })),
    notInOomnitza: entries.filter((e) => e.action === "not-in-oomnitza").map((e) => ({ person: personName(e), intercomId: e.admin.id ?? "" })),
    removed: report.removed.map((r) => ({ who: removedName(r), intercomId: r.intercomId, action: REMOVED_ACTIONS[r.action], outcome: r.outcome, error: r.error, evidence: evidenceText(r) })),
    filtered: entries.filter((e) => e.action === "filtered").map((e) => ({ person: personName(e), rule: e.reason ?? "" })),
  };
}

/** The counts, in the order both renderings show them. */
export function countColumns(report: Report): CountColumn[] {
  const { counts, run } = report;
  return [
    { label: "Fetched", value: counts.fetched, tone: "plain" },
    { label: "Created", value: counts.created, tone: "good" },
    { label: "Updated", value: counts.updated, tone: "change" },
    { label: "Unchanged", value: counts.unchanged, tone: "plain" },
    { label: "Skipped", value: counts.skipped, tone: "plain" },
    { label: "Failed", value: counts.failed, tone: "bad" },
    { label: "Not in Oomnitza", value: counts.notInOomnitza, tone: "plain" },
    { label: "Filtered", value: counts.filtered, tone: "plain" },
    { label: "Removed", value: counts.removed, tone: "plain" },
    ...(run.saasName
      ? [
          { label: "SaaS assigned", value: counts.saasAssigned, tone: "good" as const },
          { label: "SaaS external ids", value: counts.saasExternalIds, tone: "change" as const },
          { label: "SaaS roles", value: counts.saasRoles ?? 0, tone: "change" as const },
        ]
      : []),
  ];
}
