import type { Admin, InvalidAdmin } from "../intercom/schema.js";
import type { OomnitzaUser } from "../oomnitza/client.js";
import { filterOut } from "./filter.js";
import { mapAdmin, ruleValue, type Mapping } from "./mapping.js";
import type { RunContext } from "./sources.js";
import { isEmpty, normaliseKey, valuesEqual, type FieldValue } from "./values.js";

export type Preference = "create-and-update" | "create-only" | "update-only";
export type Action = "create" | "update" | "unchanged" | "skip" | "not-in-oomnitza" | "filtered";

export interface AdminRef {
  id?: string;
  email?: string;
  name?: string;
}

export interface Change {
  field: string;
  /** `null` for a field that had no value (always so on create). */
  before: unknown;
  after: FieldValue;
}

export interface PlanEntry {
  admin: AdminRef;
  /** The sync key as the admin spells it. */
  key?: string;
  action: Action;
  /** The matched Oomnitza user. */
  userId?: string;
  /** Create: every field sent. Update: only the changed fields. */
  changes: Change[];
  reason?: string;
  /** SaaS mode: what the person's SaaS user needs. */
  saas?: SaasStep;
}

export interface SaasStep {
  /** Assign the person to the SaaS record. */
  assign: boolean;
  /** Set the SaaS user's external id to the Intercom admin id. */
  externalId?: { before: string | null; after: string };
  /** Why nothing is done although something differs (preference, missing record). */
  reason?: string;
}

export interface RemovedEntry {
  userId: string;
  /** The Intercom id the record still carries. */
  intercomId: string;
  username?: string;
  email?: string;
  name?: string;
}

export interface Plan {
  entries: PlanEntry[];
  /** SaaS mode: the record people are assigned to, or that must be created first. */
  saas?: { name: string; id?: string; create: boolean };
  removed: RemovedEntry[];
  /** Oomnitza records this integration manages (their Intercom ID field is filled). */
  managed: number;
  /** The Oomnitza field that holds the Intercom id, when the mapping has one. */
  idField?: string;
}

export interface PlanInput {
  admins: Admin[];
  invalid: InvalidAdmin[];
  users: OomnitzaUser[];
  mapping: Mapping;
  syncKey: string;
  preference: Preference;
  run: RunContext;
  /** Off for partial runs (one person), where everyone else would look removed. */
  detectRemovals?: boolean;
}

/**
 * Which Oomnitza users a plan can use: those whose sync key or username one of the
 * admins would have, and those this integration manages (the Intercom ID field is
 * filled). Every other person can neither match, collide nor count as removed, so a
 * large instance need not be held in memory (the plan is the same either way).
 */
export function usersThePlanNeeds(admins: Admin[], mapping: Mapping, syncKey: string, run: RunContext): (user: OomnitzaUser) => boolean {
  const keyRule = mapping.fields.find((rule) => rule.field === syncKey);
  const usernameRule = mapping.fields.find((rule) => rule.field === "username");
  const idField = mapping.fields.find((rule) => rule.source === "id" && rule.transforms.length === 0)?.field;
  const keys = new Set<string>();
  const usernames = new Set<string>();
  for (const admin of admins) {
    const key = keyRule ? normaliseKey(ruleValue(keyRule, admin, run)) : undefined;
    if (key !== undefined) keys.add(key);
    const username = usernameRule ? normaliseKey(ruleValue(usernameRule, admin, run)) : undefined;
    if (username !== undefined) usernames.add(username);
  }
  return (user) => {
    const key = normaliseKey(user[syncKey]);
    if (key !== undefined && keys.has(key)) return true;
    const username = normaliseKey(user.username);
    if (username !== undefined && usernames.has(username)) return true;
    return idField !== undefined && !isEmpty(user[idField]);
  };
}

const refOf = (admin: Admin): AdminRef => ({ id: admin.id, email: admin.email, name: admin.name ?? undefined });

/**
 * Decides, without any I/O, what a run will do: like a Terraform plan, every
 * create/update is listed with its exact fields, and everything not written says why.
 */
