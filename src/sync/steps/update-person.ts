import { personLabel, type PlanEntry } from "../decisions.js";
import { fieldsOf, personNotWritten, stepPerEntry, writeWithoutRefusedField } from "./person.js";
import { done, type StepBase, type StepType } from "./types.js";

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
};
