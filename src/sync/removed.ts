import type { Admin, InvalidAdmin, OomnitzaUser, SaasUser } from "./records.js";
import type { RemovedEntry } from "./decisions.js";
import type { Mapping } from "./mapping.js";
import { isEmpty } from "./values.js";

export interface Removals {
  removed: RemovedEntry[];
  /** Oomnitza records this integration manages. */
  managed: number;
}

/** The Oomnitza field that holds the Intercom id, when the mapping writes one as is. */
export const intercomIdField = (mapping: Mapping): string | undefined => mapping.fields.find((rule) => rule.source === "id" && rule.transforms.length === 0)?.field;

/** Every Intercom id in the answer, valid or not: an admin Intercom still lists is not removed. */
export function presentIds(admins: Admin[], invalid: InvalidAdmin[]): Set<string> {
  const ids = new Set<string>();
  admins.forEach((admin) => ids.add(admin.id.trim()));
  invalid.forEach((item) => item.id && ids.add(item.id.trim()));
  return ids;
}

/**
 * Users mode: records this integration manages (the field mapped from the Intercom id
 * is filled) whose admin is no longer in Intercom. Filtered and invalid admins are
 * still in Intercom, so they never count as removed.
 */
export function removedPeople(users: OomnitzaUser[], mapping: Mapping, present: Set<string>, matched: Set<string>): Removals {
  const idField = intercomIdField(mapping);
  if (!idField) return { removed: [], managed: 0 };
  const removed: RemovedEntry[] = [];
  let managed = 0;
  for (const user of users) {
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
  return { removed, managed };
}

/** SaaS mode: SaaS users with an external id that no current admin has. */
export function removedSaasUsers(saasUsers: SaasUser[], present: Set<string>, matched: Set<string>): Removals {
  const managed = saasUsers.filter((user) => user.user_external_id.trim() !== "");
  return {
    managed: managed.length,
    removed: managed
      .filter((user) => !present.has(user.user_external_id.trim()) && !matched.has(user.user_id))
      .map((user) => ({ userId: user.user_id, intercomId: user.user_external_id.trim(), username: user.username, email: user.email, name: user.full_name || undefined })),
  };
}

function asText(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value : typeof value === "number" ? String(value) : undefined;
}
