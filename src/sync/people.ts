import { usableId, type Admin, type InvalidAdmin, type OomnitzaUser } from "./records.js";
import type { RunContext } from "./admin-values.js";
import type { AdminRef, Change, PlanEntry, Preference } from "./decisions.js";
import { filterOut } from "./filter.js";
import { fewOf, groupByKey, othersIn } from "./group.js";
import { mapAdmin, ruleValue, type Mapping } from "./mapping.js";
import { REMOVAL_FIELDS } from "./removal-evidence.js";
import { isEmpty, normaliseKey, valuesEqual } from "./values.js";

export interface PeopleInput {
  admins: Admin[];
  invalid: InvalidAdmin[];
  users: OomnitzaUser[];
  mapping: Mapping;
  syncKey: string;
  preference: Preference;
  run: RunContext;
  /**
   * The run marks removals (removed-admins mark or unassign): the person of an admin who
   * is back in Intercom loses the removal marks, or they would say "removed" for good.
   */
  clearRemovalMarks?: boolean;
}

export interface PeoplePlan {
  entries: PlanEntry[];
  /** Oomnitza users some admin's key matched (so they are not "removed"). */
  matched: Set<string>;
}

const refOf = (admin: Admin): AdminRef => ({ id: admin.id, email: admin.email, name: admin.name ?? undefined });
const usernameOf = (entry: PlanEntry) => normaliseKey(entry.changes.find((c) => c.field === "username")?.after);

/**
 * Decides, without any I/O, what happens to each admin: like a Terraform plan, every
 * create and update lists its exact fields, and everything not written says why.
 */
export function planPeople(input: PeopleInput): PeoplePlan {
  const { mapping, syncKey, preference, run } = input;
  const keyRule = mapping.fields.find((rule) => rule.field === syncKey);
  const entries: PlanEntry[] = input.invalid.map((invalid) => ({
    admin: { id: invalid.id, email: invalid.email, name: invalid.name },
    action: "skip",
    changes: [],
    reason: `invalid Intercom record: ${invalid.reason}`,
  }));

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

  const adminsByKey = groupByKey(candidates, (c) => c.norm);
  const usersByKey = groupByKey(input.users, (u) => u[syncKey]);
  const usernames = groupByKey(input.users, (u) => u.username);
  const matched = new Set<string>();
  const creates: PlanEntry[] = [];

  for (const candidate of candidates) {
    const { admin, key, norm } = candidate;
    const base = { admin: refOf(admin), key, changes: [] as Change[] };
    if (norm === undefined) {
      entries.push({ ...base, action: "skip", reason: `no sync key: the mapping gives ${syncKey} no value for this admin` });
      continue;
    }
    const sameKey = adminsByKey.get(norm) ?? [];
    if (sameKey.length > 1) {
      const others = othersIn(sameKey, candidate);
      const has = others.count === 1 ? "has" : "have";
      entries.push({ ...base, action: "skip", reason: `duplicate in Intercom: admin ${fewOf(others.few.map((c) => c.admin.id), others.count)} ${has} the same ${syncKey}` });
      continue;
    }
    const matches = usersByKey.get(norm) ?? [];
    if (matches.length > 1) {
      matches.forEach((u) => matched.add(u.user_id));
      entries.push({ ...base, action: "skip", reason: `ambiguous in Oomnitza: users ${fewOf(matches.slice(0, 3).map((u) => u.user_id), matches.length)} all have this ${syncKey}` });
      continue;
    }
    const desired = mapAdmin(mapping, admin, run);
    const user = matches[0];
    if (!user) {
      if (preference === "update-only") {
        entries.push({ ...base, action: "not-in-oomnitza", reason: "no Oomnitza user has this key; update-only never creates" });
        continue;
      }
      const entry: PlanEntry = { ...base, action: "create", changes: desired.filter((d) => d.value !== null).map((d) => ({ field: d.rule.field, before: null, after: d.value })) };
      const username = usernameOf(entry);
      const holder = username === undefined ? undefined : usernames.get(username)?.[0];
      if (holder) {
        entries.push({ ...base, action: "skip", reason: `username ${JSON.stringify(username)} is already used by Oomnitza user ${holder.user_id}, whose ${syncKey} is ${JSON.stringify(holder[syncKey] ?? null)}` });
        continue;
      }
      creates.push(entry);
      entries.push(entry);
      continue;
    }

    matched.add(user.user_id);
    if (!usableId(user.user_id)) {
      // Never written: a write would go to another path. Matched, so never created twice either.
      entries.push({ ...base, action: "skip", reason: `Oomnitza user id ${JSON.stringify(user.user_id.slice(0, 60))} cannot be used in a request (empty, "." or "..", or holding a slash); the person was not written; fix the record in Oomnitza` });
      continue;
    }
    const changes: Change[] = [];
    const onChange: Change[] = [];
    for (const { rule, value } of desired) {
      if (rule.on === "create") continue;
      if (value === null && rule.ifEmpty === "keep") continue;
      const before = user[rule.field];
      if (valuesEqual(before, value, rule.field === syncKey)) continue;
      (rule.on === "change" ? onChange : changes).push({ field: rule.field, before: before ?? null, after: value });
    }
    if (input.clearRemovalMarks) changes.push(...removalMarksToClear(user));
    if (changes.length === 0) {
      entries.push({ ...base, action: "unchanged", userId: user.user_id });
    } else if (preference === "create-only") {
      entries.push({ ...base, action: "unchanged", userId: user.user_id, reason: `differs in ${changes.map((c) => c.field).join(", ")}, but create-only never updates` });
    } else {
      entries.push({ ...base, action: "update", userId: user.user_id, changes: [...changes, ...onChange.map((c) => ({ ...c, rideAlong: true as const }))] });
    }
  }
  return { entries: skipUsernameClashes(entries, creates), matched };
}

/** Two creations that would claim the same username would collide in Oomnitza: both are skipped. */
function skipUsernameClashes(entries: PlanEntry[], creates: PlanEntry[]): PlanEntry[] {
  const replaced = new Map<PlanEntry, PlanEntry>();
  for (const [username, group] of groupByKey(creates, (e) => usernameOf(e))) {
    if (group.length < 2) continue;
    for (const entry of group) {
      const others = othersIn(group, entry);
      const reason = `duplicate in Intercom: admin ${fewOf(others.few.map((e) => e.admin.id ?? "?"), others.count)} would get the same username ${JSON.stringify(username)}`;
      replaced.set(entry, { ...entry, action: "skip", changes: [], reason });
    }
  }
  return replaced.size ? entries.map((entry) => replaced.get(entry) ?? entry) : entries;
}

/** The removal marks a person carries (none when never marked); cleared when their admin is back. */
function removalMarksToClear(user: OomnitzaUser): Change[] {
  if (isEmpty(user[REMOVAL_FIELDS.at])) return [];
  return Object.values(REMOVAL_FIELDS).flatMap((field) => (isEmpty(user[field]) ? [] : [{ field, before: user[field] ?? null, after: null }]));
}
