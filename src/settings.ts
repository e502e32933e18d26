import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import YAML, { LineCounter } from "yaml";
import { INTERCOM_REGIONS, type IntercomRegion } from "./intercom/client.js";
import { parseFilter } from "./sync/filter.js";
import { DEFAULT_MAPPING_YAML, parseMapping, type Mapping } from "./sync/mapping.js";
import type { Preference } from "./sync/plan.js";

/** Every input of PRODUCT.md §2 plus the tuning inputs, with its default. */
export const INPUTS = {
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
} as const satisfies Record<string, { default: string; secret?: boolean }>;
export type InputName = keyof typeof INPUTS;
export const INPUT_NAMES = Object.keys(INPUTS) as InputName[];

export const INTERCOM_VERSIONS = ["1.0", "1.1", "1.2", "1.3", "1.4", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11", "Preview"];
export const RECORDS = ["users", "users-and-saas-users"] as const;
export const PREFERENCES = ["create-and-update", "create-only", "update-only"] as const;
export const REMOVED_ADMINS = ["ignore", "report", "unassign"] as const;

export type Threshold = { kind: "count"; value: number } | { kind: "percent"; value: number };
export type FailOn = { kind: "any" } | { kind: "none" } | Threshold;

export interface Settings {
  intercomToken: string;
  intercomVersion: string;
  intercomRegion: IntercomRegion;
  /** Base URL actually used: the override, or the region's host. */
  intercomUrl: string;
  oomnitzaUrl: string;
  oomnitzaToken: string;
  records: (typeof RECORDS)[number];
  preference: Preference;
  syncKey: string;
  mapping: Mapping;
  /** Where the mapping came from, for the summary: "default", a file path, or "inline". */
  mappingSource: string;
  saasName: string;
  removedAdmins: (typeof REMOVED_ADMINS)[number];
  maxRemovals: Threshold;
  dryRun: boolean;
  failOn: FailOn;
  notify: string[];
  githubToken: string;
  timeoutMinutes: number;
  heartbeatUrl?: string;
  requestTimeoutSeconds: number;
  maxAttempts: number;
  writeConcurrency: number;
  /**
   * Command line only (`--only EMAIL`): sync just the admin with this email. Removal
   * detection is off then, since every other person would look removed.
   */
  only?: string;
}

/** One error that lists every problem found in the settings. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`The settings have ${problems.length === 1 ? "a problem" : `${problems.length} problems`}; nothing was read or written:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
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

const allowed = (values: readonly string[]) => values.join(", ");
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Parses and validates every input at once. `raw` gives the text of each input as
 * the user set it (undefined or "" means "use the default").
 */
export function parseSettings(raw: Partial<Record<InputName, string | undefined>>, context: SettingsContext): Settings {
  const problems: string[] = [];
  const name = context.describeInput ?? ((n: InputName) => n);
  const get = (input: InputName): string => {
    const value = raw[input];
    return value === undefined || value.trim() === "" ? INPUTS[input].default : value.trim();
  };
  const bad = (input: InputName, allowedText: string) => {
    const secret = "secret" in INPUTS[input];
    problems.push(`${name(input)}: ${secret ? "the value given" : JSON.stringify(get(input))} is not allowed; ${allowedText}`);
  };
  const oneOf = <T extends string>(input: InputName, values: readonly T[]): T => {
    const value = get(input);
    const match = values.find((v) => v.toLowerCase() === value.toLowerCase());
    if (!match) bad(input, `allowed: ${allowed(values)}`);
    return (match ?? values[0]) as T;
  };
  const required = (input: InputName, hint: string): string => {
    const value = get(input);
    if (!value) problems.push(`${name(input)}: required but empty; ${hint}`);
    return value;
  };
  const integer = (input: InputName, min: number, max: number): number => {
    const value = get(input);
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      bad(input, `allowed: a whole number from ${min} to ${max}`);
      return Number(INPUTS[input].default);
    }
    return n;
  };

  const tokenHint = context.tokenHint ?? ((input: InputName) => `set it from a secret, e.g. \${{ secrets.${input.replace(/-/g, "_").toUpperCase()} }}`);
  const intercomToken = required("intercom-token", tokenHint("intercom-token"));
  const intercomVersion = get("intercom-version");
  if (!INTERCOM_VERSIONS.includes(intercomVersion)) bad("intercom-version", `allowed: ${allowed(INTERCOM_VERSIONS)}`);
  const intercomRegion = oneOf("intercom-region", Object.keys(INTERCOM_REGIONS) as IntercomRegion[]);
  const override = get("intercom-url");
  const intercomUrl = override ? checkUrl("intercom-url", override, name, problems) : INTERCOM_REGIONS[intercomRegion];
  const oomnitzaRaw = required("oomnitza-url", "the instance URL, e.g. https://acme.oomnitza.com");
  const oomnitzaUrl = oomnitzaRaw ? checkUrl("oomnitza-url", oomnitzaRaw, name, problems) : "";
  const oomnitzaToken = required("oomnitza-token", tokenHint("oomnitza-token"));
  const records = oneOf("records", RECORDS);
  const preference = oneOf("preference", PREFERENCES);
  const syncKey = get("sync-key");
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(syncKey) || syncKey === "user_id") {
    bad("sync-key", "allowed: an Oomnitza user field name such as email, username or a custom field like intercom_id");
  }
  const saasName = get("saas-name");
  const removedAdmins = oneOf("removed-admins", REMOVED_ADMINS);
  if (removedAdmins === "unassign" && records === "users") {
    problems.push(`${name("removed-admins")}: "unassign" needs ${name("records")}: users-and-saas-users (people are never deleted; in users mode use report or ignore)`);
  }
  const maxRemovals = parseThreshold(get("max-removals"));
  if (!maxRemovals) bad("max-removals", "allowed: a count such as 5, or a percentage such as 10%");
  const dryRun = parseBoolean(get("dry-run"));
  if (dryRun === undefined) bad("dry-run", "allowed: true, false");
  const failOnText = get("fail-on").toLowerCase();
  const failOn: FailOn | undefined = failOnText === "any" || failOnText === "none" ? { kind: failOnText } : parseThreshold(failOnText);
  if (!failOn) bad("fail-on", "allowed: any, none, a count such as 3, or a percentage such as 5%");
  const { names: notify, invalid: badNotify } = parseNotifyList(get("notify"));
  for (const who of badNotify) {
    problems.push(`${name("notify")}: ${JSON.stringify(who)} is not a GitHub user or team; allowed: names like alice or @acme/it-ops, separated by commas`);
  }
  const timeoutMinutes = integer("timeout-minutes", 1, 360);
  const heartbeat = get("heartbeat-url");
  const heartbeatUrl = heartbeat ? checkUrl("heartbeat-url", heartbeat, name, problems) : undefined;
  const requestTimeoutSeconds = integer("request-timeout-seconds", 1, 600);
  const maxAttempts = integer("max-attempts", 1, 10);
  const writeConcurrency = integer("write-concurrency", 1, 32);

  const { mapping, source: mappingSource } = loadMapping(get("mapping"), get("filter"), context, name, problems);
  if (mapping) checkMappingAgainstSettings(mapping, syncKey, preference, name, problems);

  if (problems.length) throw new SettingsError(problems);
  return {
    intercomToken,
    intercomVersion,
    intercomRegion,
    intercomUrl,
    oomnitzaUrl,
    oomnitzaToken,
    records,
    preference,
    syncKey,
    mapping: mapping as Mapping,
    mappingSource,
    saasName,
    removedAdmins,
    maxRemovals: maxRemovals as Threshold,
    dryRun: dryRun as boolean,
    failOn: failOn as FailOn,
    notify,
    githubToken: get("github-token"),
    timeoutMinutes,
    heartbeatUrl,
    requestTimeoutSeconds,
    maxAttempts,
    writeConcurrency,
  };
}

