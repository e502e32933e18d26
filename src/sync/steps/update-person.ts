import { personLabel, type PlanEntry } from "../decisions.js";
import { fieldsOf, personNotWritten, stepPerEntry, writeWithoutRefusedField } from "./person.js";
import { valuesEqual } from "../values.js";
import { done, type Outcome, type StepBase, type StepType } from "./types.js";

/** Updated people read back after the writes: enough to notice a field that does not stick, one request at most. */
export const READ_BACK_SAMPLE = 5;

export interface UpdatePersonStep extends StepBase {
  readonly kind: "update-person";
  readonly entry: number;
}

/** Only the changed fields of a matched person (one refused field is left out, see person.ts). */
export const updatePerson: StepType<UpdatePersonStep> = {
  kind: "update-person",
  phase: 1,
  reportedAs: "person",
  after: [],
  plan: stepPerEntry("update-person", (entry) => entry.action === "update"),
  async run([step], ctx) {
    const entry = ctx.entries[step!.entry] as PlanEntry;
    const rideAlong = entry.changes.filter((c) => c.rideAlong).map((c) => c.field);
    const write = (fields: Record<string, unknown>) => ctx.oomnitza.patchUser(entry.userId as string, fields, `updating ${personLabel(entry)} in Oomnitza`);
    const { refused } = await writeWithoutRefusedField(fieldsOf(entry), ["username", ctx.syncKey], write, rideAlong);
    return [done({ refused })];
  },
  blocked: personNotWritten,
  /**
   * A field Oomnitza accepted (200) but did not keep would look changed and be written
   * again on every run. The first few updated people are read back; each field that
   * reads back different is named on the person's outcome (a warning: the write itself
   * went through, and the next run would only repeat it).
   */
  async confirm(steps, ctx) {
    const sample = steps
      .map((step) => ({ step, entry: ctx.entries[step.entry] as PlanEntry, outcome: ctx.outcomeOf(step) }))
      .map((item) => ({ ...item, sent: item.entry.changes.filter((c) => c.field !== (item.outcome?.status === "done" ? item.outcome.refused?.field : undefined)) }))
      // An update whose one real change was refused wrote nothing: nothing to read back.
      .filter((item) => item.entry.userId !== undefined && item.sent.some((c) => !c.rideAlong))
      .slice(0, READ_BACK_SAMPLE);
    if (sample.length === 0) return steps.map(() => undefined);
    const fields = [...new Set(sample.flatMap((item) => item.sent.map((c) => c.field)))];
    const now = new Map((await ctx.oomnitza.readBack(sample.map((item) => item.entry.userId as string), fields)).map((user) => [user.user_id, user]));
    const verdicts = new Map<StepBase, Outcome>();
    for (const { step, entry, outcome, sent } of sample) {
      const user = now.get(entry.userId as string);
      if (!user || outcome?.status !== "done") continue;
      const unkept = sent.filter((c) => !valuesEqual(user[c.field], c.after, c.field === ctx.syncKey)).map((c) => c.field);
      if (unkept.length) verdicts.set(step, { ...outcome, unkept });
    }
    return steps.map((step) => verdicts.get(step));
  },
};
