import type { PlanEntry, Preference, SaasNeed, SaasTarget } from "./decisions.js";
import type { SaasState } from "./records.js";

/**
 * The SaaS side of each person (pure): every synced person must be assigned to the
 * SaaS record with the Intercom admin id as external id. Assigning creates a SaaS
 * user, so update-only never does it; changing an existing external id is an update,
 * so create-only never does that.
 */
export function planSaasNeeds(entries: PlanEntry[], state: SaasState, saasName: string, preference: Preference): { entries: PlanEntry[]; saas: SaasTarget } {
  const missing = !state.record;
  const saas: SaasTarget = { name: saasName, id: state.record?.saas_id, create: missing && preference !== "update-only" };
  const assigned = new Map(state.users.map((user) => [user.user_id, user]));
  const needOf = (entry: PlanEntry): SaasNeed | undefined => {
    if (entry.action !== "create" && entry.action !== "update" && entry.action !== "unchanged") return undefined;
    const adminId = entry.admin.id ?? "";
    if (missing && preference === "update-only") {
      return { assign: false, reason: `the SaaS record ${JSON.stringify(saasName)} does not exist, and update-only never creates it` };
    }
    const current = entry.userId ? assigned.get(entry.userId) : undefined;
    if (!current) {
      return preference === "update-only" ? { assign: false, reason: "not a SaaS user yet; update-only never assigns" } : { assign: true, externalId: { before: null, after: adminId } };
    }
    if (current.user_external_id.trim() === adminId.trim()) return undefined;
    const externalId = { before: current.user_external_id || null, after: adminId };
    return preference === "create-only" ? { assign: false, reason: `SaaS external id is ${JSON.stringify(current.user_external_id)}; create-only never updates it` } : { assign: false, externalId };
  };
  return {
    saas,
    entries: entries.map((entry) => {
      const need = needOf(entry);
      return need ? { ...entry, saas: need } : entry;
    }),
  };
}
