import type { RunContext } from "../sync/admin-values.js";
import type { Plan } from "../sync/plan.js";
import { countSeats, keptLogin, type SeatSummary } from "../sync/seats.js";
import type { EngineConfig } from "./config.js";
import type { State } from "./read.js";

/** Seats count with idle-days 30 unless the settings say otherwise. */
export const DEFAULT_IDLE_DAYS = 30;

/**
 * The run's inbox seats and idle seats, from what was read: Intercom's admins and
 * activity log, and the last login Oomnitza keeps for each matched person (the field the
 * mapping fills from last_login), which covers an idle-days longer than the log's window.
 */
export function seatsOf(state: State, plan: Plan, config: EngineConfig, run: RunContext): SeatSummary {
  const field = config.mapping.fields.find((rule) => rule.source === "last_login")?.field;
  const users = new Map(state.users.map((user) => [user.user_id, user]));
  const kept = new Map<string, number>();
  if (field) {
    for (const entry of plan.entries) {
      const at = entry.userId && entry.admin.id ? keptLogin(users.get(entry.userId)?.[field]) : undefined;
      if (at !== undefined && entry.admin.id) kept.set(entry.admin.id, at);
    }
  }
  return countSeats({
    admins: state.admins,
    logins: state.activity?.lastLogin,
    windowDays: config.activityDays,
    idleDays: config.idleDays ?? DEFAULT_IDLE_DAYS,
    now: Math.floor(Date.parse(run.syncTime) / 1000),
    kept,
    teamNames: state.teamNames,
  });
}
