import { createPerson } from "./create-person.js";
import { createSaasRecord } from "./create-saas-record.js";
import { markRemoved } from "./mark-removed.js";
import { createSaasRole, giveSaasRole, takeSaasRoles } from "./saas-roles.js";
import { assignSaasUser, setSaasExternalId, unassignSaasUser } from "./saas-users.js";
import type { StepBase, StepType } from "./types.js";
import { updatePerson } from "./update-person.js";

/**
 * Every kind of write, in the order the plan lists them. A new kind of write is a new
 * file with its `StepType`, and its line here.
 */
// `any`: each type runs only its own kind of step, which a common element type cannot say.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const STEP_TYPES: ReadonlyArray<StepType<any>> = [
  createPerson,
  updatePerson,
  createSaasRecord,
  assignSaasUser,
  setSaasExternalId,
  createSaasRole,
  giveSaasRole,
  takeSaasRoles,
  unassignSaasUser,
  markRemoved,
];

const BY_KIND = new Map<string, StepType<StepBase>>(STEP_TYPES.map((type) => [type.kind, type]));

export function stepType(step: Pick<StepBase, "kind">): StepType<StepBase> {
  const type = BY_KIND.get(step.kind);
  if (!type) throw new Error(`no step type is registered for "${step.kind}"`);
  return type;
}
