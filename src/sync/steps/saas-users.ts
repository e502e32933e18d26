import { personLabel, type PlanEntry } from "../decisions.js";
import { stepPerEntry } from "./person.js";
import { done, failed, notAttempted, type Outcome, type StepBase, type StepContext, type StepType } from "./types.js";

export interface AssignSaasUserStep extends StepBase {
  readonly kind: "assign-saas-user";
  readonly entry: number;
}

export interface SetSaasExternalIdStep extends StepBase {
  readonly kind: "set-saas-external-id";
  readonly entry: number;
}

export interface UnassignSaasUserStep extends StepBase {
  readonly kind: "unassign-saas-user";
  readonly removed: number;
}

/** Oomnitza's bulk (un)assign call takes this many users at once. */
const BULK = 100;

function saasIdOf(ctx: StepContext): string {
  const id = ctx.saasId();
  if (id === undefined) throw new Error("the SaaS record has no id (it was neither found nor created)");
  return id;
}

/** Sends one bulk call; an item Oomnitza reports as failed fails only its own step. */
async function bulk(ctx: StepContext, items: Array<{ userId: string | undefined; assign: boolean; failure: (error: string) => string }>): Promise<Outcome[]> {
  const sendable = items.filter((item): item is typeof item & { userId: string } => item.userId !== undefined);
  const errors = sendable.length ? await ctx.oomnitza.assignSaasUsers(saasIdOf(ctx), sendable.map((item) => ({ user_id: item.userId, assign: item.assign }))) : new Map<string, string>();
  return items.map((item) => {
    if (item.userId === undefined) return notAttempted("the person was not written");
    const error = errors.get(item.userId);
    return error ? failed(item.failure(error)) : done();
  });
}

/** The person becomes a SaaS user of the record (many people per request). */
export const assignSaasUser: StepType<AssignSaasUserStep> = {
  kind: "assign-saas-user",
  phase: 3,
  reportedAs: "saas-user",
  after: ["create-person", "update-person", "create-saas-record"],
  batchSize: BULK,
  plan: stepPerEntry("assign-saas-user", (entry) => entry.saas?.assign === true),
  run: (steps, ctx) =>
    bulk(
      ctx,
      steps.map((step) => ({ userId: ctx.userIdOf(step.entry), assign: true, failure: (error) => `assigning ${personLabel(ctx.entries[step.entry] as PlanEntry)} to the SaaS record: ${error}` })),
    ),
  blocked: () => notAttempted("the SaaS user was not assigned"),
  // The bulk answer is undocumented: an assignment counts once the SaaS users show it.
  async confirm(steps, ctx) {
    const assigned = new Set((await ctx.saasUsers()).map((user) => user.user_id));
    return steps.map((step) => {
      const userId = ctx.userIdOf(step.entry);
      const label = personLabel(ctx.entries[step.entry] as PlanEntry);
      return userId !== undefined && !assigned.has(userId) ? failed(`Oomnitza accepted the assignment of ${label} to the SaaS record, but ${label} is not among its SaaS users when read back`) : undefined;
    });
  },
};

/** The SaaS user's external id becomes the Intercom admin id. */
export const setSaasExternalId: StepType<SetSaasExternalIdStep> = {
  kind: "set-saas-external-id",
  phase: 4,
  reportedAs: "saas-user",
  after: ["create-person", "update-person", "create-saas-record", "assign-saas-user"],
  plan: stepPerEntry("set-saas-external-id", (entry) => entry.saas?.externalId !== undefined),
  async run([step], ctx) {
    const entry = ctx.entries[step!.entry] as PlanEntry;
    const userId = ctx.userIdOf(step!.entry);
    if (userId === undefined) return [notAttempted("the person was not written")];
    await ctx.oomnitza.setSaasExternalId(saasIdOf(ctx), userId, entry.saas?.externalId?.after as string, `setting the SaaS external id of ${personLabel(entry)}`);
    return [done()];
  },
  blocked: () => notAttempted("the external id was not set"),
  async confirm(steps, ctx) {
    const byUser = new Map((await ctx.saasUsers()).map((user) => [user.user_id, user]));
    return steps.map((step) => {
      const entry = ctx.entries[step.entry] as PlanEntry;
      const wanted = entry.saas?.externalId?.after ?? "";
      const now = byUser.get(ctx.userIdOf(step.entry) ?? "")?.user_external_id;
      if (now === undefined) return failed(`Oomnitza accepted the external id of ${personLabel(entry)}, but ${personLabel(entry)} is not among the SaaS users when read back`);
      return now.trim() === wanted.trim() ? undefined : failed(`Oomnitza accepted the external id ${JSON.stringify(wanted)} of ${personLabel(entry)}, but it reads back as ${JSON.stringify(now)}`);
    });
  },
};

/** removed-admins: unassign takes the SaaS seat of an admin no longer in Intercom (the person stays). */
export const unassignSaasUser: StepType<UnassignSaasUserStep> = {
  kind: "unassign-saas-user",
  phase: 5,
  reportedAs: "saas-user",
  after: ["create-saas-record"],
  batchSize: BULK,
  plan: ({ removed, removedAdmins }) => (removedAdmins === "unassign" ? removed.map((_, index) => ({ kind: "unassign-saas-user" as const, removed: index })) : []),
  run: (steps, ctx) => bulk(ctx, steps.map((step) => ({ userId: ctx.removed[step.removed]?.userId, assign: false, failure: (error) => `unassigning from the SaaS record: ${error}` }))),
  blocked: () => notAttempted("the SaaS user was not unassigned"),
  async confirm(steps, ctx) {
    const assigned = new Set((await ctx.saasUsers()).map((user) => user.user_id));
    return steps.map((step) => (assigned.has(ctx.removed[step.removed]?.userId ?? "") ? failed("Oomnitza accepted the unassignment, but the user is still among the SaaS users when read back") : undefined));
  },
};
