import { styleText } from "node:util";
import type { Report, Status } from "./model.js";
import { cleanText, duration, shown } from "./text.js";
import { headlineNumbers, idleRows, outcomeSentence } from "./outcome.js";
import { evidenceWords } from "../sync/seats.js";
import { concurrencyLine, countColumns, readNotices, saasRecordLine, sectionTitles, viewSections, type CountColumn, type Detail } from "./view.js";

export interface TerminalOptions {
  /** ANSI colour; the caller decides (a TTY and no NO_COLOR). */
  color: boolean;
  /** Rows shown per section before "… N more"; the JSON report has them all. */
  maxRows?: number;
  /** Lines of the trend (the command line's history), shown under the headline numbers. */
  trend?: string[];
}

type Paint = (text: string) => string;
type Style = "bold" | "dim" | "red" | "green" | "yellow" | "cyan";

/**
 * Colours from node's own styleText. The caller has decided already (a terminal, no
 * NO_COLOR), so the stream check newer Node versions make is turned off.
 */
export function palette(color: boolean): Record<Style, Paint> {
  const style = styleText as (format: Style, text: string, options?: { validateStream?: boolean }) => string;
  const make = (format: Style): Paint => (color ? (text) => style(format, text, { validateStream: false }) : (text) => text);
  return { bold: make("bold"), dim: make("dim"), red: make("red"), green: make("green"), yellow: make("yellow"), cyan: make("cyan") };
}

