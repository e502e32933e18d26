import { cell, table } from "./markdown.js";
import type { Report, Status } from "./model.js";
import { duration, shown } from "./text.js";
import { concurrencyLine, countColumns, readLine, readNotices, sectionTitles, viewSections, type Detail } from "./view.js";

const HEADLINE: Record<Status, string> = {
  success: "✅ Intercom → Oomnitza sync succeeded",
  partial: "⚠️ Intercom → Oomnitza sync completed with errors",
  failed: "❌ Intercom → Oomnitza sync failed",
  aborted: "🛑 Intercom → Oomnitza sync aborted by a guard",
  "dry-run": "🔍 Intercom → Oomnitza sync: dry run (nothing written)",
};

/** GitHub refuses a job summary over 1 MiB; the sections share what is left below that. */
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

function detail(d: Detail): string {
  switch (d.kind) {
    case "set":
      return `${cell(d.field)}: ${cell(shown(d.after))}`;
    case "change":
      return `${cell(d.field)}: ${cell(shown(d.before))} → ${cell(shown(d.after))}${d.note}`;
    case "assign":
      return `SaaS ${cell(shown(d.saasName))}: assign${d.note}`;
  }
}

/** The job summary (GitHub-flavoured Markdown): readable in ten seconds, with the detail below. */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const { run } = report;
  const hint = options.reportHint ?? "the report file lists them all";
  const out: string[] = [];
  out.push(`## ${HEADLINE[report.status]}\n`);
  if (report.reason) out.push(`**${report.status === "partial" ? "Errors" : "Reason"}:** ${cell(report.reason, 2000)}\n`);
  if (report.guard) out.push(`> **Guard:** ${cell(report.guard.message, 2000)}\n`);
  for (const notice of options.notices ?? []) out.push(`> ⏰ ${cell(notice, 2000)}\n`);
  for (const notice of readNotices(report)) out.push(`> ⚠️ ${cell(notice, 2000)}\n`);

  const counts = countColumns(report);
  out.push(table(counts.map((c) => c.label), [counts.map((c) => String(c.value))], { maxRows: 1, maxBytes: 10_000 }, hint));
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
        ...(readLine(report) ? [["Oomnitza read", cell(readLine(report))]] : []),
        ...(concurrencyLine(report) ? [["Oomnitza writes", cell(concurrencyLine(report))]] : []),
        ...(options.runRows ?? []).map(([label, value]) => [cell(label), cell(value, 1000)]),
      ],
      { maxRows: 20, maxBytes: 10_000 },
      hint,
    ),
  );
  out.push("</details>\n");

  let budget = TOTAL_BUDGET - bytes(out.join("\n"));
  const MAX_ROWS = 1000;
  // Rows past the most a table shows are counted, not rendered: thousands of changes cost no memory here.
  const section = <T>(title: string, headers: string[], items: T[], row: (item: T) => string[], share: number) => {
    if (items.length === 0) return;
    const rows = items.slice(0, MAX_ROWS).map(row);
    const text = `### ${title}\n\n` + table(headers, rows, { maxRows: MAX_ROWS, maxBytes: Math.max(2000, Math.floor(budget * share)) }, hint, items.length);
    budget -= bytes(text);
    out.push(text);
  };
  const view = viewSections(report);
  const titles = sectionTitles(report.status);
  section(titles.changes, ["Person", "Action", "Fields"], view.changes, (c) => [cell(c.person, 120), c.notAttempted ? `${c.action} (not attempted)` : c.action, c.details.map(detail).join("<br>")], 0.6);
  section(titles.refused, ["Person", "Field", "Value", "Oomnitza said", "What to do"], view.refused, (r) => [cell(r.person, 120), cell(r.field), cell(shown(r.value)), cell(r.error, 300), cell(r.fix, 400)], 0.3);
  section(titles.failures, ["Person", "Action", "Error"], view.failures, (f) => [cell(f.person, 120), f.what, cell(f.error, 500)], 0.4);
  section(titles.skipped, ["Person", "Reason"], view.skipped, (s) => [cell(s.person, 120), cell(s.reason, 300)], 0.4);
  section(titles.notInOomnitza, ["Person", "Intercom ID"], view.notInOomnitza, (n) => [cell(n.person, 120), cell(n.intercomId)], 0.4);
  section(titles.removed, ["Oomnitza user", "Intercom ID", "Action", "Outcome"], view.removed, (r) => [cell(r.who, 120), cell(r.intercomId), r.action, cell(r.error ?? r.outcome)], 0.4);
  section(titles.filtered, ["Person", "Rule"], view.filtered, (f) => [cell(f.person, 120), cell(f.rule, 300)], 0.5);
  if (options.reportHint) out.push(`_${options.reportHint}_\n`);
  return out.join("\n");
}
