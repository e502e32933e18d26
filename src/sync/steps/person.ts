import type { PlanEntry } from "../decisions.js";
import { notAttempted, type Draft, type Outcome, type StepBase } from "./types.js";

/** The fields a person's create or update sends. */
export const fieldsOf = (entry: PlanEntry): Record<string, unknown> => Object.fromEntries(entry.changes.map((c) => [c.field, c.after]));

/** A person's SaaS steps cannot go ahead without the person. */
export const personNotWritten = (): Outcome => notAttempted("the person was not written");

/** One step for each entry whose action is `action`. */
export function stepPerEntry<K extends string>(kind: K, wanted: (entry: PlanEntry) => boolean) {
  return (source: { entries: readonly PlanEntry[] }): Array<Draft<StepBase & { kind: K; entry: number }>> =>
    source.entries.flatMap((entry, index) => (wanted(entry) ? [{ kind, entry: index }] : []));
}
