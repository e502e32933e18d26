import type { Plan } from "../sync/plan.js";
import { errorText, failureCause, personWords, refusesEveryWrite } from "../sync/steps/failure.js";
import { stepType } from "../sync/steps/index.js";
import { failed, isSkipped, notAttempted, type ConfirmContext, type OomnitzaWrites, type Outcome, type StepBase, type StepContext, type StepType } from "../sync/steps/types.js";
import type { WriteLimiter } from "./limiter.js";
import { runPool } from "./pool.js";

/** When the first writes all fail the same way, the rest would too: stop after this many. */
export const SAME_CAUSE_STOP = 10;

export interface ExecuteOptions {
  /** How many writes may be in flight at once (steps of bulk kinds go one request at a time). */
  limiter: WriteLimiter;
  /** Why no new step may start now (the deadline passed, the run was cancelled), or undefined. */
  stopReason: () => string | undefined;
  onProgress?: (done: number, total: number) => void;
  /**
   * The stop rule tripped (a refused token, or the first writes all failing the same
   * way): whoever holds writes back (the limiter, retries waiting in the HTTP layer) lets
   * go, so no write starts after this, not even a retry.
   */
  onStop?: (reason: string) => void;
}

export interface Execution {
  /** By step id: what became of every step. */
  outcomes: Outcome[];
  /** Set when the rest were not sent: Oomnitza refused the token or permission, or the first writes all failed the same way. */
  fatal?: { kind: "refused" | "repeated"; message: string };
  /** Things worth a warning that changed no outcome (a read-back that failed). */
  warnings: string[];
}

/**
 * Runs a plan's steps, phase by phase in plan order. One step's failure stays on that
 * step; a step waits for the steps it depends on and is reported through its
 * dependency when that one did not succeed; a refused token (401/403) stops every
 * further write; the deadline and cancellation stop new steps. Nothing here edits the
 * plan: every result is an outcome.
 */
export async function executePlan(plan: Plan, oomnitza: OomnitzaWrites, options: ExecuteOptions): Promise<Execution> {
  const outcomes: Array<Outcome | undefined> = new Array(plan.steps.length);
  const created = new Map<number, string>();
  let saasId = plan.saas?.id;
  let fatal: Execution["fatal"];
  let finished = 0;
  const firstCauses: Array<string | undefined> = [];
  const provided = new Map<string, string>();
  const ctx: StepContext = {
    oomnitza,
    syncKey: plan.syncKey,
    lookupBeforeCreate: plan.readIncomplete,
    entries: plan.entries,
    removed: plan.removed,
    userIdOf: (entry) => plan.entries[entry]?.userId ?? created.get(entry),
    saasId: () => saasId,
    saas: plan.saas,
    provided: (key) => provided.get(key),
  };
  const stopped = () => (fatal?.kind === "refused" ? "an earlier write was refused" : fatal ? `the first ${SAME_CAUSE_STOP} writes all failed the same way` : options.stopReason());
  /** The first writes' causes (undefined for a success): ten failures of one cause stop the run. */
  const noteAttempt = (step: StepBase, outcome: Outcome) => {
    if (firstCauses.length >= SAME_CAUSE_STOP || fatal) return;
    const entry = step.entry === undefined ? undefined : plan.entries[step.entry];
    firstCauses.push(outcome.status === "failed" ? failureCause(outcome.error, personWords(entry)) : undefined);
    if (firstCauses.length === SAME_CAUSE_STOP && firstCauses[0] !== undefined && firstCauses.every((cause) => cause === firstCauses[0])) trip({ kind: "repeated", message: firstCauses[0] });
  };
  const trip = (why: NonNullable<Execution["fatal"]>) => {
    if (fatal) return;
    fatal = why;
    options.onStop?.(stopped() as string);
  };

  const settle = (step: StepBase, outcome: Outcome) => {
    outcomes[step.id] = outcome;
    if (outcome.status === "done" && outcome.userId !== undefined && step.entry !== undefined) created.set(step.entry, outcome.userId);
    if (outcome.status === "done" && outcome.saasId !== undefined) saasId = outcome.saasId;
    if (outcome.status === "done") for (const [key, value] of Object.entries(outcome.provides ?? {})) provided.set(key, value);
    options.onProgress?.(++finished, plan.steps.length);
  };
  const attempt = async (type: StepType<StepBase>, steps: StepBase[]) => {
    try {
      const results = await type.run(steps, ctx);
      steps.forEach((step, i) => {
        const outcome = results[i] ?? failed(`${type.kind} gave no outcome`);
        noteAttempt(step, outcome);
        settle(step, outcome);
      });
    } catch (err) {
      const message = errorText(err);
      if (refusesEveryWrite(err)) trip({ kind: "refused", message });
      steps.forEach((step) => {
        noteAttempt(step, failed(message));
        settle(step, failed(message));
      });
    }
  };
  const skip = (steps: StepBase[]) => steps.forEach((step) => settle(step, notAttempted(stopped() ?? "the run stopped before it")));

  for (const phase of phasesOf(plan.steps)) {
    const ready: StepBase[] = [];
    for (const step of phase) {
      const blocker = step.after.find((dep) => outcomes[dep]?.status !== "done" || isSkipped(outcomes[dep]));
      if (blocker === undefined) ready.push(step);
      else settle(step, blockedBy(plan.steps[blocker] as StepBase, outcomes[blocker]));
    }
    const singles = ready.filter((step) => stepType(step).batchSize === undefined);
    skip(await runPool(singles, options.limiter, (step) => attempt(stepType(step), [step]), () => stopped() === undefined));
    for (const [type, steps] of byKind(ready.filter((step) => stepType(step).batchSize !== undefined))) {
      for (let i = 0; i < steps.length; i += type.batchSize as number) {
        const chunk = steps.slice(i, i + (type.batchSize as number));
        if (stopped() === undefined) await attempt(type, chunk);
        else skip(chunk);
      }
    }
  }
  const warnings = await confirmAll(plan, outcomes as Outcome[], ctx, oomnitza);
  return { outcomes: outcomes as Outcome[], fatal, warnings };
}

