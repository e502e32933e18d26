import { cell, inlineCode, table } from "./markdown.js";
import { byImportance, fieldRollup, headlineNumbers, idleRows, outcomeSentence } from "./outcome.js";
import { evidenceWords } from "../sync/seats.js";
import { renderTrend, trendPoints, type HistoryPoint } from "./trend.js";
import type { Report, Status } from "./model.js";
import { duration, shown } from "./text.js";
import { concurrencyLine, countColumns, readLine, readNotices, saasRecordLine, sectionTitles, viewSections, type Detail } from "./view.js";

const HEADLINE: Record<Status, string> = {
  success: "✅ Intercom → Oomnitza sync succeeded",
  partial: "⚠️ Intercom → Oomnitza sync completed with errors",
  failed: "❌ Intercom → Oomnitza sync failed",
  aborted: "🛑 Intercom → Oomnitza sync aborted by a guard",
  "dry-run": "🔍 Intercom → Oomnitza sync: dry run (nothing written)",
};

/** A dry run that could not complete is not a sync that failed: nothing was going to be written. */
function headline(report: Report): string {
  if (report.run.dryRun && report.status === "failed") return "❌ Intercom → Oomnitza dry run could not complete";
  if (report.status !== "dry-run") return HEADLINE[report.status];
  const { created, updated } = report.counts;
  const would = [created ? `would create ${created}` : "", updated ? `would update ${updated}` : ""].filter(Boolean).join(", ");
  return `🔍 Intercom → Oomnitza dry run: ${would || "no changes"} (nothing written)`;
}

/** GitHub refuses a job summary over 1 MiB; the sections share what is left below that. */
const TOTAL_BUDGET = 900 * 1024;

export interface SummaryOptions {
  /** Where the full report lives, for the pointer under truncated tables. */
  reportHint?: string;
  /** Plain-text warnings shown under the status line, e.g. the missed-run note. */
  notices?: string[];
  /** Extra plain-text rows for the "What ran" table, e.g. the run link or the previous success. */
  runRows?: Array<[string, string]>;
  /** Earlier runs' seat figures (from their report artifacts), for the trend chart; absent outside GitHub. */
  trend?: { points: HistoryPoint[]; gaps: number; note?: string };
}

const bytes = (text: string) => Buffer.byteLength(text);

function detail(d: Detail): string {
  switch (d.kind) {
    case "set":
      return `${cell(d.field)}: ${value(d.after)}`;
    case "change":
      return `${cell(d.field)}: ${value(d.before)} → ${value(d.after)}${d.note}`;
    case "assign":
      return `SaaS ${cell(shown(d.saasName))}: assign${d.note}`;
  }
}

/** A value as it is: a URL as inline code (escaped, its underscores would break the link GitHub makes of it). */
function value(v: unknown): string {
  const text = shown(v);
  return typeof v === "string" && /:\/\/|^www\./i.test(v) ? inlineCode(text).replace(/\|/g, "\\|") : cell(text);
}

/** Changes beyond this many rows are folded away, under a roll-up by field (the report file has them all). */
const UNFOLDED_CHANGES = 10;
/** Idle seats listed in the summary; the report file has them all. */
const IDLE_ROWS = 50;
/** People named in a failure group's row before the rest are folded. */
const NAMED_PEOPLE = 3;

/** "a, b, c <details>and 32 more…</details>": the first few people, the rest folded. */
function people(names: string[]): string {
  const shownNames = names.slice(0, NAMED_PEOPLE).map((name) => cell(name, 80)).join(", ");
  if (names.length <= NAMED_PEOPLE) return shownNames;
  const rest = names.slice(NAMED_PEOPLE);
  return `${shownNames} <details><summary>and ${rest.length} more</summary>${rest.slice(0, 200).map((name) => cell(name, 80)).join(", ")}${rest.length > 200 ? ", …" : ""}</details>`;
}

