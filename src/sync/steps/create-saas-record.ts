import { needsSaasWrite } from "../decisions.js";
import { createOnce } from "./create-once.js";
import { done, type StepBase, type StepType } from "./types.js";

export interface CreateSaasRecordStep extends StepBase {
  readonly kind: "create-saas-record";
  readonly name: string;
}

/** The SaaS record named saas-name, when it is missing and someone is to be assigned to it. */
export const createSaasRecord: StepType<CreateSaasRecordStep> = {
  kind: "create-saas-record",
  phase: 2,
  reportedAs: "saas-user",
  after: [],
  plan: ({ saas, entries }) => (saas?.create && entries.some(needsSaasWrite) ? [{ kind: "create-saas-record", name: saas.name }] : []),
  async run([step], ctx) {
    const name = step!.name;
    const { value, note } = await createOnce({
      create: () => ctx.oomnitza.createSaas(name),
      find: async () => (await ctx.oomnitza.findSaas(name))[0],
      noun: "the SaaS record",
      // A 2xx that is not JSON (a proxy's page) still made the record: it is found by its name.
      findWhenUnreadable: true,
    });
    return [done({ saasId: value.saas_id, note })];
  },
  // Without the record no SaaS step can go ahead; each says why the record failed.
  blocked: (outcome) => outcome,
};
