import type { UserRead } from "../oomnitza/client.js";
import type { CheckItem, CheckReport } from "../report/check.js";
import type { Counts } from "../report/model.js";
import { countEntries } from "../report/model.js";
import { reportLines } from "../report/build.js";
import { isoSeconds, type RunContext } from "../sync/admin-values.js";
import { asInputName, type SettingName } from "../sync/decisions.js";
import { checkGuards } from "../sync/guard.js";
import { describeMissingFields } from "../sync/mapping.js";
import { REMOVAL_FIELD_TYPES } from "../sync/removal-evidence.js";
import { planSync } from "../sync/plan.js";
import type { ActivitySummary, Admin, InvalidAdmin, OomnitzaUser, SaasState } from "../sync/records.js";
import { presentIds } from "../sync/removed.js";
import { errorText } from "../sync/steps/failure.js";
import { usersThePlanNeeds } from "../sync/users-needed.js";
import { silentLogger, type EngineConfig, type EngineOptions } from "./config.js";
import { connect } from "./connect.js";
import { activitySince, completeByLookup, fieldsToRead, needsActivity, needsTeams, readSaas } from "./read.js";
import { readActivity, readTeams } from "../intercom/activity.js";
import { runInfo } from "./run-info.js";
import { requiredFieldFix } from "../report/advice.js";

type Settled<T> = { ok: true; value: T } | { ok: false; error: string };
const settle = <T>(work: Promise<T>): Promise<Settled<T>> => work.then((value) => ({ ok: true as const, value }), (err: unknown) => ({ ok: false as const, error: errorText(err) }));

/**
 * Checks, writing nothing, whether a sync would work against this Intercom workspace
 * and Oomnitza instance: each side's token, the read parameters the instance takes,
 * the fields the mapping writes, the SaaS record, and what a sync would do now.
 */
export async function runCheck(config: EngineConfig, options: EngineOptions): Promise<CheckReport> {
  const now = options.now ?? (() => new Date());
  const name = options.settingName ?? asInputName;
  const started = now();
  const run: RunContext = { intercomVersion: config.intercomVersion, syncTime: isoSeconds(started) };
  const apis = connect(config, options);
  const items: CheckItem[] = [];
  let wouldDo: Counts | undefined;
  try {
    const [intercom, connected] = await Promise.all([settle(apis.intercom.listAdmins()), settle(apis.oomnitza.checkConnection())]);
    items.push(intercomItem(intercom, config));
    const [activity, teams] = await Promise.all([
      intercom.ok && needsActivity(config) ? settle(readActivity(apis.intercom, activitySince(config, started.getTime()))) : undefined,
      intercom.ok && needsTeams(config) ? settle(readTeams(apis.intercom)) : undefined,
    ]);
    if (activity) items.push(activityItem(activity, config));
    if (teams) items.push(teamsItem(teams));
    items.push(connected.ok ? { id: "oomnitza", title: "Oomnitza token", status: "passed", detail: `${new URL(config.oomnitzaUrl).host} accepted the token${apis.oomnitza.usesCsrf ? "; the instance hands out CSRF tokens, which the sync sends back" : ""}` } : { id: "oomnitza", title: "Oomnitza token", status: "failed", detail: connected.error });
    if (!connected.ok) return finish();
    const admins = intercom.ok ? intercom.value.admins : [];
    const people = await settle(apis.oomnitza.readUsers(fieldsToRead(config), intercom.ok ? usersThePlanNeeds(admins, config.mapping, config.syncKey, run) : () => false));
    if (!people.ok) {
      items.push({ id: "read", title: "Reading Oomnitza people", status: "failed", detail: people.error });
      return finish();
    }
    items.push(readItem(people.value.read, config.syncKey), fieldsItem(people.value.read, config));
    const saas = config.records === "users-and-saas-users" ? await settle(readSaas(apis.oomnitza, config.saasName, name, config.mapping)) : undefined;
    if (saas) items.push(saasItem(saas, config));
    if (saas?.ok && config.mapping.saasRole) items.push(rolesItem(saas.value));
    if (!intercom.ok || people.value.read.missingFields.length || (saas && !saas.ok)) return finish();
    const complete = people.value.read.complete ? { users: people.value.users } : await completeByLookup(apis.oomnitza, people.value.users, admins, config, run, people.value.read, options.log ?? silentLogger);
    const log = activity?.ok ? activity.value : undefined;
    wouldDo = planItem(items, config, { ...run, lastLogins: log?.lastLogin, teamNames: teams?.ok ? teams.value : undefined }, intercom.value, complete.users, saas?.ok ? saas.value : undefined, name, log?.removals);
    return finish();
  } catch (err) {
    items.push({ id: "unexpected", title: "Check", status: "failed", detail: errorText(err) });
    return finish();
  } finally {
    apis.http.close();
  }

  function finish(): CheckReport {
    return options.redactor.redactInPlace({
      schemaVersion: 1,
      kind: "check",
      status: items.some((item) => item.status === "failed") ? "not-ready" : "ready",
      startedAt: started.toISOString(),
      durationMs: now().getTime() - started.getTime(),
      run: runInfo(config),
      items,
      ...(wouldDo ? { wouldDo } : {}),
      apiCalls: apis.http.stats,
    });
  }
}

