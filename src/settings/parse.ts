import { refine, string, type, validate, type Failure } from "superstruct";
import type { Mapping } from "../sync/mapping.js";
import { INPUT_NAMES, INPUTS, INTERCOM_REGIONS, INTERCOM_VERSIONS, MODES, PREFERENCES, RECORDS, REMOVED_ADMINS, type InputName, type IntercomRegion, type Settings, type SettingsContext } from "./inputs.js";
import { checkMappingAgainstSettings, loadMapping } from "./mapping-source.js";
import type { ProblemLocation } from "./inputs.js";
import { BooleanWords, FailOnRule, notEmpty, NotifyList, oneOf, oneOfValues, SyncKey, Threshold, url, wholeNumber } from "./rules.js";
import { apiOrigin } from "./url-policy.js";

export type { SettingsContext };

/** One error that lists every problem found in the settings. */
export class SettingsError extends Error {
  constructor(readonly problems: string[], readonly locations: ProblemLocation[] = []) {
    super(`The settings have ${problems.length === 1 ? "a problem" : `${problems.length} problems`}; nothing was read or written:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

/**
 * Parses and validates every input at once. `raw` gives the text of each input as
 * the user set it (undefined or "" means "use the default"). Every rule (rules.ts) is
 * checked in one pass; each failure becomes one problem, named by its input.
 */
export function parseSettings(raw: Partial<Record<InputName, string | undefined>>, context: SettingsContext): Settings {
  const name = context.describeInput ?? ((n: InputName) => n);
  const given = {} as Record<InputName, string>;
  for (const input of INPUT_NAMES) {
    const value = raw[input];
    given[input] = value === undefined || value.trim() === "" ? INPUTS[input].default : value.trim();
  }
  const [error, valid] = validate(given, settingsStruct(context, name), { coerce: true });
  const problems = error ? error.failures().map((failure) => problemOf(failure, given, name)) : [];

  // The mapping is read and checked even when other settings are wrong, so every problem is found in one run.
  const { mapping, source: mappingSource, locations } = loadMapping(given.mapping, given.filter, context, name, problems);
  const preference = oneOfValues(PREFERENCES, given.preference) ?? PREFERENCES[0];
  if (mapping) checkMappingAgainstSettings(mapping, given["sync-key"], preference, name, problems);

  if (problems.length || !valid) throw new SettingsError(problems, locations);
  const intercomUrl = valid["intercom-url"];
  return {
    mode: valid.mode,
    intercomToken: valid["intercom-token"],
    intercomVersion: valid["intercom-version"],
    intercomRegion: valid["intercom-region"],
    intercomUrl: intercomUrl ? apiOrigin(intercomUrl) : INTERCOM_REGIONS[valid["intercom-region"]],
    oomnitzaUrl: apiOrigin(valid["oomnitza-url"]),
    oomnitzaToken: valid["oomnitza-token"],
    records: valid.records,
    preference: valid.preference,
    syncKey: valid["sync-key"],
    mapping: mapping as Mapping,
    mappingSource,
    saasName: valid["saas-name"],
    removedAdmins: valid["removed-admins"],
    maxRemovals: valid["max-removals"],
    dryRun: valid["dry-run"],
    failOn: valid["fail-on"],
    notify: valid.notify,
    githubToken: valid["github-token"],
    timeoutMinutes: valid["timeout-minutes"],
    heartbeatUrl: valid["heartbeat-url"] || undefined,
    requestTimeoutSeconds: valid["request-timeout-seconds"],
    maxAttempts: valid["max-attempts"],
    writeConcurrency: valid["write-concurrency"],
    activityDays: valid["activity-days"],
    idleDays: valid["idle-days"],
    maxWriteConcurrency: valid["max-write-concurrency"],
  };
}

/**
 * Every input's rule, in the order its problems are listed. Built per run: the words of
 * a missing token and of the unassign rule name the inputs as this run does.
 */
function settingsStruct(context: SettingsContext, name: (n: InputName) => string) {
  const tokenHint = context.tokenHint ?? ((input: InputName) => `set it from a secret, e.g. \${{ secrets.${input.replace(/-/g, "_").toUpperCase()} }}`);
  // People are never deleted, so unassigning needs the SaaS users; an unknown records value counts as its default.
  const unassignNeedsSaas = refine(oneOf(REMOVED_ADMINS), "unassign needs SaaS users", (value, ctx) => {
    const records = oneOfValues(RECORDS, String((ctx.branch[0] as Record<InputName, string>).records)) ?? RECORDS[0];
    return value !== "unassign" || records !== "users" || `"unassign" needs ${name("records")}: users-and-saas-users (people are never deleted; in users mode use report, mark or ignore)`;
  });
  return type({
    mode: oneOf(MODES),
    "intercom-token": notEmpty(tokenHint("intercom-token")),
    "intercom-version": oneOf(INTERCOM_VERSIONS, false),
    "intercom-region": oneOf(Object.keys(INTERCOM_REGIONS) as IntercomRegion[]),
    "intercom-url": url("intercom-url"),
    "oomnitza-url": url("oomnitza-url", notEmpty("the instance URL, e.g. https://acme.oomnitza.com")),
    "oomnitza-token": notEmpty(tokenHint("oomnitza-token")),
    records: oneOf(RECORDS),
    preference: oneOf(PREFERENCES),
    "sync-key": SyncKey,
    "removed-admins": unassignNeedsSaas,
    "max-removals": Threshold,
    "dry-run": BooleanWords,
    "fail-on": FailOnRule,
    notify: NotifyList,
    "timeout-minutes": wholeNumber(1, 360),
    "heartbeat-url": url("heartbeat-url"),
    "request-timeout-seconds": wholeNumber(1, 600),
    "max-attempts": wholeNumber(1, 10),
    "write-concurrency": wholeNumber(1, 32),
    "activity-days": wholeNumber(1, 365),
    "idle-days": wholeNumber(1, 3650),
    "max-write-concurrency": wholeNumber(1, 64),
    "saas-name": string(),
    "github-token": string(),
    mapping: string(),
    filter: string(),
  });
}

/** A failure in words: a refinement says its whole problem; a value the rule does not allow is shown (never a secret's) before what is allowed. */
function problemOf(failure: Failure, given: Record<InputName, string>, name: (n: InputName) => string): string {
  const input = failure.path[0] as InputName;
  if (failure.refinement !== undefined) return `${name(input)}: ${failure.message}`;
  const shown = "secret" in INPUTS[input] ? "the value given" : JSON.stringify(given[input]);
  return `${name(input)}: ${shown} is not allowed; ${failure.message}`;
}
