import { changedEntries, failedEntries, saasOutcomeNote, type Report, type ReportEntry, type Status } from "./model.js";

export interface TerminalOptions {
  /** ANSI colour; the caller decides (a TTY and no NO_COLOR). */
  color: boolean;
  /** Rows shown per section before "… N more"; the JSON report has them all. */
  maxRows?: number;
}

type Paint = (text: string) => string;
const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

function palette(color: boolean): Record<keyof typeof codes, Paint> {
  const make = ([on, off]: readonly [number, number]): Paint => (color ? (t) => `\x1b[${on}m${t}\x1b[${off}m` : (t) => t);
  return { bold: make(codes.bold), dim: make(codes.dim), red: make(codes.red), green: make(codes.green), yellow: make(codes.yellow), cyan: make(codes.cyan) };
}

/**
 * Names, titles and error texts come from Intercom and Oomnitza: control characters
 * (an ANSI escape in a job title could rewrite the terminal) and bidi overrides are
 * dropped, line breaks flattened, very long values shortened.
 */
export function clean(value: unknown, max = 200): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // Whole escape sequences first (CSI such as "\x1b[2J", OSC such as a window title), then any stray control character.
  // eslint-disable-next-line no-control-regex
  text = text.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g, "");
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "");
  text = text.replace(/\s*[\r\n\t]+\s*/g, " ").trim();
  return [...text].length > max ? [...text].slice(0, max - 1).join("") + "…" : text;
}

function value(v: unknown): string {
  if (v === null || v === undefined || v === "") return "∅";
  return typeof v === "string" ? `"${clean(v, 80)}"` : clean(v, 80);
}

function person(entry: Pick<ReportEntry, "admin" | "key">): string {
  const { email, name, id } = entry.admin;
  const main = email || entry.key || (id ? `admin ${id}` : "(unknown)");
  return clean(name && name !== main ? `${name} <${main}>` : main, 120);
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

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** The run as text for a terminal: headline, what ran, counts, then the detail. */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const p = palette(options.color);
  const maxRows = options.maxRows ?? 200;
  const { counts, run } = report;
  const headline: Record<Status, string> = {
    success: p.green("✔ Sync succeeded"),
    partial: p.yellow("⚠ Sync completed with errors"),
    failed: p.red("✖ Sync failed"),
    aborted: p.red("■ Sync aborted by a guard"),
    "dry-run": p.cyan("◌ Dry run: nothing was written"),
  };
  const out: string[] = [p.bold(headline[report.status])];
  if (report.reason) out.push(`  ${report.status === "partial" ? "Errors" : "Reason"}: ${clean(report.reason, 2000)}`);
  if (report.guard) out.push(`  ${p.yellow("Guard:")} ${clean(report.guard.message, 2000)}`);
  const calls = report.apiCalls;
  out.push(
    p.dim(
      `  Intercom ${clean(run.intercomHost)} (${clean(run.intercomRegion)}, ${clean(run.intercomVersion)}) → Oomnitza ${clean(run.oomnitzaHost)}` +
        ` · ${clean(run.records)}${run.saasName ? ` (SaaS "${clean(run.saasName)}")` : ""} · ${clean(run.preference)} · key ${clean(run.syncKey)} · mapping ${clean(run.mapping)}`,
    ),
  );
  out.push(p.dim(`  ${duration(report.durationMs)}, ${calls.total} API calls (Intercom ${calls.byApi.intercom ?? 0}, Oomnitza ${calls.byApi.oomnitza ?? 0})`));
  out.push("");

  const count = (label: string, n: number, paint: Paint = (t) => t) => `${label} ${n ? paint(String(n)) : String(n)}`;
  out.push(
    "  " +
      [
        count("fetched", counts.fetched),
        count(report.status === "dry-run" ? "to create" : "created", counts.created, p.green),
        count(report.status === "dry-run" ? "to update" : "updated", counts.updated, p.yellow),
        count("unchanged", counts.unchanged),
        count("skipped", counts.skipped),
        count("failed", counts.failed, p.red),
        count("not in Oomnitza", counts.notInOomnitza),
        count("filtered", counts.filtered),
        count("removed", counts.removed),
        ...(run.saasName ? [count("SaaS assigned", counts.saasAssigned, p.green), count("SaaS external ids", counts.saasExternalIds, p.yellow)] : []),
      ].join("  "),
  );

  const section = (title: string, lines: string[][]) => {
    if (lines.length === 0) return;
    out.push("", p.bold(`${title} (${lines.length})`));
    for (const block of lines.slice(0, maxRows)) out.push(...block);
    if (lines.length > maxRows) out.push(p.dim(`  … ${lines.length - maxRows} more; --json lists them all`));
  };

  section(
    report.status === "dry-run" ? "Planned changes" : "Changes",
    changedEntries(report).map((e) => {
      const mark = e.action === "create" ? p.green("+") : p.yellow("~");
      const note = e.outcome === "not-attempted" ? p.dim(" (not attempted)") : "";
      const fields =
        e.action === "create"
          ? wrap(e.changes.map((c) => `${clean(c.field)}: ${value(c.after)}`), "      ")
          : e.action === "update"
            ? e.changes.map((c) => `      ${clean(c.field)}: ${value(c.before)} → ${value(c.after)}`)
            : [];
      const saas = e.saas;
      if (saas?.assign) fields.push(`      SaaS ${value(run.saasName)}: assign${saasOutcomeNote(e)}`);
      if (saas?.externalId) fields.push(`      SaaS user_external_id: ${value(saas.externalId.before)} → ${value(saas.externalId.after)}${saas.assign ? "" : saasOutcomeNote(e)}`);
      const action = e.action === "unchanged" ? "SaaS only" : e.action;
      return [`  ${mark} ${person(e)}  ${action}${note}`, ...fields];
    }),
  );
  section(
    "Failures",
    failedEntries(report).map(({ entry, what, error }) => [`  ${p.red("✖")} ${person(entry)}  ${what}: ${clean(error, 500)}`]),
  );
  section(
    "Skipped",
    report.entries.filter((e) => e.action === "skip").map((e) => [`  - ${person(e)}: ${clean(e.reason, 300)}`]),
  );
  section(
    "Not in Oomnitza (people to onboard)",
    report.entries.filter((e) => e.action === "not-in-oomnitza").map((e) => [`  ? ${person(e)} (Intercom ID ${clean(e.admin.id)})`]),
  );
  section(
    "Removed from Intercom",
    report.removed.map((r) => {
      const who = clean(r.name ? `${r.name} <${r.email ?? r.username ?? r.userId}>` : (r.email ?? r.username ?? r.userId), 120);
      const what = r.action === "unassign" ? "unassign from SaaS" : "reported";
      return [`  ${p.dim("×")} ${who} (Intercom ID ${clean(r.intercomId)}): ${what}${r.error ? `, ${p.red(clean(r.error, 300))}` : r.outcome === "none" ? "" : `, ${r.outcome}`}`];
    }),
  );
  section(
    "Filtered out",
    report.entries.filter((e) => e.action === "filtered").map((e) => [`  ${p.dim("·")} ${person(e)}: ${clean(e.reason, 300)}`]),
  );
  return out.join("\n") + "\n";
}
