/**
 * The records the core works on, as the API clients hand them over after checking
 * them at the boundary. Kept here, at the bottom of the layers, so the core needs no
 * client and every client can speak the core's language.
 */

/** One Intercom admin (API 2.11), with the members the sync reads. */
export interface Admin {
  type: string;
  id: string;
  name?: string | null;
  email: string;
  job_title?: string | null;
  away_mode_enabled?: boolean | null;
  away_mode_reassign?: boolean | null;
  has_inbox_seat?: boolean | null;
  team_ids?: number[] | null;
  avatar?: { image_url?: string | null } | null;
  team_priority_level?: { primary_team_ids?: number[] | null; secondary_team_ids?: number[] | null } | null;
}

/** An entry of Intercom's admin list that is not a usable admin, and why. */
export interface InvalidAdmin {
  /** Position in Intercom's list, for entries without a usable id. */
  index: number;
  id?: string;
  email?: string;
  name?: string;
  reason: string;
}

/**
 * Whether an id can go into a request path. Ids are data, never paths: `.` and `..`
 * would be read as path steps (`PATCH /api/v3/users/..` is `PATCH /api/v3/`), and an
 * empty id or one holding a slash names another resource. Such a record is refused.
 */
export function usableId(id: string): boolean {
  const trimmed = id.trim();
  return trimmed !== "" && trimmed !== "." && trimmed !== ".." && !/[/\\]/.test(id) && id.length <= 200;
}

/** An Oomnitza user (person): `user_id` plus whatever fields were read. */
export interface OomnitzaUser {
  user_id: string;
  [field: string]: unknown;
}

export interface SaasRecord {
  saas_id: string;
  saas_name: string;
}

/** A user assigned to a SaaS record. */
export interface SaasUser {
  user_id: string;
  /** "" when none is stored. */
  user_external_id: string;
  username?: string;
  email?: string;
  full_name?: string;
  /**
   * The role ids the row itself shows (its `roles` member: one object whose members join
   * several roles with ",", or a list of role objects); undefined when the row carries
   * none. Some instances show only the first role, so this confirms, never decides alone.
   */
  roles?: string[];
}

/** The SaaS record named saas-name (when Oomnitza has it) and who is assigned to it. */
export interface SaasState {
  record?: SaasRecord;
  users: SaasUser[];
  /** The record's roles (read when the mapping gives SaaS roles): label → id, and who holds each. */
  roles?: {
    ids: Map<string, string>;
    holders: Map<string, Set<string>>;
    /** Who holds what could not be confirmed (role-holders.ts): roles go only to SaaS users this run assigns. */
    holdersUnknown?: boolean;
    /** Why the holder read was not trusted as it came, for a warning. */
    holdersNote?: string;
  };
  /**
   * Why the roles could not be read (an instance without the roles endpoints, a token
   * that may not read them): seat roles are then left as they are, and the run says so.
   */
  rolesProblem?: string;
}

/** A removal of an admin in Intercom's activity log. */
export interface RemovalEvent {
  type: string;
  /** Unix seconds. */
  at: number;
  /** The admin who removed them. */
  byId?: string;
  byEmail?: string;
  /** The event's metadata (the description names no field for the removed admin). */
  metadata: Record<string, unknown>;
  description: string;
}

/** What the sync keeps of Intercom's activity log for its window. */
export interface ActivitySummary {
  /** Admin id → their latest successful login (unix seconds). */
  lastLogin: Map<string, number>;
  removals: RemovalEvent[];
  pages: number;
  /** Events that could not be read. */
  skipped: number;
  /** False when reading stopped early (a repeated cursor or the page limit). */
  complete: boolean;
}
