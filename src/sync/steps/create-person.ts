import { personLabel, type PlanEntry } from "../decisions.js";
import { fewOf } from "../group.js";
import { usableId } from "../records.js";
import { createOnce } from "./create-once.js";
import { fieldsOf, personNotWritten, stepPerEntry, writeWithoutRefusedField } from "./person.js";
import { done, failed, type StepBase, type StepType } from "./types.js";

export interface CreatePersonStep extends StepBase {
  readonly kind: "create-person";
  readonly entry: number;
}

/**
 * A new person with every mapped field; created once even when an answer is lost, and
 * after a read that was not proven complete, only when a lookup by the sync key just
 * before finds nobody.
 */
export const createPerson: StepType<CreatePersonStep> = {
  kind: "create-person",
  phase: 1,
  reportedAs: "person",
  after: [],
  plan: stepPerEntry("create-person", (entry) => entry.action === "create"),
  async run([step], ctx) {
    const entry = ctx.entries[step!.entry] as PlanEntry;
    if (ctx.lookupBeforeCreate && entry.key) {
      const existing = await ctx.oomnitza.lookUpUsers(ctx.syncKey, [entry.key]);
      if (existing.length) {
        return [failed(`not created: Oomnitza already holds ${personLabel(entry)} (user ${fewOf(existing.slice(0, 3).map((u) => u.user_id), existing.length)}), which the read of Oomnitza missed; the next run will match it`)];
      }
    }
    const fields = fieldsOf(entry);
    const username = fields.username;
    let refused: Awaited<ReturnType<typeof writeWithoutRefusedField>>["refused"];
    const { value, note } = await createOnce({
      create: async () => {
        const written = await writeWithoutRefusedField(fields, ["username", ctx.syncKey], (f) => ctx.oomnitza.createUser(f, `creating ${personLabel(entry)} in Oomnitza`));
        refused = written.refused;
        // A create always has fields left (username is never dropped), so there is a value.
        return written.value as NonNullable<typeof written.value>;
      },
      // Usernames are unique in Oomnitza, so the username finds a person created before.
      find: typeof username === "string" ? async () => (await ctx.oomnitza.lookUpUsers("username", [username]))[0] : undefined,
      noun: "the person",
      findWhenUnreadable: true,
    });
    if (!usableId(value.user_id)) {
      return [failed(`Oomnitza created ${personLabel(entry)} but gave it the id ${JSON.stringify(value.user_id.slice(0, 60))}, which cannot be used in a request; nothing more was written for this person`)];
    }
    return [done({ userId: value.user_id, note, refused })];
  },
  blocked: personNotWritten,
};
