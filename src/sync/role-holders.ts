import type { SaasUser } from "./records.js";

/** Who holds each role, and how far that can be trusted. */
export interface ConfirmedHolders {
  /** Role id → the SaaS users holding it; empty when `how` is "unknown". */
  holders: Map<string, Set<string>>;
  /**
   * "filter": the `?roles=` answers, confirmed; "rows": the filter was ignored, so the
   * users' own rows say who holds what; "unknown": neither can be trusted, so roles are
   * given only to SaaS users this run assigns, and none is taken away.
   */
  how: "filter" | "rows" | "unknown";
  /** Why the filter's answers were not used, for a warning. */
  note?: string;
}

/**
 * Checks the `?roles=<id>` answers against what else the instance said (pure): an answer
 * holding someone who is not assigned to the SaaS record, or someone whose own row shows
 * no role at all, or every role answered with everyone, means the instance ignored the
 * filter (as some ignore `sortby`). Trusting such answers would take every other role
 * from everyone, give it back the next day, and churn every run.
 */
export function confirmHolders(answers: Map<string, Set<string>>, users: readonly SaasUser[]): ConfirmedHolders {
  const assigned = new Map(users.map((user) => [user.user_id, user]));
  const withRows = users.some((user) => user.roles !== undefined);
  const why = ignoredBecause(answers, assigned);
  if (!why) return { holders: answers, how: "filter" };
  if (withRows) {
    const holders = new Map<string, Set<string>>([...answers.keys()].map((id) => [id, new Set<string>()]));
    for (const user of users) for (const id of user.roles ?? []) holders.get(id)?.add(user.user_id);
    return { holders, how: "rows", note: `Oomnitza seems to ignore ?roles= when asked who holds a SaaS role (${why}), so each SaaS user's own roles are used` };
  }
  return { holders: new Map(), how: "unknown", note: `Oomnitza seems to ignore ?roles= when asked who holds a SaaS role (${why}) and its SaaS users show no roles, so roles are given only to SaaS users this run assigns and none is taken away` };
}

function ignoredBecause(answers: Map<string, Set<string>>, assigned: Map<string, SaasUser>): string | undefined {
  for (const holders of answers.values()) {
    for (const id of holders) {
      if (!assigned.has(id)) return "the answer holds a user who is not assigned to the SaaS record";
      const own = assigned.get(id)?.roles;
      if (own !== undefined && own.length === 0) return "the answer holds a user whose own row shows no role";
    }
  }
  const lists = [...answers.values()];
  if (lists.length >= 2 && assigned.size > 1 && lists.every((holders) => holders.size === assigned.size)) return "every role was answered with every SaaS user";
  return undefined;
}
