/**
 * Instances that answer as the public evidence allows, or worse, but differently from
 * the emulators' usual readings (issue 21): each case runs the bundle as GitHub would
 * and checks that the run ends quickly with a report, a clear reason, and no secret.
 * Run by __tests__/e2e/hostile.test.ts and, for the hostile table, `npm run test:faults`.
 */
import { action, admin, emulators, resultOf } from "./hostile-cases.js";
import { Expectations, type HostileCase } from "./hostile.js";

/** 21.6: an absurd total with endless fresh rows ends the read at once with a failure naming the total. */
const absurdTotal: HostileCase = {
  id: "absurd-total",
  point: "21.6",
  title: "Oomnitza announcing x-total-count: 1000000000 and inventing fresh people on every page",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")], { hostile: { inventUsers: true, inventedTotal: 1_000_000_000 } });
    try {
      const run = await action(env.inputs, { github: true });
      const expect = new Expectations();
      expect.that(run.ms < 60_000, `took ${run.ms} ms`);
      expect.that(run.outputs.status === "failed" && /Oomnitza announced 1,000,000,000 people \(x-total-count\), which no instance holds/.test(run.report?.reason ?? ""), `reason: ${run.report?.reason}`);
      expect.that(run.issues.length === 1 && run.summary.includes("1,000,000,000 people"), "summary and issue say why");
      expect.that(env.oomnitza.log.writes().length === 0, "nothing was written");
      return resultOf(run, env.secrets, expect, `failed at once after ${env.oomnitza.log.count("GET /api/v3/users")} page, reported`);
    } finally {
      await env.close();
    }
  },
};

export const INSTANCE_CASES: HostileCase[] = [absurdTotal];
