import type { Threshold } from "../settings.js";
import type { Plan } from "./plan.js";

export interface GuardInput {
  plan: Plan;
  /** Admins Intercom returned (valid ones). */
  adminsFetched: number;
  maxRemovals: Threshold;
  removedAdmins: "ignore" | "report" | "unassign";
}

/** The most removals one run may apply: a count, or a share of the managed records (rounded up). */
export function removalLimit(threshold: Threshold, managed: number): number {
  return threshold.kind === "count" ? threshold.value : Math.ceil((threshold.value / 100) * managed);
}

/**
 * Refuses a plan that looks like an accident (PRODUCT.md §5): a wrong token or
 * workspace makes every managed person look removed. Returns why, or undefined.
 */
export function checkGuards(input: GuardInput): string | undefined {
  const { plan, adminsFetched, maxRemovals, removedAdmins } = input;
  if (adminsFetched === 0 && plan.managed > 0) {
    return `Intercom returned no admins, but Oomnitza holds ${plan.managed} records this sync manages; refusing to write (check the intercom-token's workspace and region)`;
  }
  if (removedAdmins === "ignore") return undefined;
  const limit = removalLimit(maxRemovals, plan.managed);
  if (plan.removed.length > limit) {
    const given = maxRemovals.kind === "percent" ? `${maxRemovals.value}% of ${plan.managed} managed records = ${limit}` : String(limit);
    return `${plan.removed.length} admins are gone from Intercom, more than max-removals allows (${given}); refusing to write. If this is expected, raise max-removals for one run`;
  }
  return undefined;
}
