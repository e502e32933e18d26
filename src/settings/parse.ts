import { INPUTS, INTERCOM_REGIONS, INTERCOM_VERSIONS, MODES, PREFERENCES, RECORDS, REMOVED_ADMINS, type FailOn, type InputName, type IntercomRegion, type Settings, type SettingsContext, type Threshold } from "./inputs.js";
import { checkMappingAgainstSettings, loadMapping } from "./mapping-source.js";
import type { ProblemLocation } from "./inputs.js";
import { checkUrl } from "./url-policy.js";
import { parseBoolean, parseNotifyList, parseThreshold } from "./values.js";
import type { Mapping } from "../sync/mapping.js";

export type { SettingsContext };

/** One error that lists every problem found in the settings (`locations`: those in a mapping file, and where). */
export class SettingsError extends Error {
  constructor(readonly problems: string[], readonly locations: ProblemLocation[] = []) {
    super(`The settings have ${problems.length === 1 ? "a problem" : `${problems.length} problems`}; nothing was read or written:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}


const allowed = (values: readonly string[]) => values.join(", ");

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
  const mode = oneOf("mode", MODES);
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
    problems.push(`${name("removed-admins")}: "unassign" needs ${name("records")}: users-and-saas-users (people are never deleted; in users mode use report, mark or ignore)`);
  }
  const maxRemovals = parseThreshold(get("max-removals"));
  if (!maxRemovals) bad("max-removals", thresholdHint(get("max-removals"), "a count such as 5, or a percentage from 0% to 100% such as 10%"));
  const dryRun = parseBoolean(get("dry-run"));
  if (dryRun === undefined) bad("dry-run", "allowed: true, false");
  const failOnText = get("fail-on").toLowerCase();
  const failOn: FailOn | undefined = failOnText === "any" || failOnText === "none" ? { kind: failOnText } : parseThreshold(failOnText);
  if (!failOn) bad("fail-on", thresholdHint(get("fail-on"), "any, none, a count such as 3, or a percentage from 0% to 100% such as 5%"));
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
  const activityDays = integer("activity-days", 1, 365);
  const maxWriteConcurrency = integer("max-write-concurrency", 1, 64);

  const { mapping, source: mappingSource, locations } = loadMapping(get("mapping"), get("filter"), context, name, problems);
  if (mapping) checkMappingAgainstSettings(mapping, syncKey, preference, name, problems);

  if (problems.length) throw new SettingsError(problems, locations);
  return {
    mode,
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
    activityDays,
    maxWriteConcurrency,
  };
}


/** What is wrong with a count or percentage, in words: "150% is more than 100%", "2.5 is not a whole number". */
function thresholdHint(value: string, allowedText: string): string {
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(value.trim());
  if (percent && Number(percent[1]) > 100) return `a percentage above 100% means more than all of them; allowed: ${allowedText}`;
  if (/^\d+\.\d+$/.test(value.trim())) return `a count must be a whole number; allowed: ${allowedText}`;
  if (/^-/.test(value.trim())) return `it cannot be negative; allowed: ${allowedText}`;
  return `allowed: ${allowedText}`;
}
