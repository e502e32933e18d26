import { asInputName, type SettingName } from "../sync/decisions.js";
import type { RunContext } from "../sync/admin-values.js";
import { describeMissingFields, ruleValue, usesSource, type Mapping } from "../sync/mapping.js";
import { managedLabels, type SaasRoleRule } from "../sync/saas-roles.js";
import { REMOVAL_FIELD_TYPES, REMOVAL_FIELDS } from "../sync/removal-evidence.js";
import { readActivity, readTeams } from "../intercom/activity.js";
import type { ActivitySummary, Admin, InvalidAdmin, OomnitzaUser, SaasState, SaasUser } from "../sync/records.js";
import { confirmHolders } from "../sync/role-holders.js";
import { usersThePlanNeeds } from "../sync/users-needed.js";
import { plural } from "../report/text.js";
import { nearNames } from "../sync/near-names.js";
import { errorText } from "../sync/steps/failure.js";
import { normaliseKey } from "../sync/values.js";
import { HttpError } from "../http/errors.js";
import type { OomnitzaClient, UserRead } from "../oomnitza/client.js";
import type { EngineConfig, Logger } from "./config.js";
import type { Apis } from "./connect.js";

/** Everything a plan is made from. */
export interface State {
  admins: Admin[];
  invalid: InvalidAdmin[];
  /** What Intercom returned, also when `only` narrowed the run to one admin (for removal detection). */
  all: { admins: Admin[]; invalid: InvalidAdmin[] };
  users: OomnitzaUser[];
  /** How the users were read, and whether the read is proven complete. */
  read: UserRead;
  /** People looked up by their key because the read was not proven complete. */
  lookedUp: number;
  /** What those look-ups cost (requests, filter forms the instance took). */
  lookups?: { requests: number; forms: string[] };
  saas?: SaasState;
  /** Intercom's activity log for the window, when the run needs it and it could be read. */
  activity?: ActivitySummary;
  /** Team id → name, when the mapping uses team names and the list could be read. */
  teamNames?: Map<string, string>;
}

/** The mapping writes fields the instance does not have: nothing may be written. */
export class MissingFieldsError extends Error {
  constructor(readonly fields: string[], description: string) {
    super(`Oomnitza has no user field ${description}; create ${fields.length === 1 ? "it" : "them"} (Configuration › Data model › People) or remove ${fields.length === 1 ? "it" : "them"} from the mapping. Nothing was written`);
    this.name = "MissingFieldsError";
  }
}

/**
 * Reads both sides. Intercom and the Oomnitza connection check go first, at once; the
 * check may hand out a CSRF token every later request sends back. Then the people and
 * the SaaS record. All reads settle before a failure is reported (the first in this
 * order), so nothing is left running.
 */
export async function readState(apis: Apis, config: EngineConfig, run: RunContext, log: Logger, name: SettingName = asInputName): Promise<State> {
  log.info(`Fetching Intercom admins from ${new URL(config.intercomUrl).host} and reading Oomnitza at ${new URL(config.oomnitzaUrl).host}`);
  const adminsRead = apis.intercom.listAdmins().then((result) => selectAdmins(result, config.only));
  const needed = adminsRead.then(({ admins }) => usersThePlanNeeds(admins, config.mapping, config.syncKey, run));
  needed.catch(() => {}); // its failure is adminsRead's, reported below
  const connected = apis.oomnitza.checkConnection();
  const peopleRead = connected.then(() => apis.oomnitza.readUsers(fieldsToRead(config), needed));
  const saasRead = config.records === "users-and-saas-users" ? connected.then(() => readSaas(apis.oomnitza, config.saasName, name, config.mapping)) : Promise.resolve(undefined);
  const extras = readExtras(apis, config, run);
  const settled = await Promise.allSettled([adminsRead, connected, peopleRead, saasRead] as const);
  const problems = [...new Set(settled.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : [])))];
  // A cancelled run cuts off every read at once: the first says why, the rest add nothing.
  const cancelled = problems.find((problem) => problem instanceof HttpError && problem.code === "cancelled");
  if (cancelled) throw cancelled;
  // Both sides are reported at once: a run with two wrong tokens names both.
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new Error([...new Set(problems.map(errorText))].join("; and "));
  const [intercom, , people, saas] = settled.map((o) => (o as PromiseFulfilledResult<unknown>).value) as [Awaited<typeof adminsRead>, void, Awaited<typeof peopleRead>, SaasState | undefined];
  const { admins, invalid, all } = intercom;
  const { read } = people;
  if (read.missingFields.length) throw new MissingFieldsError(read.missingFields, describeMissingFields(config.mapping, read.missingFields, REMOVAL_FIELD_TYPES));
  read.fallbacks.forEach((note) => log.warn(`Oomnitza read: ${note}`));
  const skipped = invalid.length ? ` and ${plural(invalid.length, "entry", "entries")} that ${invalid.length === 1 ? "is not an admin" : "are not admins"}` : "";
  const only = config.only === undefined ? "" : `; only ${JSON.stringify(config.only.trim())} is synced (the selection keeps ${admins.length})`;
  log.info(`Intercom returned ${plural(all.admins.length, "admin", "admins")}${config.only === undefined ? skipped : only}`);
  const { users, lookedUp, lookups } = read.complete ? { users: people.users, lookedUp: 0, lookups: undefined } : await completeByLookup(apis.oomnitza, people.users, admins, config, run, read, log);
  if (saas?.rolesProblem) log.warn(rolesWarning(saas.rolesProblem));
  if (saas?.roles?.holdersNote) log.warn(saas.roles.holdersNote);
  const saasNote = saas ? `; the SaaS record ${JSON.stringify(config.saasName)} ${saas.record ? `has ${plural(saas.users.length, "SaaS user", "SaaS users")}` : "does not exist yet"}` : "";
  log.info(`Read ${plural(read.unique, "person", "people")} from Oomnitza; ${plural(users.length, "of them matches an admin or carries", "of them match an admin or carry")} an Intercom ID${saasNote}`);
  const { warnings, ...extra } = await extras;
  warnings.forEach((warning) => log.warn(warning));
  return { admins, invalid, all, users, read, lookedUp, ...(lookups ? { lookups } : {}), saas, ...extra };
}

