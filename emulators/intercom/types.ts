/** Shapes of the Intercom 2.11 admins API as the emulator stores and serves them. */
export type Region = "us" | "eu" | "au";
export const REGIONS: readonly Region[] = ["us", "eu", "au"];

export interface IntercomAdmin {
  type: "admin" | "team";
  id: string;
  name: string;
  email: string | null;
  job_title?: string;
  away_mode_enabled: boolean;
  away_mode_reassign: boolean;
  has_inbox_seat: boolean;
  team_ids: number[];
  avatar?: { image_url: string | null } | null;
  team_priority_level?: { primary_team_ids?: number[] | null; secondary_team_ids?: number[] | null };
  [k: string]: unknown;
}

export interface IntercomApp {
  type: "app";
  id_code: string;
  name: string;
  region: string;
  timezone: string;
  created_at: number;
  secure: boolean;
  identity_verification: boolean;
}

export interface ActivityLog {
  id: string;
  performed_by: { type: "admin"; id: string; email: string; ip: string };
  metadata?: Record<string, unknown>;
  created_at: number;
  activity_type: string;
  activity_description?: string;
}

export type TokenStatus = "active" | "revoked" | "expired" | "forbidden" | "plan_restricted";

export interface IntercomTokenSpec {
  token: string;
  /** The region whose hosts accept it (default "us"). */
  region?: Region;
  /** "revoked"/"expired" → 401, "forbidden"/"plan_restricted" → 403 (default "active"). */
  status?: TokenStatus;
  /** Whose token it is: `GET /me` answers this admin (default: the first admin of type "admin"). */
  adminId?: string;
}

/** A team as the workspace defines it; `GET /teams` adds its members from the admins' `team_ids`. */
export interface IntercomTeam {
  id: string;
  name: string;
}

/** Who an activity names as removed, when it removes an admin who is no longer listed. */
export interface RemovedAdmin {
  id: string;
  email: string;
  name: string;
}
