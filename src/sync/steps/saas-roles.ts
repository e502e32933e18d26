import { personLabel, type PlanEntry } from "../decisions.js";
import { stepPerEntry } from "./person.js";
import { createOnce } from "./create-once.js";
import { endpointAbsent } from "./failure.js";
import { done, notAttempted, skipped, type Outcome, type StepBase, type StepContext, type StepType } from "./types.js";

export interface CreateSaasRoleStep extends StepBase {
  readonly kind: "create-saas-role";
  readonly label: string;
}

export interface GiveSaasRoleStep extends StepBase {
  readonly kind: "give-saas-role";
  readonly entry: number;
}

export interface TakeSaasRolesStep extends StepBase {
  readonly kind: "take-saas-roles";
  readonly entry: number;
}

/** Why seat roles were left alone: the instance has no roles endpoint where the description puts one. */
const rolesSkipped = (err: unknown) => `Oomnitza has no SaaS roles endpoint here (${err instanceof Error ? err.message : String(err)}); seat roles were left as they are`;

/** Role changes go to Oomnitza this many users at a time. */
const BULK = 100;

function roleId(ctx: StepContext, label: string): string | undefined {
  return ctx.saas?.roleIds?.[label] ?? ctx.provided(`saas-role:${label}`);
}

function saasIdOf(ctx: StepContext): string {
  const id = ctx.saasId();
  if (id === undefined) throw new Error("the SaaS record has no id (it was neither found nor created)");
  return id;
}

/** Sends one request per group of steps that change the same roles; a failed group fails only its steps. */
async function changeRoles<S extends StepBase & { entry: number }>(steps: readonly S[], ctx: StepContext, labelsOf: (entry: PlanEntry) => string[], give: boolean): Promise<Outcome[]> {
  const groups = new Map<string, S[]>();
  for (const step of steps) {
    const key = labelsOf(ctx.entries[step.entry] as PlanEntry).join("\u0000");
    groups.set(key, [...(groups.get(key) ?? []), step]);
  }
  const outcomes = new Map<S, Outcome>();
  for (const [key, group] of groups) {
    const labels = key.split("\u0000");
    const ids = labels.map((label) => roleId(ctx, label));
    const users = group.map((step) => ctx.userIdOf(step.entry));
    if (ids.some((id) => id === undefined) || users.some((id) => id === undefined)) {
      group.forEach((step) => outcomes.set(step, notAttempted(users.some((id) => id === undefined) ? "the person was not written" : "the SaaS role was not created")));
      continue;
    }
    try {
      await ctx.oomnitza.setSaasRoles(saasIdOf(ctx), users as string[], ids as string[], give);
      group.forEach((step) => outcomes.set(step, done()));
    } catch (err) {
      if (endpointAbsent(err)) {
        group.forEach((step) => outcomes.set(step, skipped(rolesSkipped(err))));
        continue;
      }
      const message = `${give ? "giving" : "taking away"} ${labels.map((l) => JSON.stringify(l)).join(", ")} for ${group.map((s) => personLabel(ctx.entries[s.entry] as PlanEntry)).slice(0, 3).join(", ")}${group.length > 3 ? " and others" : ""}: ${err instanceof Error ? err.message : String(err)}`;
      group.forEach((step) => outcomes.set(step, { status: "failed", error: message }));
    }
  }
  return steps.map((step) => outcomes.get(step) as Outcome);
}

/** A role the mapping gives that the SaaS record does not have yet. */
export const createSaasRole: StepType<CreateSaasRoleStep> = {
  kind: "create-saas-role",
  phase: 4,
  reportedAs: "saas-user",
  after: ["create-saas-record"],
  plan: ({ entries, saas }) => {
    const wanted = new Set(entries.flatMap((entry) => (entry.saas?.role ? [entry.saas.role.after] : [])));
    return [...wanted].filter((label) => saas?.roleIds?.[label] === undefined).map((label) => ({ kind: "create-saas-role" as const, label }));
  },
  async run([step], ctx) {
    try {
      const saasId = saasIdOf(ctx);
      const label = step!.label;
      const { value: id, note } = await createOnce({
        create: () => ctx.oomnitza.createSaasRole(saasId, label),
        find: async () => (await ctx.oomnitza.listSaasRoles(saasId)).find((role) => role.label === label)?.id,
        noun: `the role ${JSON.stringify(label)}`,
        findWhenUnreadable: true,
      });
      return [done({ provides: { [`saas-role:${label}`]: id }, note })];
    } catch (err) {
      if (endpointAbsent(err)) return [skipped(rolesSkipped(err))];
      throw err;
    }
  },
  blocked: (outcome) => outcome,
};

/** The SaaS user gets the role the mapping gives (only when it does not hold it). */
export const giveSaasRole: StepType<GiveSaasRoleStep> = {
  kind: "give-saas-role",
  phase: 5,
  reportedAs: "saas-user",
  after: ["create-person", "update-person", "create-saas-record", "assign-saas-user", "create-saas-role"],
  batchSize: BULK,
  plan: stepPerEntry("give-saas-role", (entry) => entry.saas?.role !== undefined && !entry.saas.role.before.includes(entry.saas.role.after)),
  run: (steps, ctx) => changeRoles(steps, ctx, (entry) => [entry.saas?.role?.after as string], true),
  blocked: () => notAttempted("the SaaS role was not given"),
};

/** The mapping's other roles the SaaS user holds are taken away, once the new one is given. */
export const takeSaasRoles: StepType<TakeSaasRolesStep> = {
  kind: "take-saas-roles",
  phase: 6,
  reportedAs: "saas-user",
  after: ["give-saas-role"],
  batchSize: BULK,
  plan: stepPerEntry("take-saas-roles", (entry) => (entry.saas?.role?.before ?? []).some((label) => label !== entry.saas?.role?.after)),
  run: (steps, ctx) => changeRoles(steps, ctx, (entry) => (entry.saas?.role?.before ?? []).filter((label) => label !== entry.saas?.role?.after), false),
  blocked: () => notAttempted("the old SaaS role was not taken away"),
};