export function planSync(input: PlanInput): Plan {
  const { mapping, syncKey, preference, run } = input;
  const keyRule = mapping.fields.find((rule) => rule.field === syncKey);
  const entries: PlanEntry[] = [];

  for (const invalid of input.invalid) {
    entries.push({ admin: { id: invalid.id, email: invalid.email, name: invalid.name }, action: "skip", changes: [], reason: `invalid Intercom record: ${invalid.reason}` });
  }

  // Filter and compute each admin's key.
  const candidates: Array<{ admin: Admin; key?: string; norm?: string }> = [];
  for (const admin of input.admins) {
    const rule = filterOut(mapping.filter, admin, run);
    if (rule) {
      entries.push({ admin: refOf(admin), action: "filtered", changes: [], reason: `filter: ${rule.text}` });
      continue;
    }
    const keyValue = keyRule ? ruleValue(keyRule, admin, run) : null;
    const norm = normaliseKey(keyValue);
    candidates.push({ admin, key: norm === undefined ? undefined : String(keyValue).trim(), norm });
  }

  const adminsByKey = groupBy(candidates.filter((c) => c.norm !== undefined), (c) => c.norm as string);
  const usersByKey = groupBy(input.users.filter((u) => normaliseKey(u[syncKey]) !== undefined), (u) => normaliseKey(u[syncKey]) as string);
  const usernames = groupBy(input.users.filter((u) => normaliseKey(u.username) !== undefined), (u) => normaliseKey(u.username) as string);
  const matchedUserIds = new Set<string>();
  const creates: PlanEntry[] = [];

  for (const { admin, key, norm } of candidates) {
    const base = { admin: refOf(admin), key, changes: [] as Change[] };
    if (norm === undefined) {
      entries.push({ ...base, action: "skip", reason: `no sync key: the mapping gives ${syncKey} no value for this admin` });
      continue;
    }
    const sameKey = adminsByKey.get(norm) ?? [];
    if (sameKey.length > 1) {
      const others = sameKey.filter((c) => c.admin !== admin).map((c) => c.admin.id);
      entries.push({ ...base, action: "skip", reason: `duplicate in Intercom: admin ${others.join(", ")} has the same ${syncKey}` });
      continue;
    }
    const matches = usersByKey.get(norm) ?? [];
    if (matches.length > 1) {
      matches.forEach((u) => matchedUserIds.add(u.user_id));
      entries.push({ ...base, action: "skip", reason: `ambiguous in Oomnitza: users ${matches.map((u) => u.user_id).join(", ")} all have this ${syncKey}` });
      continue;
    }
    const desired = mapAdmin(mapping, admin, run);
    const user = matches[0];
    if (!user) {
      if (preference === "update-only") {
        entries.push({ ...base, action: "not-in-oomnitza", reason: "no Oomnitza user has this key; update-only never creates" });
        continue;
      }
      const changes = desired.filter((d) => d.value !== null).map((d) => ({ field: d.rule.field, before: null, after: d.value }));
      const entry: PlanEntry = { ...base, action: "create", changes };
      const username = normaliseKey(changes.find((c) => c.field === "username")?.after);
      const holder = username === undefined ? undefined : usernames.get(username)?.[0];
      if (holder) {
        entries.push({ ...entry, action: "skip", changes: [], reason: `username ${JSON.stringify(username)} is already used by Oomnitza user ${holder.user_id}, whose ${syncKey} is ${JSON.stringify(holder[syncKey] ?? null)}` });
        continue;
      }
      creates.push(entry);
      entries.push(entry);
      continue;
    }

    matchedUserIds.add(user.user_id);
    const changes: Change[] = [];
    const onChange: Change[] = [];
    for (const { rule, value } of desired) {
      if (rule.on === "create") continue;
      if (value === null && rule.ifEmpty === "keep") continue;
      const before = user[rule.field];
      if (valuesEqual(before, value, rule.field === syncKey)) continue;
      (rule.on === "change" ? onChange : changes).push({ field: rule.field, before: before ?? null, after: value });
    }
    if (changes.length === 0) {
      entries.push({ ...base, action: "unchanged", userId: user.user_id });
    } else if (preference === "create-only") {
      entries.push({ ...base, action: "unchanged", userId: user.user_id, reason: `differs in ${changes.map((c) => c.field).join(", ")}, but create-only never updates` });
    } else {
      entries.push({ ...base, action: "update", userId: user.user_id, changes: [...changes, ...onChange] });
    }
  }

  // Two creations that would claim the same username would collide in Oomnitza.
  const createsByUsername = groupBy(
    creates.filter((e) => normaliseKey(e.changes.find((c) => c.field === "username")?.after) !== undefined),
    (e) => normaliseKey(e.changes.find((c) => c.field === "username")?.after) as string,
  );
  for (const [username, group] of createsByUsername) {
    if (group.length < 2) continue;
    for (const entry of group) {
      const others = group.filter((e) => e !== entry).map((e) => e.admin.id);
      Object.assign(entry, { action: "skip", changes: [], reason: `duplicate in Intercom: admin ${others.join(", ")} would get the same username ${JSON.stringify(username)}` });
    }
  }

  const { removed, managed, idField } = input.detectRemovals === false ? { removed: [], managed: 0, idField: undefined } : findRemoved(input, matchedUserIds);
  return { entries, removed, managed, idField };
}

/**
 * Records this integration manages (the field mapped from the Intercom id is filled)
 * whose admin is no longer in Intercom. Filtered and invalid admins are still in
 * Intercom, so they never count as removed.
 */
function findRemoved(input: PlanInput, matched: Set<string>): { removed: RemovedEntry[]; managed: number; idField?: string } {
  const idRule = input.mapping.fields.find((rule) => rule.source === "id" && rule.transforms.length === 0);
  if (!idRule) return { removed: [], managed: 0 };
  const idField = idRule.field;
  const present = new Set<string>();
  input.admins.forEach((admin) => present.add(admin.id.trim()));
  input.invalid.forEach((item) => item.id && present.add(item.id.trim()));
  const removed: RemovedEntry[] = [];
  let managed = 0;
  for (const user of input.users) {
    const value = user[idField];
    if (isEmpty(value)) continue;
    managed++;
    const intercomId = String(value).trim();
    if (present.has(intercomId) || matched.has(user.user_id)) continue;
    removed.push({
      userId: user.user_id,
      intercomId,
      username: asText(user.username),
      email: asText(user.email),
      name: asText(user.full_name) ?? ([asText(user.first_name), asText(user.last_name)].filter(Boolean).join(" ") || undefined),
    });
  }
  return { removed, managed, idField };
}

function asText(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value : typeof value === "number" ? String(value) : undefined;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
