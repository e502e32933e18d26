import { asInputName, type RemovedAdmins, type SettingName } from "./decisions.js";

export type Threshold = { kind: "count"; value: number } | { kind: "percent"; value: number };

export interface GuardInput {
  /** Admins Intercom returned (valid ones). */
  adminsFetched: number;
  /** Oomnitza records this integration manages. */
  managed: number;
  /** Records of admins no longer in Intercom. */
  removed: number;
  maxRemovals: Threshold;
  removedAdmins: RemovedAdmins;
  /** How settings are named in the message (default: the action's input names). */
  name?: SettingName;
}

/** The most removals one run may apply: a count, or a share of the managed records (rounded up). */
export function removalLimit(threshold: Threshold, managed: number): number {
  return threshold.kind === "count" ? threshold.value : Math.ceil((threshold.value / 100) * managed);
}

/**
 * Refuses a plan that looks like an accident: a wrong token or workspace makes every
 * managed person look removed. Returns why, or undefined.
 */
export function checkGuards(input: GuardInput): string | undefined {
  const { adminsFetched, managed, removed, maxRemovals, removedAdmins } = input;
  const name = input.name ?? asInputName;
  if (adminsFetched === 0 && managed > 0) {
    return `Intercom returned no admins, but Oomnitza holds ${managed} records this sync manages; refusing to write (check the ${name("intercom-token")}'s workspace and region)`;
  }
  if (removedAdmins === "ignore") return undefined;
  const limit = removalLimit(maxRemovals, managed);
  if (removed > limit) {
    const given = maxRemovals.kind === "percent" ? `${maxRemovals.value}% of ${managed} managed records = ${limit}` : String(limit);
    return `${removed} admins are gone from Intercom, more than ${name("max-removals")} allows (${given}); refusing to write. If this is expected, raise ${name("max-removals")} for one run`;
  }
  return undefined;
}