/**
 * `notify`: users or org/team names, "@" optional, separated by commas or spaces.
 * Exported so a run whose other settings are wrong can still mention the valid names.
 */
export function parseNotifyList(text: string): { names: string[]; invalid: string[] } {
  const all = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((who) => who.replace(/^@/, ""));
  const valid = (who: string) => /^[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9_.-]+)?$/.test(who);
  return { names: all.filter(valid), invalid: all.filter((who) => !valid(who)) };
}

export function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (["true", "yes", "1", "on"].includes(v)) return true;
  if (["false", "no", "0", "off", ""].includes(v)) return false;
  return undefined;
}

export function parseThreshold(value: string): Threshold | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === "%") return n <= 100 ? { kind: "percent", value: n } : undefined;
  return Number.isInteger(n) ? { kind: "count", value: n } : undefined;
}

/**
 * Only HTTPS leaves the machine: tokens in clear text over the network would be
 * readable by anyone on the path. Plain http is allowed for loopback (emulators, a
 * local proxy).
 */
function checkUrl(input: InputName, value: string, name: (n: InputName) => string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name(input)}: ${JSON.stringify(value)} is not a URL; allowed: an https:// URL such as https://acme.oomnitza.com`);
    return "";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push(`${name(input)}: ${JSON.stringify(value)} uses ${url.protocol}; allowed: https:// (http:// only for loopback hosts)`);
  } else if (url.protocol === "http:" && !LOOPBACK.has(url.hostname) && !url.hostname.startsWith("127.")) {
    problems.push(`${name(input)}: ${JSON.stringify(value)} is plain http:// to ${url.hostname}; tokens would cross the network unencrypted, so only https:// is allowed (http:// only for loopback hosts such as 127.0.0.1)`);
  }
  if (url.username || url.password) {
    problems.push(`${name(input)}: the URL carries credentials; put tokens in the token inputs instead`);
  }
  return value.replace(/\/+$/, "");
}