/**
 * Steps whose answer proves nothing are confirmed by reading back once all writes are
 * done; a step that did not hold becomes failed. A read-back that fails changes no
 * outcome and is a warning.
 */
async function confirmAll(plan: Plan, outcomes: Outcome[], ctx: StepContext, oomnitza: OomnitzaWrites): Promise<string[]> {
  let saasUsers: ReturnType<OomnitzaWrites["listSaasUsers"]> | undefined;
  const confirmCtx: ConfirmContext = {
    ...ctx,
    saasUsers: () => {
      const id = ctx.saasId();
      if (id === undefined) return Promise.resolve([]);
      saasUsers ??= oomnitza.listSaasUsers(id);
      return saasUsers;
    },
    outcomeOf: (step) => outcomes[step.id],
  };
  const warnings: string[] = [];
  for (const [type, steps] of byKind(plan.steps.filter((step) => outcomes[step.id]?.status === "done" && stepType(step).confirm))) {
    try {
      const verdicts = await (type.confirm as NonNullable<StepType<StepBase>["confirm"]>)(steps, confirmCtx);
      steps.forEach((step, i) => verdicts[i] && (outcomes[step.id] = verdicts[i] as Outcome));
    } catch (err) {
      warnings.push(`Could not read back what Oomnitza did (${type.kind}): ${errorText(err)}`);
    }
  }
  return warnings;
}

function blockedBy(dependency: StepBase, outcome: Outcome | undefined): Outcome {
  if (outcome && isSkipped(outcome)) return outcome;
  return outcome ? stepType(dependency).blocked(outcome) : notAttempted("a step it depends on did not run");
}

/** Steps grouped by phase; within a phase in the order of the people they concern, then the plan's. */
function phasesOf(steps: readonly StepBase[]): StepBase[][] {
  const phases = new Map<number, StepBase[]>();
  for (const step of steps) append(phases, stepType(step).phase, step);
  const position = (step: StepBase) => step.entry ?? Number.MAX_SAFE_INTEGER;
  return [...phases.entries()].sort(([a], [b]) => a - b).map(([, list]) => list.sort((a, b) => position(a) - position(b) || a.id - b.id));
}

function byKind(steps: StepBase[]): Map<StepType<StepBase>, StepBase[]> {
  const groups = new Map<StepType<StepBase>, StepBase[]>();
  for (const step of steps) append(groups, stepType(step), step);
  return groups;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
