import { INTERCOM_REGIONS, type IntercomRegion } from "../intercom/client.js";
import type { EngineConfig } from "../engine/config.js";
import type { FailOn } from "../report/exit.js";
import type { Threshold } from "../sync/guard.js";

export type { FailOn, IntercomRegion, Threshold };
export { INTERCOM_REGIONS };

/** Every input of the action (and setting of the command line), with its default. */
export const INPUTS = {
  mode: { default: "sync" },
  "intercom-token": { default: "", secret: true },
  "intercom-version": { default: "2.11" },
  "intercom-region": { default: "us" },
  "intercom-url": { default: "" },
  "oomnitza-url": { default: "" },
  "oomnitza-token": { default: "", secret: true },
  records: { default: "users" },
  preference: { default: "create-and-update" },
  "sync-key": { default: "email" },
  mapping: { default: "" },
  filter: { default: "" },
  "saas-name": { default: "Intercom" },
  "removed-admins": { default: "report" },
  "activity-days": { default: "7" },
  "idle-days": { default: "30" },
  "max-removals": { default: "10%" },
  "dry-run": { default: "false" },
  "fail-on": { default: "any" },
  notify: { default: "" },
  "github-token": { default: "", secret: true },
  "timeout-minutes": { default: "30" },
  "heartbeat-url": { default: "" },
  "request-timeout-seconds": { default: "30" },
  "max-attempts": { default: "5" },
  "write-concurrency": { default: "4" },
  "max-write-concurrency": { default: "16" },
} as const satisfies Record<string, { default: string; secret?: boolean }>;
export type InputName = keyof typeof INPUTS;
export const INPUT_NAMES = Object.keys(INPUTS) as InputName[];

export const INTERCOM_VERSIONS = ["1.0", "1.1", "1.2", "1.3", "1.4", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11", "Preview"];
export const RECORDS = ["users", "users-and-saas-users"] as const;
export const PREFERENCES = ["create-and-update", "create-only", "update-only"] as const;
export const REMOVED_ADMINS = ["ignore", "report", "mark", "unassign"] as const;
export const MODES = ["sync", "check"] as const;


/** Every setting, parsed: the engine's part plus what only the adapters use. */
export interface Settings extends EngineConfig {
  /** `sync` writes; `check` only checks that a sync would work (see engine/check.ts). */
  mode: (typeof MODES)[number];
  failOn: FailOn;
  notify: string[];
  githubToken: string;
  heartbeatUrl?: string;
}

export interface SettingsContext {
  /** Folder that relative mapping paths are read from (the workspace in Actions). */
  cwd: string;
  /** How inputs are named in messages: "input" (action) or "flag" etc. */
  describeInput?: (name: InputName) => string;
  /**
   * Where a missing token should be put. The action says "a secret"; the command line
   * says "an environment variable", since it refuses tokens as flags.
   */
  tokenHint?: (name: InputName) => string;
}

/** Where a settings problem is in a file the user wrote (a mapping file), so an adapter can annotate that line. */
export interface ProblemLocation {
  /** The problem, word for word as SettingsError lists it. */
  problem: string;
  /** Absolute path of the file. */
  file: string;
  /** 1-based, when known (a YAML syntax error); a problem with the file as a whole has none. */
  line?: number;
  column?: number;
}
