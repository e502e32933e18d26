import { REMOVAL_FIELDS } from "../removal-evidence.js";
import { done, notAttempted, type StepBase, type StepType } from "./types.js";

export interface MarkRemovedStep extends StepBase {
  readonly kind: "mark-removed";
  readonly removed: number;
}

/**
 * removed-admins mark (and unassign): the person of an admin gone from Intercom gets
 * `intercom_removed_at` and `intercom_removed_by` (when known), once: a person that
 * already carries a removal time is left alone.
 */
export const markRemoved: StepType<MarkRemovedStep> = {
  kind: "mark-removed",
  phase: 6,
  reportedAs: "person",
  after: [],
  plan: ({ removed, removedAdmins }) =>
    removedAdmins === "mark" || removedAdmins === "unassign" ? removed.flatMap((entry, index) => (entry.marked || !entry.evidence ? [] : [{ kind: "mark-removed" as const, removed: index }])) : [],
  async run([step], ctx) {
    const entry = ctx.removed[step!.removed];
    const evidence = entry?.evidence;
    if (!entry || !evidence) return [notAttempted("no removal evidence")];
    const fields = { [REMOVAL_FIELDS.at]: evidence.at, ...(evidence.by ? { [REMOVAL_FIELDS.by]: evidence.by } : {}) };
    await ctx.oomnitza.patchUser(entry.userId, fields, `marking ${entry.email ?? entry.username ?? entry.userId} as removed in Oomnitza`);
    return [done()];
  },
  blocked: () => notAttempted("the removal was not marked"),
};
