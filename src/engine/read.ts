import { asInputName, type SettingName } from "../sync/decisions.js";
import type { RunContext } from "../sync/admin-values.js";
import type { Admin, InvalidAdmin, OomnitzaUser, SaasState } from "../sync/records.js";
import { usersThePlanNeeds } from "../sync/users-needed.js";
import type { OomnitzaClient } from "../oomnitza/client.js";
import type { EngineConfig, Logger } from "./config.js";
import type { Apis } from "./connect.js";

/** Everything a plan is made from. */
export interface State {
  admins: Admin[];
  invalid: InvalidAdmin[];
  /** What Intercom returned, also when `only` narrowed the run to one admin (for removal detection). */
  all: { admins: Admin[]; invalid: InvalidAdmin[] };
  users: OomnitzaUser[];
  saas?: SaasState;
}

/**
 * Reads both sides at once: the Oomnitza pages need the admins only to decide which
 * users to keep, not to be requested. All reads settle before a failure is reported
 * (the first in this order), so nothing is left running.
 */
export async function readState(apis: Apis, config: EngineConfig, run: RunContext, log: Logger, name: SettingName = asInputName): Promise<State> {
  log.info(`Fetching Intercom admins from ${new URL(config.intercomUrl).host} and reading Oomnitza at ${new URL(config.oomnitzaUrl).host}`);
  const adminsRead = apis.intercom.listAdmins().then((result) => selectAdmins(result, config.only));
  const needed = adminsRead.then(({ admins }) => usersThePlanNeeds(admins, config.mapping, config.syncKey, run));
  needed.catch(() => {}); // its failure is adminsRead's, reported below
  const settled = await Promise.allSettled([
    adminsRead,
    apis.oomnitza.checkConnection(),
    apis.oomnitza.listUsers(fieldsToRead(config), needed),
    config.records === "users-and-saas-users" ? readSaas(apis.oomnitza, config.saasName, name) : Promise.resolve(undefined),
  ] as const);
  for (const outcome of settled) if (outcome.status === "rejected") throw outcome.reason;
  const [intercom, , users, saas] = settled.map((o) => (o as PromiseFulfilledResult<unknown>).value) as [Awaited<typeof adminsRead>, void, OomnitzaUser[], SaasState | undefined];
  const { admins, invalid, all } = intercom;
  const skipped = invalid.length ? ` and ${invalid.length} ${invalid.length === 1 ? "entry" : "entries"} that ${invalid.length === 1 ? "is" : "are"} skipped` : "";
  log.info(`Intercom returned ${admins.length} admins${skipped}`);
  const saasNote = saas ? `; SaaS record ${JSON.stringify(config.saasName)} ${saas.record ? `has ${saas.users.length} SaaS users` : "does not exist yet"}` : "";
  log.info(`Oomnitza users read; ${users.length} concern this sync${saasNote}`);
  return { admins, invalid, all, users, saas };
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
function fieldsToRead(config: EngineConfig): string[] {
  return [...new Set(["user_id", "username", "email", "first_name", "last_name", "full_name", config.syncKey, ...config.mapping.fields.map((rule) => rule.field)])];
}

/** The SaaS record named saas-name and its users; two records of that name is an error, not a guess. */
async function readSaas(client: OomnitzaClient, name: string, setting: SettingName): Promise<SaasState> {
  const found = await client.findSaas(name);
  if (found.length > 1) {
    throw new Error(`Oomnitza has ${found.length} SaaS records named ${JSON.stringify(name)} (ids ${found.map((r) => r.saas_id).join(", ")}); rename one or set ${setting("saas-name")}, nothing was written`);
  }
  const record = found[0];
  return { record, users: record ? await client.listSaasUsers(record.saas_id) : [] };
}