/**
 * The job summary (GitHub-flavoured Markdown): readable in ten seconds. Status, counts
 * and failures first (grouped by cause), then changes and skips, then what ran.
 */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const hint = options.reportHint ?? "the report file lists them all";
  const out: string[] = [];
  out.push(`## ${headline(report)}\n`);
  out.push(`**${cell(outcomeSentence(report), 600)}**\n`);
  const numbers = headlineNumbers(report);
  if (numbers) out.push(table(numbers.map((n) => n.label), [numbers.map((n) => n.value)], { maxRows: 1, maxBytes: 2000 }, hint));
  if (report.reason) out.push(`**${report.status === "partial" ? "Errors" : "Reason"}:** ${cell(report.reason, 2000)}\n`);
  if (report.guard) out.push(`> **Guard:** ${cell(report.guard.message, 2000)}\n`);
  for (const notice of options.notices ?? []) out.push(`> ⏰ ${cell(notice, 2000)}\n`);
  for (const notice of readNotices(report)) out.push(`> ⚠️ ${cell(notice, 2000)}\n`);

  const counts = countColumns(report);
  // A run that stopped before reading Intercom has only zeros to show.
  if (report.counts.fetched > 0) out.push(table(counts.map((c) => c.label), [counts.map((c) => String(c.value))], { maxRows: 1, maxBytes: 10_000 }, hint));
  const record = saasRecordLine(report);
  if (record) out.push(`**SaaS record:** ${cell(record, 600)}\n`);

  const ran = whatRan(report, options, hint);
  let budget = TOTAL_BUDGET - bytes(out.join("\n")) - bytes(ran);
  const MAX_ROWS = 1000;
  // Rows past the most a table shows are counted, not rendered: thousands of changes cost no memory here.
  const section = <T>(title: string, headers: string[], items: T[], row: (item: T) => string[], share: number, fold = Number.MAX_SAFE_INTEGER, foldLabel = `${items.length} rows`, lead = "") => {
    if (items.length === 0) return;
    const body = table(headers, items.slice(0, MAX_ROWS).map(row), { maxRows: MAX_ROWS, maxBytes: Math.max(2000, Math.floor(budget * share)) }, hint, items.length);
    const text = `### ${title}\n\n${lead}` + (items.length > fold ? `<details><summary>${foldLabel}</summary>\n\n${body}\n</details>\n` : body);
    budget -= bytes(text);
    out.push(text);
  };
  const view = viewSections(report);
  const titles = sectionTitles(report.status);
  const failed = view.failures.reduce((n, group) => n + group.people.length, 0);
  const failuresTitle = `${titles.failures}: ${failed} ${failed === 1 ? "record" : "records"}, ${view.failures.length} ${view.failures.length === 1 ? "cause" : "causes"}`;
  section(failuresTitle, ["Count", "What", "Cause", "What to do", "Who"], view.failures, (g) => [String(g.people.length), g.what, cell(g.cause, 500), cell(g.advice, 300), people(g.people)], 0.3);
  const seats = report.seats;
  if (seats && seats.idleSeats) {
    const title = `Idle seats: ${seats.idleSeats} of ${seats.inboxSeats} inbox seats without a login for ${seats.idleDays} days or more`;
    section(title, ["Teammate", "Team", "Last login", "Days idle", "Known from"], idleRows(report, IDLE_ROWS), (s) => [cell(s.person, 120), cell(s.team ?? ""), cell(s.lastLogin ?? "unknown"), s.daysIdle === undefined ? "" : String(s.daysIdle), cell(evidenceWords(s, seats.activityDays))], 0.2);
    if (seats.idleSeats > IDLE_ROWS) out.push(`_${seats.idleSeats - IDLE_ROWS} more idle seats in the report file (each entry's \`seat\`)._\n`);
  }
  if (options.trend && report.seats) {
    const text = renderTrend(trendPoints(options.trend.points, report), options.trend.gaps, options.trend.note);
    budget -= bytes(text);
    out.push(text);
  }
  const changes = byImportance(view.changes);
  const rollup = changes.length > UNFOLDED_CHANGES ? `${fieldRollup(changes).slice(0, 15).map((item) => cell(item)).join(" · ")}\n\n` : "";
  section(titles.changes, ["Person", "Action", "Fields"], changes, (c) => [cell(c.person, 120), c.notAttempted ? `${c.action} (not attempted)` : c.action, c.details.map(detail).join("<br>")], 0.5, UNFOLDED_CHANGES, `${changes.length} people, those whose name, position or seat changes first`, rollup);
  section(titles.refused, ["Person", "Field", "Value", "Oomnitza said", "What to do"], view.refused, (r) => [cell(r.person, 120), cell(r.field), cell(shown(r.value)), cell(r.error, 300), cell(r.fix, 400)], 0.3);
  section(titles.skipped, ["Person", "Reason", "What to do"], view.skipped, (s) => [cell(s.person, 120), cell(s.reason, 300), cell(s.fix, 300)], 0.4);
  section(titles.notInOomnitza, ["Person", "Intercom ID"], view.notInOomnitza, (n) => [cell(n.person, 120), cell(n.intercomId)], 0.4);
  const evidence = view.removed.some((r) => r.evidence);
  section(
    titles.removed,
    ["Oomnitza user", "Intercom ID", "Action", ...(evidence ? ["Removed"] : []), "Outcome"],
    view.removed, (r) => [cell(r.who, 120), cell(r.intercomId), r.action, ...(evidence ? [cell(r.evidence ?? "")] : []), cell(r.error ?? r.outcome)],
    0.4,
  );
  section(titles.filtered, ["Person", "Rule"], view.filtered, (f) => [cell(f.person, 120), cell(f.rule, 300)], 0.5);
  section(titles.notTeammates, ["Entry", "Why"], view.notTeammates, (n) => [cell(n.person, 120), cell(n.reason, 300)], 0.1, 0, `${view.notTeammates.length} ${view.notTeammates.length === 1 ? "entry" : "entries"} Intercom lists among the admins`);
  if (report.status === "dry-run") out.push(`_${cell(outcomeSentence(report), 600)} Run without dry-run to apply._\n`);
  out.push(ran);
  if (options.reportHint) out.push(`_${options.reportHint}_\n`);
  return out.join("\n");
}

/** "What ran", folded: hosts, settings, duration, calls, how Oomnitza was read. */
function whatRan(report: Report, options: SummaryOptions, hint: string): string {
  const { run } = report;
  const calls = report.apiCalls;
  const rows = [
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
  ];
  return `<details><summary>What ran</summary>\n\n${table(["Setting", "Value"], rows, { maxRows: 20, maxBytes: 10_000 }, hint)}\n</details>\n`;
}
