import type { PlanEntry, Preference, SaasNeed, SaasTarget } from "./decisions.js";
import type { SaasState } from "./records.js";

/**
 * The SaaS side of each person (pure): every synced person must be assigned to the
 * SaaS record with the Intercom admin id as external id. Assigning creates a SaaS
 * user, so update-only never does it; changing an existing external id is an update,
 * so create-only never does that.
 */
export function planSaasNeeds(entries: PlanEntry[], state: SaasState, saasName: string, preference: Preference, roles?: RolePlan): { entries: PlanEntry[]; saas: SaasTarget } {
  const missing = !state.record;
  const saas: SaasTarget = { name: saasName, id: state.record?.saas_id, create: missing && preference !== "update-only", ...(state.roles ? { roleIds: Object.fromEntries(state.roles.ids) } : {}) };
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
      const isSaasUser = need?.assign === true || (entry.userId !== undefined && assigned.has(entry.userId));
      // create-only never changes what an existing SaaS user holds.
      // Holders that could not be confirmed: only a SaaS user assigned now is known to hold nothing.
      const rolesKnown = !state.roles?.holdersUnknown || need?.assign === true;
      const role = roles && state.roles && isSaasUser && rolesKnown && (preference !== "create-only" || need?.assign) ? roleChange(entry, roles, state) : undefined;
      const full = role ? { ...(need ?? { assign: false }), role } : need;
      return full ? { ...entry, saas: full } : entry;
    }),
  };
}

/** The SaaS role each person should hold, and which labels are the mapping's to take away. */
export interface RolePlan {
  labelOf(entry: PlanEntry): string | undefined;
  managed: ReadonlySet<string>;
}

/** The role change one person needs: the wanted label, and the mapping's labels they hold now. */
function roleChange(entry: PlanEntry, roles: RolePlan, state: SaasState): SaasNeed["role"] {
  const after = roles.labelOf(entry);
  if (after === undefined) return undefined;
  const held = [...(state.roles?.ids ?? new Map<string, string>())]
    .filter(([label, id]) => roles.managed.has(label) && entry.userId !== undefined && state.roles?.holders.get(id)?.has(entry.userId))
    .map(([label]) => label)
    .sort();
  return held.length === 1 && held[0] === after ? undefined : { before: held, after };
}