/**
 * Whether the run reads Intercom's activity log: always, since idle seats are counted
 * from last logins on every run (and a mapping may write them, or removals be marked).
 */
export const needsActivity = (_config: EngineConfig) => true;
/** Whether the run needs Intercom's team list: a mapping that uses team names. */
export const needsTeams = (config: EngineConfig) => usesSource(config.mapping, "primary_team_names");
/** The start of the activity log's window (unix seconds) for a run starting at `startedMs`. */
export const activitySince = (config: EngineConfig, startedMs: number) => Math.floor(startedMs / 1000) - config.activityDays * 86400;

/**
 * What only some runs need from Intercom besides the admins: the activity log (last
 * logins, removal evidence) and the team names. Both are optional: when Intercom will
 * not give them (a plan without the activity log, a token without the scope), one
 * warning says so and the run carries on without.
 */
async function readExtras(apis: Apis, config: EngineConfig, run: RunContext): Promise<Pick<State, "activity" | "teamNames"> & { warnings: string[] }> {
  const warnings: string[] = [];
  const [activity, teamNames] = await Promise.all([
    needsActivity(config) ? optional(readActivity(apis.intercom, activitySince(config, Date.parse(run.syncTime))), warnings, "Intercom's activity log", "last logins (idle seats then rest on the last logins Oomnitza keeps) and the evidence of removals (removal times fall back to when the sync first noticed)") : undefined,
    needsTeams(config) ? optional(readTeams(apis.intercom), warnings, "Intercom's team list", "team names") : undefined,
  ]);
  if (activity && !activity.complete) warnings.push(`Intercom's activity log was read only in part (${activity.pages} pages): it kept handing out pages`);
  return { ...(activity ? { activity } : {}), ...(teamNames ? { teamNames } : {}), warnings };
}

/** An optional read: its failure is a warning, said only once the run is known to carry on (a read cut short by the run's own failure says nothing). */
async function optional<T>(work: Promise<T>, warnings: string[], what: string, without: string): Promise<T | undefined> {
  try {
    return await work;
  } catch (err) {
    warnings.push(`${what} is not available (${errorText(err)}); the sync carries on without ${without}`);
    return undefined;
  }
}

/**
 * A read not proven complete may have missed people: every admin's key is looked up,
 * so a person the read missed is updated, never created a second time, and two people
 * with one key are still found ambiguous when the read saw only one of them.
 */
export async function completeByLookup(client: OomnitzaClient, users: OomnitzaUser[], admins: Admin[], config: EngineConfig, run: RunContext, read: UserRead, log: Logger) {
  log.warn(`The Oomnitza read is not proven complete (${read.problems.join("; ")}); every admin is looked up by ${config.syncKey} before anything is planned`);
  const keyRule = config.mapping.fields.find((rule) => rule.field === config.syncKey);
  const keys = keyRule ? admins.map((admin) => ruleValue(keyRule, admin, run)).filter((value): value is string | number => value !== null && typeof value !== "boolean") : [];
  const before = client.lookup.stats.requests;
  const found = keys.length ? await client.lookUpUsers(config.syncKey, keys.map(String), fieldsToRead(config)) : [];
  const byId = new Map(users.map((user) => [user.user_id, user]));
  for (const user of found) byId.set(user.user_id, user);
  const lookups = { requests: client.lookup.stats.requests - before, forms: [...client.lookup.stats.forms] };
  if (lookups.forms.some((form) => form.startsWith("one "))) log.warn(`Oomnitza refused list filters in look-ups, so people were looked up one value at a time (${lookups.requests} requests)`);
  return { users: [...byId.values()], lookedUp: new Set(keys.map(normaliseKey)).size, lookups };
}

