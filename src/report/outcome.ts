import type { Report, ReportEntry } from "./model.js";
import type { ChangeRow, Detail } from "./view.js";

/**
 * What happened, in one sentence, for the first screen of the summary and the terminal
 * (as Terraform says "No changes." or "Apply complete! 2 added, 1 changed"): what was
 * written, or would be in a dry run, or that nothing was.
 */
export function outcomeSentence(report: Report): string {
  const { counts } = report;
  const dry = report.run.dryRun;
  const removals = report.removed.filter((r) => r.action !== "report" && r.outcome === (dry ? "planned" : "done")).length;
  const parts = [
    counts.created ? `${dry ? "create" : "created"} ${people(counts.created)}` : "",
    counts.updated ? `${dry ? "update" : "updated"} ${people(counts.updated)}` : "",
    counts.saasAssigned ? `${dry ? "assign" : "assigned"} ${counts.saasAssigned} to the SaaS record` : "",
    counts.saasExternalIds ? `set ${counts.saasExternalIds} SaaS external ${counts.saasExternalIds === 1 ? "id" : "ids"}` : "",
    counts.saasRoles ? `${dry ? "give" : "gave"} ${counts.saasRoles} seat ${counts.saasRoles === 1 ? "role" : "roles"}` : "",
    removals ? `${dry ? "mark" : "marked"} ${removals} removed` : "",
  ].filter(Boolean);
  const rest = [counts.unchanged ? `${counts.unchanged} up to date` : "", counts.skipped ? `${counts.skipped} skipped` : "", counts.failed ? `${counts.failed} failed` : "", counts.notAttempted ? `${counts.notAttempted} not attempted` : ""].filter(Boolean);
  const tail = rest.length ? `; ${rest.join(", ")}` : "";
  const written = parts.length > 0;
  if (report.status === "failed" || report.status === "aborted") {
    if (!written || dry) return `Nothing was written to Oomnitza.`;
    return `Before it stopped: ${capital(list(parts))} in Oomnitza${tail}.`;
  }
  if (!written) return `No changes: ${rest.length ? rest.join(", ") : "nothing to sync"}.${dry ? " Nothing was written." : ""}`;
  if (dry) return `Would ${list(parts)} in Oomnitza${tail}. Nothing was written.`;
  return `${capital(list(parts))} in Oomnitza${tail}.`;
}

const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const list = (parts: string[]) => (parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`);

/** Fields a reader looks for first: who the person is, their job, their seat. */
const MATTERS = new Set(["first_name", "last_name", "full_name", "email", "username", "position", "intercom_has_inbox_seat", "SaaS role", "intercom_removed_at"]);

const empty = (value: unknown) => value === null || value === undefined || value === "";

/** Whether a change row changes a known value of a field that matters (then it comes first); filling an empty one does not count. */
export const matters = (row: ChangeRow): boolean => row.action === "update" && row.details.some((d) => d.kind === "change" && MATTERS.has(d.field) && !empty(d.before));

/** Change rows with those that matter first (name, position, seat changed), then creates, then the others; otherwise as planned. */
export function byImportance(rows: ChangeRow[]): ChangeRow[] {
  const rank = (row: ChangeRow) => (matters(row) ? 0 : row.action === "create" ? 1 : 2);
  return rows.map((row, i) => ({ row, i, rank: rank(row) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map(({ row }) => row);
}

/**
 * The changes rolled up by field, for a reader who will not open 34 rows: "position
 * changed on 4", "intercom_id set on 14" (an empty value filled), creates counted once.
 * Fields that matter first, then the most people.
 */
export function fieldRollup(rows: ChangeRow[]): string[] {
  const counts = new Map<string, { field: string; how: "changed" | "set"; people: number }>();
  let created = 0;
  for (const row of rows) {
    if (row.action === "create") {
      created++;
      continue;
    }
    for (const d of row.details) {
      const field = d.kind === "assign" ? "SaaS assignment" : d.field;
      const how = d.kind === "change" && !empty(d.before) ? "changed" : "set";
      const key = `${field}\u0000${how}`;
      const item = counts.get(key) ?? { field, how, people: 0 };
      item.people++;
      counts.set(key, item);
    }
  }
  const weight = (item: { field: string; how: string }) => (item.how === "changed" && MATTERS.has(item.field) ? 0 : item.how === "changed" ? 1 : 2);
  const items = [...counts.values()].sort((a, b) => weight(a) - weight(b) || b.people - a.people || a.field.localeCompare(b.field));
  return [...(created ? [`${created} created`] : []), ...items.map((item) => `${item.field} ${item.how} on ${item.people}`)];
}

/** The numbers that matter, for the first screen: teammates, people in sync, inbox seats, idle seats, this run's changes. */
export function headlineNumbers(report: Report): Array<{ label: string; value: string }> | undefined {
  const seats = report.seats;
  if (!seats) return undefined;
  const { counts } = report;
  const dry = report.run.dryRun;
  const changes = counts.created + counts.updated;
  return [
    { label: "Teammates", value: String(seats.teammates) },
    { label: "In sync", value: String(dry ? counts.unchanged : counts.created + counts.updated + counts.unchanged) },
    { label: "Inbox seats", value: String(seats.inboxSeats) },
    { label: `Idle seats (${seats.idleDays}+ days)`, value: String(seats.idleSeats) },
    { label: dry ? "Changes planned" : "Changes", value: String(changes) },
  ];
}

/** An idle seat as both renderings list it. */
export interface IdleRow {
  person: string;
  team?: string;
  lastLogin?: string;
  daysIdle?: number;
  evidence: NonNullable<ReportEntry["seat"]>["evidence"];
}

/** The idle seats, from each entry's seat: unknown logins first, then the longest idle; `max` of them. */
export function idleRows(report: Report, max: number): IdleRow[] {
  const rows = report.entries.filter((e) => e.seat?.idle).map((e) => ({ e, days: e.seat?.daysIdle ?? Infinity, name: e.admin.name ?? e.admin.email ?? "" }));
  rows.sort((a, b) => b.days - a.days || a.name.localeCompare(b.name));
  return rows.slice(0, max).map(({ e }) => {
    const seat = e.seat as NonNullable<ReportEntry["seat"]>;
    const who = e.admin.name ? `${e.admin.name} <${e.admin.email ?? e.admin.id}>` : (e.admin.email ?? e.admin.id ?? "");
    return { person: who, evidence: seat.evidence, ...(seat.team ? { team: seat.team } : {}), ...(seat.lastLogin ? { lastLogin: seat.lastLogin } : {}), ...(seat.daysIdle !== undefined ? { daysIdle: seat.daysIdle } : {}) };
  });
}