/** A create sends a dozen fields with no "before": packed a few per line, it stays readable. */
function wrap(items: string[], indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    if (line && indent.length + line.length + 2 + [...item].length > width) {
      lines.push(indent + line);
      line = "";
    }
    line = line ? `${line}, ${item}` : item;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function detailLines(details: Detail[], saasLabel: (name: unknown) => string): string[] {
  const sets = details.flatMap((d) => (d.kind === "set" ? [`${cleanText(d.field)}: ${shown(d.after)}`] : []));
  const lines = wrap(sets, "      ");
  for (const d of details) {
    if (d.kind === "change") lines.push(`      ${cleanText(d.field)}: ${shown(d.before)} → ${shown(d.after)}${d.note}`);
    if (d.kind === "assign") lines.push(`      SaaS ${saasLabel(d.saasName)}: assign${d.note}`);
  }
  return lines;
}

/** The run as text for a terminal: headline, what ran, counts, then the detail. */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const p = palette(options.color);
  const maxRows = options.maxRows ?? 200;
  const { run } = report;
  const dry = report.status === "dry-run";
  const headline: Record<Status, string> = {
    success: p.green("✔ Sync succeeded"),
    partial: p.yellow("⚠ Sync completed with errors"),
    failed: p.red("✖ Sync failed"),
    aborted: p.red("■ Sync aborted by a guard"),
    "dry-run": p.cyan("◌ Dry run: nothing was written"),
  };
  const out: string[] = [p.bold(report.run.dryRun && report.status === "failed" ? p.red("✖ Dry run could not complete") : headline[report.status]), `  ${cleanText(outcomeSentence(report), 600)}`];
  if (report.reason) out.push(`  ${report.status === "partial" ? "Errors" : "Reason"}: ${cleanText(report.reason, 2000)}`);
  if (report.guard) out.push(`  ${p.yellow("Guard:")} ${cleanText(report.guard.message, 2000)}`);
  for (const notice of readNotices(report)) out.push(`  ${p.yellow("Note:")} ${cleanText(notice, 2000)}`);
  const calls = report.apiCalls;
  const c = (value: unknown) => cleanText(value);
  out.push(p.dim(`  Intercom ${c(run.intercomHost)} (${c(run.intercomRegion)}, ${c(run.intercomVersion)}) → Oomnitza ${c(run.oomnitzaHost)} · ${c(run.records)}${run.saasName ? ` (SaaS "${c(run.saasName)}")` : ""} · ${c(run.preference)} · key ${c(run.syncKey)} · mapping ${c(run.mapping)}`));
  const writes = concurrencyLine(report);
  out.push(p.dim(`  ${duration(report.durationMs)}, ${calls.total} API calls (Intercom ${calls.byApi.intercom ?? 0}, Oomnitza ${calls.byApi.oomnitza ?? 0})${writes ? `; writes: ${writes}` : ""}`), "");

  const tones: Record<CountColumn["tone"], Paint> = { good: p.green, change: p.yellow, bad: p.red, plain: (t) => t };
  const label = ({ label }: CountColumn) => (dry && label === "Created" ? "to create" : dry && label === "Updated" ? "to update" : label.startsWith("SaaS") ? label : label[0]?.toLowerCase() + label.slice(1));
  const numbers = headlineNumbers(report);
  if (numbers) out.push("  " + numbers.map((n) => `${n.label.toLowerCase()} ${p.bold(n.value)}`).join(" · "));
  if (options.trend) out.push(...options.trend.map((line) => p.dim(line)));
  if (report.counts.fetched > 0) out.push("  " + countColumns(report).map((column) => `${label(column)} ${column.value ? tones[column.tone](String(column.value)) : String(column.value)}`).join("  "));

  const record = saasRecordLine(report);
  if (record) out.push("", `  ${p.green("+")} ${cleanText(record, 600)}`);
  const section = (title: string, blocks: string[][]) => {
    if (blocks.length === 0) return;
    out.push("", p.bold(`${title} (${blocks.length})`));
    for (const block of blocks.slice(0, maxRows)) out.push(...block);
    if (blocks.length > maxRows) out.push(p.dim(`  … ${blocks.length - maxRows} more; --json lists them all`));
  };
  const view = viewSections(report);
  const titles = sectionTitles(report.status);
  const person = (text: string) => cleanText(text, 120);
  section(
    titles.failures,
    view.failures.map((g) => [
      `  ${p.red("✖")} ${g.people.length} × ${g.what}: ${cleanText(g.cause, 500)}`,
      `      ${p.dim("→")} ${cleanText(g.advice, 300)}`,
      `      ${g.people.slice(0, 5).map((name) => person(name)).join(", ")}${g.people.length > 5 ? p.dim(` and ${g.people.length - 5} more`) : ""}`,
    ]),
  );
  const seats = report.seats;
  if (seats) section(`Idle seats: ${seats.idleSeats} of ${seats.inboxSeats} inbox seats without a login for ${seats.idleDays}+ days`, idleRows(report, Number.MAX_SAFE_INTEGER).map((s) => [`  ${p.yellow("○")} ${person(s.person)}${s.team ? ` (${cleanText(s.team)})` : ""}: last login ${s.lastLogin ?? "unknown"}${s.daysIdle !== undefined ? `, ${s.daysIdle} days ago` : ""} (${evidenceWords(s, seats.activityDays)})`]));
  section(titles.changes, view.changes.map((row) => [`  ${row.action === "create" ? p.green("+") : p.yellow("~")} ${person(row.person)}  ${row.action}${row.notAttempted ? p.dim(" (not attempted)") : ""}`, ...detailLines(row.details, shown)]));
  section(titles.refused, view.refused.map((r) => [`  ${p.yellow("!")} ${person(r.person)}  ${cleanText(r.field)} = ${shown(r.value)}: ${cleanText(r.error, 300)}`, `      ${cleanText(r.fix, 400)}`]));
  section(titles.skipped, view.skipped.map((s) => [`  - ${person(s.person)}: ${cleanText(s.reason, 300)}`, `      ${p.dim("→")} ${cleanText(s.fix, 300)}`]));
  section(titles.notInOomnitza, view.notInOomnitza.map((n) => [`  ? ${person(n.person)} (Intercom ID ${cleanText(n.intercomId)})`]));
  section(titles.removed, view.removed.map((r) => [`  ${p.dim("×")} ${person(r.who)} (Intercom ID ${cleanText(r.intercomId)}): ${r.action}${r.evidence ? ` (${cleanText(r.evidence)})` : ""}${r.error ? `, ${p.red(cleanText(r.error, 300))}` : r.outcome === "none" ? "" : `, ${r.outcome}`}`]));
  section(titles.filtered, view.filtered.map((f) => [`  ${p.dim("·")} ${person(f.person)}: ${cleanText(f.rule, 300)}`]));
  section(titles.notTeammates, view.notTeammates.map((n) => [`  ${p.dim("·")} ${person(n.person)}: ${cleanText(n.reason, 300)}`]));
  return out.join("\n") + "\n";
}