/** `only` narrows the run to one admin; `all` keeps what Intercom returned. */
function selectAdmins(result: { admins: Admin[]; invalid: InvalidAdmin[] }, only: string | undefined) {
  if (only === undefined) return { ...result, all: result };
  const wanted = only.trim().toLowerCase();
  const admins = result.admins.filter((admin) => admin.email.trim().toLowerCase() === wanted);
  if (admins.length === 0) throw new Error(`no Intercom admin has the email ${JSON.stringify(only)}`);
  return { admins, invalid: [] as InvalidAdmin[], all: result };
}

/** Only the fields the plan compares, so reading a large instance stays light. */
export function fieldsToRead(config: EngineConfig): string[] {
  const marks = config.removedAdmins === "mark" || config.removedAdmins === "unassign" ? [REMOVAL_FIELDS.at, REMOVAL_FIELDS.by] : [];
  return [...new Set(["user_id", "username", "email", "first_name", "last_name", "full_name", config.syncKey, ...config.mapping.fields.map((rule) => rule.field), ...marks])];
}

/**
 * The SaaS record named saas-name and its users. Two records of that name is an error,
 * not a guess; so is a missing record while one with a near name exists (a typo in
 * saas-name must not create a stray record).
 */
export async function readSaas(client: OomnitzaClient, name: string, setting: SettingName, mapping?: Mapping): Promise<SaasState> {
  const found = await client.findSaas(name);
  if (found.length > 1) {
    throw new Error(`Oomnitza has ${found.length} SaaS records named ${JSON.stringify(name)} (ids ${found.map((r) => r.saas_id).join(", ")}); rename one or set ${setting("saas-name")}, nothing was written`);
  }
  const record = found[0];
  if (!record) {
    const all = await client.listSaas();
    const near = all.filter((r) => nearNames(name, [r.saas_name]).length > 0);
    if (near.length) {
      const names = near.map((r) => `${JSON.stringify(r.saas_name)} (id ${r.saas_id})`).join(" or ");
      throw new Error(`Oomnitza has no SaaS record named ${JSON.stringify(name)}; did you mean ${names}? Set ${setting("saas-name")} to the record's exact name (or create ${JSON.stringify(name)} in Oomnitza first if it is meant to be new); nothing was created or written`);
    }
  }
  const users = record ? await client.listSaasUsers(record.saas_id) : [];
  if (!mapping?.saasRole) return { record, users };
  try {
    return { record, users, roles: await readRoles(client, record?.saas_id, mapping.saasRole, users) };
  } catch (err) {
    // Seat roles are an enrichment on endpoints only one description shows: their absence costs the roles, not the run.
    if (err instanceof HttpError && err.code === "cancelled") throw err;
    return { record, users, rolesProblem: errorText(err) };
  }
}

/** The warning for a run whose SaaS roles could not be read. */
export const rolesWarning = (problem: string) => `Oomnitza's SaaS roles are not available (${problem}); the sync carries on and leaves seat roles (saas-role) as they are`;

/**
 * The record's roles and who holds those the mapping gives (a record made by this run
 * has none). Holders are read per role (`?roles=`), since a user row shows one role only
 * on some instances.
 */
async function readRoles(client: OomnitzaClient, saasId: string | undefined, rule: SaasRoleRule, users: SaasUser[]): Promise<NonNullable<SaasState["roles"]>> {
  const ids = new Map<string, string>();
  const answers = new Map<string, Set<string>>();
  if (saasId === undefined) return { ids, holders: answers };
  const managed = managedLabels(rule);
  for (const role of await client.listSaasRoles(saasId)) if (role.label && !ids.has(role.label)) ids.set(role.label, role.id);
  for (const [label, id] of ids) if (!managed || managed.includes(label)) answers.set(id, await client.listRoleHolders(saasId, id));
  // The filter's answers are checked against the users' own rows before anything is planned from them.
  const { holders, how, note } = confirmHolders(answers, users);
  return { ids, holders, ...(how === "unknown" ? { holdersUnknown: true } : {}), ...(note ? { holdersNote: note } : {}) };
}
