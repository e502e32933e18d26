import type { PlanEntry } from "../decisions.js";
import { errorText, refusedFieldNames } from "./failure.js";
import { notAttempted, type Draft, type Outcome, type RefusedField, type StepBase } from "./types.js";

/** The fields a person's create or update sends. */
export const fieldsOf = (entry: PlanEntry): Record<string, unknown> => Object.fromEntries(entry.changes.map((c) => [c.field, c.after]));

/** A person's SaaS steps cannot go ahead without the person. */
export const personNotWritten = (): Outcome => notAttempted("the person was not written");

/** One step for each entry whose action is `action`. */
export function stepPerEntry<K extends string>(kind: K, wanted: (entry: PlanEntry) => boolean) {
  return (source: { entries: readonly PlanEntry[] }): Array<Draft<StepBase & { kind: K; entry: number }>> =>
    source.entries.flatMap((entry, index) => (wanted(entry) ? [{ kind, entry: index }] : []));
}

/**
 * A write Oomnitza refuses for one field (a dropdown without that value, a field the
 * integration user's role may not edit) is sent once more without it, so the person is
 * not lost over one value. The fields that identify a person are never left out.
 */
export async function writeWithoutRefusedField<T>(fields: Record<string, unknown>, keep: string[], write: (fields: Record<string, unknown>) => Promise<T>, rideAlong: string[] = []): Promise<{ value?: T; refused?: RefusedField }> {
  try {
    return { value: await write(fields) };
  } catch (err) {
    const named = refusedFieldNames(err).filter((name) => name in fields);
    const field = named[0];
    if (named.length !== 1 || field === undefined || keep.includes(field)) throw err;
    const rest = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== field));
    const refused = { field, value: fields[field], error: errorText(err) };
    // Nothing but fields that only ride along with a change is left: the person stays as it is.
    if (Object.keys(rest).every((name) => rideAlong.includes(name))) return { refused };
    return { value: await write(rest), refused };
  }
}
