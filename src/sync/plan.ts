import type { PlanEntry, RemovedAdmins, RemovedEntry, SaasTarget } from "./decisions.js";
import { planPeople, type PeopleInput } from "./people.js";
import type { RemovalEvent, SaasState } from "./records.js";
import { removalEvidence, REMOVAL_FIELDS } from "./removal-evidence.js";
import { isEmpty } from "./values.js";
import { presentIds, removedPeople, removedSaasUsers, type Removals } from "./removed.js";
import { planSaasNeeds, type RolePlan } from "./saas.js";
import { managedLabels, roleLabel } from "./saas-roles.js";
import { STEP_TYPES } from "./steps/index.js";
import type { Draft, StepBase, StepSource } from "./steps/types.js";

export interface PlanInput extends PeopleInput {
  /** Off for partial runs (one person), where everyone else would look removed. */
  detectRemovals?: boolean;
  /** What happens to removed admins' records (default: report). */
  removedAdmins?: RemovedAdmins;
  /** The read of Oomnitza was not proven complete (creates are looked up first). */
  readIncomplete?: boolean;
  /** Every Intercom id in Intercom's answer (default: those of `admins` and `invalid`). */
  present?: Set<string>;
  /** SaaS mode: the SaaS record's state and name. */
  saas?: { state: SaasState; name: string };
  /** Removals in Intercom's activity log (the evidence a marked removal writes). */
  removalEvents?: readonly RemovalEvent[];
}

/**
 * The whole change a run would make, decided without any I/O: per admin what happens
 * and why, the records of removed admins, and the ordered list of steps (writes). It
 * is built once and frozen; applying it never changes it.
 */
export interface Plan {
  readonly syncKey: string;
  readonly readIncomplete: boolean;
  readonly entries: readonly PlanEntry[];
  readonly removed: readonly RemovedEntry[];
  readonly removedAdmins: RemovedAdmins;
  /** Oomnitza records this integration manages. */
  readonly managed: number;
  readonly saas?: SaasTarget;
  readonly steps: readonly StepBase[];
}

export function planSync(input: PlanInput): Plan {
  const people = planPeople({ ...input, clearRemovalMarks: input.removedAdmins === "mark" || input.removedAdmins === "unassign" });
  const sided = input.saas ? planSaasNeeds(people.entries, input.saas.state, input.saas.name, input.preference, rolePlan(input)) : undefined;
  const entries = sided?.entries ?? people.entries;
  const present = input.present ?? presentIds(input.admins, input.invalid);
  const removals: Removals =
    input.detectRemovals === false
      ? { removed: [], managed: 0 }
      : input.saas
        ? removedSaasUsers(input.saas.state.users, present, matchedUsers(entries))
        : removedPeople(input.users, input.mapping, present, people.matched);
  const removedAdmins = input.removedAdmins ?? "report";
  const removed = removedAdmins === "mark" || removedAdmins === "unassign" ? withEvidence(removals.removed, input) : removals.removed;
  const source: StepSource = { syncKey: input.syncKey, readIncomplete: input.readIncomplete ?? false, entries, removed, removedAdmins, saas: sided?.saas };
  return freezePlan({ ...source, managed: removals.managed, steps: planSteps(source) });
}

/** What the mapping's saas-role asks of each person, when it gives roles. */
function rolePlan(input: PlanInput): RolePlan | undefined {
  const rule = input.mapping.saasRole;
  if (!rule) return undefined;
  const admins = new Map(input.admins.map((admin) => [admin.id, admin]));
  const labelOf = (entry: PlanEntry) => {
    const admin = entry.admin.id === undefined ? undefined : admins.get(entry.admin.id);
    return admin ? roleLabel(rule, admin, input.run) : undefined;
  };
  const managed = new Set(managedLabels(rule) ?? input.admins.map((admin) => roleLabel(rule, admin, input.run)).filter((label): label is string => label !== undefined));
  return { labelOf, managed };
}

/** Each removed record's evidence, and whether the person already carries a removal time. */
function withEvidence(removed: RemovedEntry[], input: PlanInput): RemovedEntry[] {
  const users = new Map(input.users.map((user) => [user.user_id, user]));
  return removed.map((entry) => ({
    ...entry,
    evidence: removalEvidence(entry, input.removalEvents ?? [], input.run.syncTime),
    marked: !isEmpty(users.get(entry.userId)?.[REMOVAL_FIELDS.at]),
  }));
}

/** In SaaS mode every person the plan matched or will write counts as present. */
const matchedUsers = (entries: PlanEntry[]) => new Set(entries.map((entry) => entry.userId).filter((id): id is string => id !== undefined));

/**
 * Each registered step type adds its steps, in registration order. A step waits for
 * the steps of the kinds its type names: those for the same person, and run-wide ones.
 */
function planSteps(source: StepSource): StepBase[] {
  const steps: StepBase[] = [];
  const planned = new Map<string, { runWide: number[]; byEntry: Map<number, number[]> }>();
  for (const type of STEP_TYPES) {
    const mine = { runWide: [] as number[], byEntry: new Map<number, number[]>() };
    planned.set(type.kind, mine);
    for (const draft of type.plan(source) as Array<Draft<StepBase>>) {
      const after: number[] = [];
      for (const kind of type.after) {
        const earlier = planned.get(kind);
        if (!earlier) continue;
        after.push(...earlier.runWide);
        if (draft.entry !== undefined) after.push(...(earlier.byEntry.get(draft.entry) ?? []));
      }
      const step: StepBase = Object.freeze({ ...draft, id: steps.length, after: Object.freeze(after) });
      steps.push(step);
      if (draft.entry !== undefined) mine.byEntry.set(draft.entry, [...(mine.byEntry.get(draft.entry) ?? []), step.id]); // one or two per person
      else if (draft.removed === undefined) mine.runWide.push(step.id);
    }
  }
  return steps;
}

/**
 * The plan and its lists cannot change once made. The entries' own fields are left
 * as they are: the report shares them, and secrets are redacted where they stand.
 */
function freezePlan(plan: Plan): Plan {
  Object.freeze(plan.entries);
  Object.freeze(plan.removed);
  Object.freeze(plan.steps);
  return Object.freeze(plan);
}
