import { personLabel, type PlanEntry } from "../decisions.js";
import { fieldsOf, personNotWritten, stepPerEntry } from "./person.js";
import { done, type StepBase, type StepType } from "./types.js";

export interface UpdatePersonStep extends StepBase {
  readonly kind: "update-person";
  readonly entry: number;
}

/** Only the changed fields of a matched person. */
export const updatePerson: StepType<UpdatePersonStep> = {
  kind: "update-person",
  phase: 1,
  reportedAs: "person",
  after: [],
  plan: stepPerEntry("update-person", (entry) => entry.action === "update"),
  async run([step], ctx) {
    const entry = ctx.entries[step!.entry] as PlanEntry;
    await ctx.oomnitza.patchUser(entry.userId as string, fieldsOf(entry), `updating ${personLabel(entry)} in Oomnitza`);
    return [done()];
  },
  blocked: personNotWritten,
};