function intercomItem(result: Settled<{ admins: Admin[]; invalid: InvalidAdmin[] }>, config: EngineConfig): CheckItem {
  const title = "Intercom token, region and version";
  const where = `${new URL(config.intercomUrl).host} (region ${config.intercomRegion}, Intercom-Version ${config.intercomVersion})`;
  if (!result.ok) return { id: "intercom", title, status: "failed", detail: result.error };
  const { admins, invalid } = result.value;
  if (admins.length === 0) return { id: "intercom", title, status: "warning", detail: `${where} accepted the token but lists no admins`, fix: "check that the token belongs to the workspace you mean (and its region)" };
  return { id: "intercom", title, status: "passed", detail: `${where}: ${admins.length} ${admins.length === 1 ? "admin" : "admins"} visible${invalid.length ? `, ${invalid.length} other ${invalid.length === 1 ? "entry" : "entries"} skipped` : ""}` };
}

function activityItem(result: Settled<ActivitySummary>, config: EngineConfig): CheckItem {
  const title = `Intercom activity log (last ${config.activityDays} days)`;
  if (!result.ok) return { id: "activity", title, status: "warning", detail: `not available: ${result.error}`, fix: "the sync carries on without last logins and removal evidence (removal times fall back to when the sync first noticed); a plan with the activity log, or a token with its scope, brings them" };
  const { pages, lastLogin, removals } = result.value;
  return { id: "activity", title, status: "passed", detail: `${pages} ${pages === 1 ? "page" : "pages"}: logins of ${lastLogin.size} ${lastLogin.size === 1 ? "admin" : "admins"}, ${removals.length} ${removals.length === 1 ? "removal" : "removals"}` };
}

function teamsItem(result: Settled<Map<string, string>>): CheckItem {
  const title = "Intercom teams (for primary_team_names)";
  if (!result.ok) return { id: "teams", title, status: "warning", detail: `not available: ${result.error}`, fix: "the sync carries on without team names (the mapped field is left as it is); a token that may read teams brings them" };
  return { id: "teams", title, status: "passed", detail: `${result.value.size} named ${result.value.size === 1 ? "team" : "teams"}` };
}

function readItem(read: UserRead, syncKey: string): CheckItem {
  const title = "Reading Oomnitza people";
  const capped = read.pages > 1 && read.pageRows < read.pageSize ? ` (${read.pageSize} asked)` : "";
  const how = `${read.unique} people in ${read.pages} ${read.pages === 1 ? "page" : `pages of ${read.pageRows}${capped}`}, ${read.sorted ? "asked in user_id order" : "in the instance's own order"}`;
  if (read.fallbacks.length === 0 && read.complete) return { id: "read", title, status: "passed", detail: `${how}; the read is proven complete` };
  const notes = [...read.fallbacks, ...(read.complete ? [] : [`the read is not proven complete: ${read.problems.join("; ")}`])];
  return { id: "read", title, status: "warning", detail: `${how}; ${notes.join("; ")}`, fix: `nothing to do: the sync uses what the instance takes${read.complete ? "" : ` and looks people up by ${syncKey} before it creates anyone`}` };
}

function fieldsItem(read: UserRead, config: EngineConfig): CheckItem {
  const title = "Fields the mapping writes";
  const written = [...new Set(config.mapping.fields.map((rule) => rule.field))];
  if (read.missingFields.length === 0) return { id: "fields", title, status: "passed", detail: `the instance knows all ${written.length}: ${written.join(", ")}` };
  return {
    id: "fields",
    title,
    status: "failed",
    detail: `missing on the instance: ${describeMissingFields(config.mapping, read.missingFields, REMOVAL_FIELD_TYPES)}`,
    fix: "create them in Oomnitza (Configuration › Data model › People) with those types, or remove them from the mapping",
  };
}

