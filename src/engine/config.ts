import type { Redactor } from "../redact.js";
import type { Preference, RemovedAdmins, SettingName } from "../sync/decisions.js";
import type { Threshold } from "../sync/guard.js";
import type { Mapping } from "../sync/mapping.js";

export type IntercomRegion = "us" | "eu" | "au";
export type Records = "users" | "users-and-saas-users";

/** What the engine needs to run one sync; the adapters make it from their settings. */
export interface EngineConfig {
  intercomToken: string;
  intercomVersion: string;
  intercomRegion: IntercomRegion;
  /** Base URL actually used: the override, or the region's host. */
  intercomUrl: string;
  oomnitzaUrl: string;
  oomnitzaToken: string;
  records: Records;
  preference: Preference;
  syncKey: string;
  mapping: Mapping;
  /** Where the mapping came from, for the summary: "default", a file path, or "inline". */
  mappingSource: string;
  saasName: string;
  removedAdmins: RemovedAdmins;
  maxRemovals: Threshold;
  dryRun: boolean;
  timeoutMinutes: number;
  requestTimeoutSeconds: number;
  maxAttempts: number;
  /** Writes in flight at first; grows while writes succeed fast. */
  writeConcurrency: number;
  /** How many days of Intercom's activity log are read (last logins, removal evidence). */
  activityDays: number;
  /** The most writes in flight the limit may grow to (never below writeConcurrency). */
  maxWriteConcurrency: number;
  /** An inbox seat whose last login is older than this many days (or unknown) is idle (default 30). */
  idleDays?: number;
  /** Sync just the admin with this email; removal detection is off then. */
  only?: string;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface EngineOptions {
  redactor: Redactor;
  log?: Logger;
  now?: () => Date;
  /** How long the HTTP layer's first retry waits (default 1 s); tests make it short. */
  retryBaseDelayMs?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Cancellation (the workflow run was cancelled, Ctrl-C): reads in progress and retry
   * waits stop at once, no new write starts, a write in flight gets 2 s to finish, and
   * the report says what was done.
   */
  signal?: AbortSignal;
  /** How settings are named in messages: the action's input names by default. */
  settingName?: SettingName;
}

export const silentLogger: Logger = { info() {}, warn() {} };
