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
  failures: Array<{ person: string; what: string; error: string }>;
  skipped: Array<{ person: string; reason: string }>;
  notInOomnitza: Array<{ person: string; intercomId: string }>;
  removed: Array<{ who: string; intercomId: string; action: string; outcome: string; error?: string }>;
  filtered: Array<{ person: string; rule: string }>;
}

export interface CountColumn {
  label: string;
  value: number;
  tone: "good" | "change" | "bad" | "plain";
}

/** What to do about a field Oomnitza refused in a write. */
export const REFUSED_FIELD_FIX =
  "If the field is a dropdown, add the value to its list (or make it a dropdown without values); if the integration user's role may not edit the field, allow it; or write it only on create (on: create) or drop it from the mapping.";

/** One line on how Oomnitza's people were read, for "What ran". */
export function readLine(report: Report): string | undefined {
  const read = report.oomnitzaRead;
  if (!read) return undefined;
  const capped = read.pages > 1 && read.pageRows < read.pageSize ? ` (${read.pageSize} asked)` : "";
  const pages = `${read.rows} rows in ${read.pages} ${read.pages === 1 ? "page" : `pages of ${read.pageRows}${capped}`}, ${read.sorted ? "asked in user_id order" : "in the instance's own order"}`;
  const proof = read.complete ? "proven complete" : `not proven complete, so ${read.lookedUp} ${read.lookedUp === 1 ? "admin was" : "admins were"} looked up by key before planning`;
  return `${pages}; ${proof}`;
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
  if (!read) return [];
  const notes = read.fallbacks.map((note) => `Oomnitza read: ${note}.`);
  if (!read.complete) notes.push(`The read of Oomnitza's people is not proven complete (${read.problems.join("; ")}). No one was created without a lookup first, so no one is created twice.`);
  return notes;
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
    failures: failedEntries(report).map(({ entry, what, error }) => ({ person: personName(entry), what, error })),
    skipped: entries.filter((e) => e.action === "skip").map((e) => ({ person: personName(e), reason: e.reason ?? "" })),
    notInOomnitza: entries.filter((e) => e.action === "not-in-oomnitza").map((e) => ({ person: personName(e), intercomId: e.admin.id ?? "" })),
    removed: report.removed.map((r) => ({ who: removedName(r), intercomId: r.intercomId, action: r.action === "unassign" ? "unassign from SaaS" : "reported", outcome: r.outcome, error: r.error })),
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
        ]
      : []),
  ];
}
