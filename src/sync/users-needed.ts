import type { RunContext } from "./admin-values.js";
import { ruleValue, type Mapping } from "./mapping.js";
import type { Admin, OomnitzaUser } from "./records.js";
import { intercomIdField } from "./removed.js";
import { isEmpty, normaliseKey } from "./values.js";

/**
 * Which Oomnitza users a plan can use: those whose sync key or username one of the
 * admins would have, and those this integration manages (the Intercom ID field is
 * filled). Every other person can neither match, collide nor count as removed, so a
 * large instance need not be held in memory (the plan is the same either way).
 */
export function usersThePlanNeeds(admins: Admin[], mapping: Mapping, syncKey: string, run: RunContext): (user: OomnitzaUser) => boolean {
  const keyRule = mapping.fields.find((rule) => rule.field === syncKey);
  const usernameRule = mapping.fields.find((rule) => rule.field === "username");
  const idField = intercomIdField(mapping);
  const keys = new Set<string>();
  const usernames = new Set<string>();
  for (const admin of admins) {
    const key = keyRule ? normaliseKey(ruleValue(keyRule, admin, run)) : undefined;
    if (key !== undefined) keys.add(key);
    const username = usernameRule ? normaliseKey(ruleValue(usernameRule, admin, run)) : undefined;
    if (username !== undefined) usernames.add(username);
  }
  // Called for every person of the instance (tens of thousands): a text value is compared
  // as normaliseKey would make it, without its other checks ("" is never among the keys).
  const has = (set: Set<string>, value: unknown) => {
    if (typeof value === "string") return set.has(value.trim().toLowerCase());
    const key = normaliseKey(value);
    return key !== undefined && set.has(key);
  };
  return (user) => has(keys, user[syncKey]) || has(usernames, user.username) || (idField !== undefined && !isEmpty(user[idField]));
}
