import type { Admin } from "./records.js";

/** A value an admin offers, before transforms. Lists stay lists until written. */
export type SourceValue = string | number | boolean | null | Array<string | number>;

/** The source names a mapping may use, with the labels users know from Oomnitza's own Intercom integration. */
export const SOURCES = {
  avatar: "Avatar",
  away_mode_enabled: "Away Mode Enabled?",
  away_mode_reassign: "Away Mode Reassign?",
  intercom_version: "Connect: Intercom Version",
  sync_time: "Connector Sync Time",
  email: "Email",
  has_inbox_seat: "Has Inbox Seat?",
  id: "Intercom ID",
  job_title: "Job Title",
  name: "Name",
  primary_team_ids: "Primary Team IDs",
  type: "Type",
  team_ids: "Team IDs",
  secondary_team_ids: "Secondary Team IDs",
  first_name: "First name (first word of Name)",
  last_name: "Last name (the rest of Name)",
  last_login: "Last Intercom login (from the activity log, within activity-days)",
  primary_team_names: "Primary team names (from Intercom's team list)",
} as const;

export type SourceName = keyof typeof SOURCES;
export const SOURCE_NAMES = Object.keys(SOURCES) as SourceName[];

export function isSourceName(name: string): name is SourceName {
  return Object.prototype.hasOwnProperty.call(SOURCES, name);
}

/** What a run contributes to every admin's values. */
export interface RunContext {
  intercomVersion: string;
  /** Start of the run, ISO 8601 UTC with seconds precision. */
  syncTime: string;
  /** Team id → name, when the mapping asks for team names and Intercom's team list was read. */
  teamNames?: ReadonlyMap<string, string>;
  /** Admin id → latest login in the activity window (unix seconds), when the log was read. */
  lastLogins?: ReadonlyMap<string, number>;
}

export function splitName(name: string): { first: string; rest: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return { first: words[0] ?? "", rest: words.slice(1).join(" ") };
}

export function sourceValue(admin: Admin, name: SourceName, run: RunContext): SourceValue {
  switch (name) {
    case "avatar":
      return admin.avatar?.image_url ?? null;
    case "away_mode_enabled":
    case "away_mode_reassign":
    case "has_inbox_seat":
      return admin[name] ?? null;
    case "intercom_version":
      return run.intercomVersion;
    case "sync_time":
      return run.syncTime;
    case "email":
      // Written trimmed: " ada@x.com" in Intercom must not become a different login in Oomnitza.
      return admin.email.trim();
    case "id":
    case "type":
      return admin[name];
    case "job_title":
    case "name":
      return admin[name] ?? null;
    case "primary_team_ids":
    case "secondary_team_ids":
      return admin.team_priority_level?.[name] ?? null;
    case "team_ids":
      return admin.team_ids ?? null;
    case "first_name":
      return splitName(admin.name ?? "").first;
    case "last_name":
      return splitName(admin.name ?? "").rest;
    case "last_login": {
      const at = run.lastLogins?.get(admin.id);
      return at === undefined ? null : isoSeconds(new Date(at * 1000));
    }
    case "primary_team_names": {
      const ids = admin.team_priority_level?.primary_team_ids ?? [];
      const names = ids.map((id) => run.teamNames?.get(String(id))).filter((name): name is string => name !== undefined);
      return names.length ? names : null;
    }
  }
}

/** Sources that need a read beyond the admin list. */
export const EXTRA_READS = { last_login: "the activity log", primary_team_names: "the team list" } as const;

/** ISO 8601 UTC with seconds precision, as Oomnitza's connector writes its sync time. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
