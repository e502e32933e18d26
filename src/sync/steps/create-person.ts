import { personLabel, type PlanEntry } from "../decisions.js";
import { normaliseKey } from "../values.js";
import { createOnce } from "./create-once.js";
import { fieldsOf, personNotWritten, stepPerEntry } from "./person.js";
import { done, type StepBase, type StepType } from "./types.js";

export interface CreatePersonStep extends StepBase {
  readonly kind: "create-person";
  readonly entry: number;
}

/** A new person with every mapped field; created once even when an answer is lost. */
export const createPerson: StepType<CreatePersonStep> = {
  kind: "create-person",
  phase: 1,
  reportedAs: "person",
  after: [],
  plan: stepPerEntry("create-person", (entry) => entry.action === "create"),
  async run([step], ctx) {
    const entry = ctx.entries[step!.entry] as PlanEntry;
    const fields = fieldsOf(entry);
    const username = fields.username;
    const { value, note } = await createOnce({
      create: () => ctx.oomnitza.createUser(fields, `creating ${personLabel(entry)} in Oomnitza`),
      // Usernames are unique in Oomnitza, so the username finds a person created before.
      find:
        typeof username === "string"
          ? async () => (await ctx.oomnitza.findUsers("username", username)).find((user) => normaliseKey(user.username) === normaliseKey(username))
          : undefined,
      noun: "the person",
      findWhenUnreadable: true,
    });
    return [done({ userId: value.user_id, note })];
  },
  blocked: personNotWritten,
};
