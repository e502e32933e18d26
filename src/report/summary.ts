import { changedEntries, failedEntries, saasOutcomeNote, type Report, type ReportEntry, type Status } from "./model.js";
import { cell, shown, table } from "./markdown.js";

const HEADLINE: Record<Status, string> = {
  success: "✅ Intercom → Oomnitza sync succeeded",
  partial: "⚠️ Intercom → Oomnitza sync completed with errors",
  failed: "❌ Intercom → Oomnitza sync failed",
  aborted: "🛑 Intercom → Oomnitza sync aborted by a guard",
  "dry-run": "🔍 Intercom → Oomnitza sync: dry run (nothing written)",
};

const TOTAL_BUDGET = 900 * 1024;

export interface SummaryOptions {
  /** Where the full report lives, for the pointer under truncated tables. */
  reportHint?: string;
  /** Plain-text warnings shown under the status line, e.g. the missed-run note. */
  notices?: string[];
  /** Extra plain-text rows for the "What ran" table, e.g. the run link or the previous success. */
  runRows?: Array<[string, string]>;
}

const bytes = (text: string) => Buffer.byteLength(text);

function person(entry: Pick<ReportEntry, "admin" | "key">): string {
  const { email, name, id } = entry.admin;
  const main = email || entry.key || (id ? `admin ${id}` : "(unknown)");
  return cell(name && name !== main ? `${name} <${main}>` : main, 120);
}

function formatChanges(entry: ReportEntry, saasName?: string): string {
  const lines =
    entry.action === "create"
      ? entry.changes.map((c) => `${cell(c.field)}: ${cell(shown(c.after))}`)
      : entry.action === "update"
        ? entry.changes.map((c) => `${cell(c.field)}: ${cell(shown(c.before))} → ${cell(shown(c.after))}`)
        : [];
  const saas = entry.saas;
  if (saas?.assign) lines.push(`SaaS ${cell(shown(saasName ?? "SaaS"))}: assign${saasOutcomeNote(entry)}`);
  if (saas?.externalId) lines.push(`SaaS user_external_id: ${cell(shown(saas.externalId.before))} → ${cell(shown(saas.externalId.after))}${saas.assign ? "" : saasOutcomeNote(entry)}`);
  return lines.join("<br>");
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** The job summary: readable in ten seconds, with the detail below. */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const { counts, run } = report;
  const hint = options.reportHint ?? "the report file lists them all";
  const out: string[] = [];
  out.push(`## ${HEADLINE[report.status]}\n`);
  if (report.reason) out.push(`**${report.status === "partial" ? "Errors" : "Reason"}:** ${cell(report.reason, 2000)}\n`);
  if (report.guard) out.push(`> **Guard:** ${cell(report.guard.message, 2000)}\n`);
  for (const notice of options.notices ?? []) out.push(`> ⏰ ${cell(notice, 2000)}\n`);

  out.push(
    table(
      ["Fetched", "Created", "Updated", "Unchanged", "Skipped", "Failed", "Not in Oomnitza", "Filtered", "Removed", ...(run.saasName ? ["SaaS assigned", "SaaS external ids"] : [])],
      [[counts.fetched, counts.created, counts.updated, counts.unchanged, counts.skipped, counts.failed, counts.notInOomnitza, counts.filtered, counts.removed, ...(run.saasName ? [counts.saasAssigned, counts.saasExternalIds] : [])].map(String)],
      { maxRows: 1, maxBytes: 10_000 },
      hint,
    ),
  );
  if (report.status === "dry-run") out.push("_Dry run: the counts are what a real run would do._\n");

  const calls = report.apiCalls;
  out.push("<details><summary>What ran</summary>\n");
  out.push(
    table(
      ["Setting", "Value"],
      [
        ["Intercom", cell(`${run.intercomHost} (region ${run.intercomRegion}), Intercom-Version ${run.intercomVersion}`)],
        ["Oomnitza", cell(run.oomnitzaHost)],
        ["Records", cell(run.records + (run.saasName ? ` (SaaS "${run.saasName}")` : ""))],
        ["Preference", cell(run.preference)],
        ["Sync key", cell(run.syncKey)],
        ["Mapping", cell(run.mapping)],
        ["Dry run", run.dryRun ? "yes" : "no"],
        ["Started", cell(report.startedAt)],
        ["Duration", duration(report.durationMs)],
        ["API calls", `${calls.total} (Intercom ${calls.byApi.intercom ?? 0}, Oomnitza ${calls.byApi.oomnitza ?? 0})`],
        ...(options.runRows ?? []).map(([label, value]) => [cell(label), cell(value, 1000)]),
      ],
      { maxRows: 20, maxBytes: 10_000 },
      hint,
    ),
  );
  out.push("</details>\n");

  let budget = TOTAL_BUDGET - bytes(out.join("\n"));
  const section = (title: string, headers: string[], rows: string[][], share: number) => {
    if (rows.length === 0) return;
    const text = `### ${title}\n\n` + table(headers, rows, { maxRows: 1000, maxBytes: Math.max(2000, Math.floor(budget * share)) }, hint);
    budget -= bytes(text);
    out.push(text);
  };

  const written = changedEntries(report);
  section(
    report.status === "dry-run" ? "Planned changes" : "Changes",
    ["Person", "Action", "Fields"],
    written.map((e) => [person(e), e.outcome === "not-attempted" ? `${e.action} (not attempted)` : e.action === "unchanged" ? "SaaS only" : e.action, formatChanges(e, run.saasName)]),
    0.6,
  );
  const failures = failedEntries(report);
  section(
    "Failures",
    ["Person", "Action", "Error"],
    failures.map(({ entry, what, error }) => [person(entry), what, cell(error, 500)]),
    0.4,
  );
  section(
    "Skipped",
    ["Person", "Reason"],
    report.entries.filter((e) => e.action === "skip").map((e) => [person(e), cell(e.reason, 300)]),
    0.4,
  );
  section(
    "Not in Oomnitza (people to onboard)",
    ["Person", "Intercom ID"],
    report.entries.filter((e) => e.action === "not-in-oomnitza").map((e) => [person(e), cell(e.admin.id)]),
    0.4,
  );
  section(
    "Removed from Intercom",
    ["Oomnitza user", "Intercom ID", "Action", "Outcome"],
    report.removed.map((r) => [cell(r.name ? `${r.name} <${r.email ?? r.username ?? r.userId}>` : (r.email ?? r.username ?? r.userId), 120), cell(r.intercomId), r.action === "unassign" ? "unassign from SaaS" : "reported", cell(r.error ?? r.outcome)]),
    0.4,
  );
  section(
    "Filtered out",
    ["Person", "Rule"],
    report.entries.filter((e) => e.action === "filtered").map((e) => [person(e), cell(e.reason, 300)]),
    0.5,
  );
  if (options.reportHint) out.push(`_${options.reportHint}_\n`);
  return out.join("\n");
}