function saasItem(result: Settled<SaasState>, config: EngineConfig): CheckItem {
  const title = `SaaS record ${JSON.stringify(config.saasName)}`;
  if (!result.ok) return { id: "saas", title, status: "failed", detail: result.error };
  const { record, users } = result.value;
  if (record) return { id: "saas", title, status: "passed", detail: `exists (id ${record.saas_id}) with ${users.length} SaaS ${users.length === 1 ? "user" : "users"}` };
  if (config.preference === "update-only") return { id: "saas", title, status: "warning", detail: "does not exist, and update-only never creates it", fix: "create it in Oomnitza, or set saas-name to the record's name" };
  return { id: "saas", title, status: "passed", detail: "does not exist yet: the first sync creates it" };
}

function rolesItem(saas: SaasState): CheckItem {
  const title = "SaaS roles (for saas-role)";
  if (saas.rolesProblem) return { id: "roles", title, status: "warning", detail: `not available: ${saas.rolesProblem}`, fix: "the sync carries on and leaves seat roles as they are; remove saas-role from the mapping (saas-role: null) to stop this warning" };
  if (!saas.record) return { id: "roles", title, status: "passed", detail: "the SaaS record does not exist yet: the first sync makes the roles it gives" };
  const count = saas.roles?.ids.size ?? 0;
  if (saas.roles?.holdersNote) return { id: "roles", title, status: "warning", detail: `${count} ${count === 1 ? "role" : "roles"} on the record; ${saas.roles.holdersNote}`, fix: "nothing to do: the sync never takes a role away on the word of a filter it cannot trust" };
  return { id: "roles", title, status: "passed", detail: `${count} ${count === 1 ? "role" : "roles"} on the record; holders read` };
}

function requiredOnCreateItem(config: EngineConfig): CheckItem {
  const given = config.mapping.fields.filter((rule) => rule.on === "create" || rule.on === "always").map((rule) => rule.field);
  return {
    id: "required-on-create",
    title: "Fields Oomnitza requires on create",
    status: "warning",
    detail: `not known before the first create: Oomnitza publishes no field metadata, and an instance may make any field mandatory (a create then fails with 400 naming it); a create sends ${given.join(", ")}`,
    fix: `if the first sync's creates fail with "Field '<name>' is required", its failure row gives the mapping to add (for role: ${requiredFieldFix("role").replace(/^This instance requires role on create: add to the mapping /, "").replace(/\.$/, "")})`,
  };
}

function planItem(items: CheckItem[], config: EngineConfig, run: RunContext, intercom: { admins: Admin[]; invalid: InvalidAdmin[] }, users: OomnitzaUser[], saas: SaasState | undefined, name: SettingName, removalEvents?: ActivitySummary["removals"]): Counts {
  const plan = planSync({
    ...{ admins: intercom.admins, invalid: intercom.invalid, users, run, mapping: config.mapping, syncKey: config.syncKey, preference: config.preference, removedAdmins: config.removedAdmins },
    present: presentIds(intercom.admins, intercom.invalid),
    saas: saas ? { state: saas, name: config.saasName } : undefined,
    removalEvents,
  });
  const lines = reportLines(plan, undefined);
  const counts = countEntries(lines.entries, lines.removed, intercom.admins.length + intercom.invalid.length, true);
  const verdict = checkGuards({ adminsFetched: intercom.admins.length, managed: plan.managed, removed: plan.removed.length, maxRemovals: config.maxRemovals, removedAdmins: config.removedAdmins, name });
  const does = `would create ${counts.created}, update ${counts.updated}, leave ${counts.unchanged} unchanged and skip ${counts.skipped}${counts.removed ? `; ${counts.removed} removed from Intercom` : ""}${saas ? `; SaaS: assign ${counts.saasAssigned}, set ${counts.saasExternalIds} external ids` : ""}`;
  items.push(verdict ? { id: "plan", title: "What a sync would do now", status: "failed", detail: `${does}; the real run would abort: ${verdict}` } : { id: "plan", title: "What a sync would do now", status: "passed", detail: does });
  // What no read can show: Oomnitza documents no field metadata, so a field the instance makes mandatory shows only when a create misses it.
  if (counts.created > 0) items.push(requiredOnCreateItem(config));
  return counts;
}
