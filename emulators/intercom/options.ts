import type { Controls, RateLimitSettings } from "../kit/controls.js";
import type { RequestLog } from "../kit/log.js";
import type { RemovalShape, RemovalType } from "./activity.js";
import type { ActivityLog, IntercomAdmin, IntercomApp, IntercomTeam, IntercomTokenSpec, Region } from "./types.js";

export interface IntercomEmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The main token (US region, active). Default DEFAULT_TOKENS.intercom. */
  token?: string;
  /** The region the main token belongs to (default "us"). */
  region?: Region;
  admins?: IntercomAdmin[];
  /**
   * Extra tokens. Default: DEFAULT_TOKENS' EU, AU, revoked, expired and forbidden tokens.
   * Pass [] to accept only the main token.
   */
  tokens?: IntercomTokenSpec[];
  /** Activity log entries; default: generated from the admins with the seed. */
  activityLogs?: ActivityLog[];
  /** The activity log answers 403 api_plan_restricted (the workspace's plan lacks it). Default false. */
  activityLogRestricted?: boolean;
  /** Team definitions for `GET /teams` (members come from the admins' team_ids). Default: the named teams plus any id an admin mentions. */
  teams?: IntercomTeam[];
  /** Seeds request ids, jitter and generated activity (default 1). */
  seed?: number;
  /** The app's configured version, used when a request sends no Intercom-Version (default "2.11"). */
  defaultVersion?: string;
  /** Per-token limit per window; null switches rate limiting off. Default INTERCOM_DEFAULT_RATE_LIMIT. */
  rateLimit?: RateLimitSettings | null;
  /** Overrides for the workspace `GET /me` shows. */
  app?: Partial<Omit<IntercomApp, "region" | "type">>;
  /** Milliseconds since the epoch; tests can freeze time for rate-limit windows. */
  clock?: () => number;
}

/** An activity a test adds; `performed_by` may be the id of a listed admin. */
export interface NewActivity {
  activity_type: string;
  performed_by: string | ActivityLog["performed_by"];
  /** Unix seconds; default now (the emulator's clock). */
  created_at?: number;
  metadata?: Record<string, unknown>;
  /** Default: "<name> <activity type>." */
  activity_description?: string;
  /** Default: a seeded UUID. */
  id?: string;
}

export interface DeleteAdminOptions {
  /** The id of the listed admin who removes them (performed_by). */
  by: string;
  /** Default "admin_deletion". */
  type?: RemovalType;
  /** Where the event names the removed admin (see RemovalShape); default "metadata". */
  shape?: RemovalShape;
  /** Unix seconds; default now. */
  at?: number;
}

export interface IntercomEmulator {
  /** http://127.0.0.1:PORT (no trailing slash): the US paths. */
  url: string;
  /** Base URL per region: `${url}` (US), `${url}/eu`, `${url}/au`. */
  urls: Record<Region, string>;
  token: string;
  /** Every token the emulator knows, main one first. */
  tokens: IntercomTokenSpec[];
  /** Live and mutable: each request reads the current list. */
  admins: IntercomAdmin[];
  activityLogs: ActivityLog[];
  /** Live team definitions (`GET /teams` adds members from `admins`). */
  teams: IntercomTeam[];
  /** Set to true (or false) at any time: the activity log answers 403 api_plan_restricted while it is true. */
  activityLogRestricted: boolean;
  /** Records an activity (filling id, date and description) and returns it. */
  addActivityLog(activity: NewActivity): ActivityLog;
  /** Removes an admin from the list (and so from every team) and records its removal by `by`; returns the event. */
  deleteAdmin(id: string, options: DeleteAdminOptions): ActivityLog;
  log: RequestLog;
  controls: Controls;
  close(): Promise<void>;
}
