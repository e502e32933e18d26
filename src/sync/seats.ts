import type { Admin } from "./records.js";

/**
 * Inbox seats and the idle ones (pure). An admin holding an inbox seat whose last
 * Intercom login is older than `idleDays`, or unknown, holds an idle seat: a paid seat
 * nobody uses. The evidence says how the sync knows: a login in the activity log, no
 * login in a log window at least as long as idle-days, the last login Oomnitza kept from
 * earlier runs (when the window is shorter), or nothing at all.
 */
export type SeatEvidence = "log" | "no-login-in-window" | "kept" | "unknown";

export interface Seat {
  adminId: string;
  name?: string;
  email?: string;
  /** Primary team names (or ids, when names were not read). */
  team?: string;
  /** ISO instant of the last login, when known. */
  lastLogin?: string;
  /** Whole days since the last login, when known. */
  daysIdle?: number;
  idle: boolean;
  evidence: SeatEvidence;
}

export interface SeatsInput {
  admins: readonly Admin[];
  /** Admin id → unix seconds of the last login the activity log shows (within its window); undefined when the log was not read. */
  logins?: ReadonlyMap<string, number>;
  /** Days the activity log covered. */
  windowDays: number;
  idleDays: number;
  /** Unix seconds now. */
  now: number;
  /** Admin id → the last login Oomnitza keeps for the person (unix seconds), from earlier runs. */
  kept: ReadonlyMap<string, number>;
  teamNames?: ReadonlyMap<string, string>;
}

export interface SeatSummary {
  teammates: number;
  inboxSeats: number;
  idleDays: number;
  /** Days the activity log covered. */
  windowDays: number;
  /** Every inbox seat, idle ones first (longest idle first), then by name. */
  seats: Seat[];
}

export function countSeats(input: SeatsInput): SeatSummary {
  const seats: Seat[] = [];
  for (const admin of input.admins) {
    if (admin.has_inbox_seat !== true) continue;
    seats.push(seatOf(admin, input));
  }
  seats.sort((a, b) => Number(b.idle) - Number(a.idle) || (b.daysIdle ?? Infinity) - (a.daysIdle ?? Infinity) || (a.name ?? a.email ?? "").localeCompare(b.name ?? b.email ?? ""));
  return { teammates: input.admins.length, inboxSeats: seats.length, idleDays: input.idleDays, windowDays: input.windowDays, seats };
}

function seatOf(admin: Admin, input: SeatsInput): Seat {
  const base = { adminId: admin.id, ...(admin.name ? { name: admin.name } : {}), ...(admin.email ? { email: admin.email } : {}), ...teamOf(admin, input.teamNames) };
  const limit = input.idleDays * 86400;
  const fromLog = input.logins?.get(admin.id);
  const kept = input.kept.get(admin.id);
  // The most recent login either source knows: a kept value can be newer than a short window only if the log missed it.
  const at = fromLog !== undefined && kept !== undefined ? Math.max(fromLog, kept) : (fromLog ?? kept);
  if (at !== undefined) {
    const daysIdle = Math.max(0, Math.floor((input.now - at) / 86400));
    return { ...base, lastLogin: new Date(at * 1000).toISOString().replace(/\.\d+Z$/, "Z"), daysIdle, idle: input.now - at > limit, evidence: fromLog !== undefined && fromLog >= (kept ?? 0) ? "log" : "kept" };
  }
  // No login anywhere: a log read over at least idle-days proves the seat idle; otherwise nothing is known, and unknown counts as idle.
  if (input.logins !== undefined && input.windowDays >= input.idleDays) return { ...base, idle: true, evidence: "no-login-in-window" };
  return { ...base, idle: true, evidence: "unknown" };
}

function teamOf(admin: Admin, names: ReadonlyMap<string, string> | undefined): { team?: string } {
  const ids = admin.team_priority_level?.primary_team_ids ?? [];
  if (ids.length === 0) return {};
  return { team: ids.map((id) => names?.get(String(id)) ?? String(id)).join(", ") };
}

/** A last login as Oomnitza may keep it: unix seconds (or milliseconds), or an ISO date; undefined when it is neither. */
export function keptLogin(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value > 1e12 ? Math.floor(value / 1000) : value;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return keptLogin(Number(value.trim()));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** How a seat's last login is known, in words for the summary. */
export function evidenceWords(seat: Pick<Seat, "evidence">, windowDays: number): string {
  switch (seat.evidence) {
    case "log":
      return "activity log";
    case "kept":
      return "kept in Oomnitza by an earlier run";
    case "no-login-in-window":
      return `no login in the activity log's ${windowDays} days`;
    case "unknown":
      return `none in the activity log's ${windowDays} days, none kept by an earlier run`;
  }
}
