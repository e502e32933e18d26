import type { SaasRecord, SaasUser } from "../oomnitza/client.js";
import type { Plan, Preference, RemovedEntry } from "./plan.js";

export interface SaasState {
  /** The SaaS record named saas-name, when Oomnitza has it. */
  record?: SaasRecord;
  /** Who is assigned to it. */
  users: SaasUser[];
}

/**
 * Adds the SaaS side to a people plan (pure): every synced person must be assigned to
 * the SaaS record with the Intercom admin id as external id. Assigning creates a SaaS
 * user, so update-only never does it; changing an existing external id is an update,
 * so create-only never does that. Removed admins here are SaaS users with an external
 * id that no current admin has.
 */
export function planSaas(plan: Plan, state: SaasState, options: { saasName: string; preference: Preference; presentIds: Set<string>; detectRemovals: boolean }): void {
  const { preference } = options;
  const missing = !state.record;
  plan.saas = { name: options.saasName, id: state.record?.saas_id, create: missing && preference !== "update-only" };
  const assigned = new Map(state.users.map((user) => [user.user_id, user]));

  for (const entry of plan.entries) {
    if (entry.action !== "create" && entry.action !== "update" && entry.action !== "unchanged") continue;
    const adminId = entry.admin.id ?? "";
    if (missing && preference === "update-only") {
      entry.saas = { assign: false, reason: `the SaaS record ${JSON.stringify(options.saasName)} does not exist, and update-only never creates it` };
      continue;
    }
    const current = entry.userId ? assigned.get(entry.userId) : undefined;
    if (!current) {
      entry.saas = preference === "update-only" ? { assign: false, reason: "not a SaaS user yet; update-only never assigns" } : { assign: true, externalId: { before: null, after: adminId } };
      continue;
    }
    if (current.user_external_id.trim() === adminId.trim()) continue;
    const externalId = { before: current.user_external_id || null, after: adminId };
    entry.saas = preference === "create-only" ? { assign: false, reason: `SaaS external id is ${JSON.stringify(current.user_external_id)}; create-only never updates it` } : { assign: false, externalId };
  }

  if (!options.detectRemovals) {
    plan.removed = [];
    plan.managed = 0;
    return;
  }
  const matched = new Set(plan.entries.map((entry) => entry.userId).filter((id): id is string => id !== undefined));
  const managed = state.users.filter((user) => user.user_external_id.trim() !== "");
  plan.managed = managed.length;
  plan.removed = managed
    .filter((user) => !options.presentIds.has(user.user_external_id.trim()) && !matched.has(user.user_id))
    .map(
      (user): RemovedEntry => ({ userId: user.user_id, intercomId: user.user_external_id.trim(), username: user.username, email: user.email, name: user.full_name || undefined }),
    );
}
