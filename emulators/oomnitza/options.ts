import type { Controls, RateLimitSettings, WriteLimitSettings } from "../kit/controls.js";
import type { RequestLog } from "../kit/log.js";
import type { CustomFieldType } from "./fields.js";
import type { OomnitzaProfile, OomnitzaStrictness } from "./profile.js";
import type { SaasRecord, SaasStore } from "./saas-store.js";
import type { OomnitzaUser } from "./types.js";
import type { OomnitzaHostility } from "./hostile.js";

export interface OomnitzaTokenSpec {
  token: string;
  /** The Oomnitza user the token belongs to: written as created_by / changed_by. */
  username: string;
  /** "read-only" → 403 on writes, "none" → 403 on everything (default "full"). */
  access?: "full" | "read-only" | "none";
}

export interface OomnitzaEmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The main (full access) token. Default DEFAULT_TOKENS.oomnitza. */
  token?: string;
  /** Username of the main token's user. Default DEFAULT_OOMNITZA_TOKEN_USER. */
  tokenUser?: string;
  /** Extra tokens. Default: DEFAULT_TOKENS.oomnitzaReadOnly and .oomnitzaNoAccess. */
  tokens?: OomnitzaTokenSpec[];
  /** Seed people; missing user_id, dates and created_by are filled in. */
  users?: Array<Partial<OomnitzaUser>>;
  /** Custom user fields and their types. Default: the intercom_* fields of the default mapping. */
  customFields?: Record<string, CustomFieldType>;
  /** SaaS records to start with. Default: Slack, Zoom and Google Workspace (no Intercom: a sync creates it). */
  saas?: Array<Partial<SaasRecord> & { saas_name: string }>;
  /** Seed assignments, by SaaS name and username (the user ids are made at start); `roles` are role_external_ids, made (labelled the same) when the SaaS lacks them. */
  saasUsers?: Array<{ saas_name: string; username: string; user_external_id?: string; roles?: string[] }>;
  /** At most this many rows per page, whatever `limit` asks (default 1000, the cap). */
  maxPageSize?: number;
  /** Return checkbox values as "1"/"0" instead of booleans. */
  checkboxAsString?: boolean;
  /** Return number custom fields as strings ("42"). */
  numbersAsString?: boolean;
  /** Seeds user ids and jitter (default 1). */
  seed?: number;
  /** Off by default (Oomnitza publishes no limits); when set, over the limit is 429. */
  rateLimit?: RateLimitSettings | null;
  /** Off by default; when set, a write that arrives while `maxInFlight` writes are in flight gets 429 (`controls.setWriteLimit` changes it). */
  writeLimit?: WriteLimitSettings | null;
  clock?: () => number;
  /** "friendly" (default: the kind readings, what the demo uses) or "strict" (the hardest the evidence allows); see profile.ts. */
  profile?: OomnitzaProfile;
  /** Single switches on top of the profile, e.g. `{ csrf: true }` or `{ sortby: "refuse" }`. */
  strict?: Partial<OomnitzaStrictness>;
  /** A misbehaving instance (hostile.ts): rows invented forever, fields dropped on write. */
  hostile?: Partial<OomnitzaHostility>;
}

export interface OomnitzaEmulator {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  token: string;
  tokens: OomnitzaTokenSpec[];
  /** By user_id, live: in creation order, which is the default listing order. */
  users: Map<string, OomnitzaUser>;
  /** SaaS records (`saas.records`, by saas_id) and assignments (`saas.assignments`: saas_id → user_id → assignment). */
  saas: SaasStore;
  log: RequestLog;
  controls: Controls;
  /** The profile it started with. */
  profile: OomnitzaProfile;
  /** The switches in force: live, read on every request, so a test may change one mid-run. */
  strictness: OomnitzaStrictness;
  /** The hostile switches in force (live, like `strictness`). */
  hostile: OomnitzaHostility;
  close(): Promise<void>;
}