function loadMapping(
  value: string,
  filterText: string,
  context: SettingsContext,
  name: (n: InputName) => string,
  problems: string[],
): { mapping?: Mapping; source: string } {
  const defaults = parseMapping(YAML.parse(DEFAULT_MAPPING_YAML)).mapping as Mapping;
  let mapping: Mapping | undefined = defaults;
  let source = "default";
  if (value) {
    let text = value;
    let where = name("mapping");
    const looksInline = /[\n{]/.test(value) || /^\s*(fields|filter|extends)\s*:/.test(value);
    if (!looksInline) {
      const file = path.resolve(context.cwd, value);
      if (!existsSync(file) || !statSync(file).isFile()) {
        problems.push(`${name("mapping")}: no file at ${JSON.stringify(value)} (looked in ${context.cwd}); allowed: a path to a YAML or JSON mapping file, or the mapping inline as YAML`);
        return { source: value };
      }
      text = readFileSync(file, "utf8");
      where = `${name("mapping")} (${value})`;
      source = value;
    } else {
      source = "inline";
    }
    const doc = parseYaml(text, where, problems);
    if (doc === undefined) return { source };
    const parsed = parseMapping(doc, defaults);
    parsed.problems.forEach((p) => problems.push(`${where}: ${p}`));
    mapping = parsed.mapping;
  }
  if (filterText) {
    const doc = parseYaml(filterText, name("filter"), problems);
    if (doc !== undefined) {
      const list = doc && typeof doc === "object" && !Array.isArray(doc) && "filter" in doc ? (doc as { filter: unknown }).filter : doc;
      const before = problems.length;
      const extra: string[] = [];
      const rules = parseFilter(list, "filter", extra);
      extra.forEach((p) => problems.push(`${name("filter")}: ${p}`));
      if (mapping && problems.length === before) mapping = { ...mapping, filter: [...mapping.filter, ...rules] };
    }
  }
  return { mapping, source };
}

/** YAML (JSON is YAML too), with the line and column of a syntax error. */
function parseYaml(text: string, where: string, problems: string[]): unknown {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length) {
    for (const error of doc.errors.slice(0, 3)) {
      const pos = lines.linePos(error.pos[0]);
      const at = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
      problems.push(`${where}: not valid YAML${at}: ${error.message.split("\n")[0]}`);
    }
    return undefined;
  }
  return doc.toJS();
}

/** Creating a person needs username and the sync-key field (Oomnitza's "Draft" rule). */
function checkMappingAgainstSettings(mapping: Mapping, syncKey: string, preference: Preference, name: (n: InputName) => string, problems: string[]): void {
  const keyRule = mapping.fields.find((rule) => rule.field === syncKey);
  if (!keyRule) {
    problems.push(`${name("mapping")}: no rule fills the sync-key field ${JSON.stringify(syncKey)}, so no admin could be matched; add fields.${syncKey} (e.g. ${syncKey}: email) or change ${name("sync-key")}`);
  } else if (keyRule.value !== undefined) {
    problems.push(`${name("mapping")}: fields.${syncKey} is a constant, but it is the sync key and must differ per person; map it from a source such as email or id`);
  }
  if (preference !== "update-only" && !mapping.fields.some((rule) => rule.field === "username")) {
    problems.push(`${name("mapping")}: no rule fills username, which Oomnitza needs to create a person; add fields.username (e.g. { source: email, on: create }) or set ${name("preference")}: update-only`);
  }
}
