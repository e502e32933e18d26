import { describe, expect, it } from "vitest";
import { demoDataset, generatedDataset } from "../../emulators/index.js";
import { cleanAdmins } from "../../src/intercom/schema.js";
import type { OomnitzaUser } from "../../src/sync/records.js";
import { planSync } from "../../src/sync/plan.js";
import { usersThePlanNeeds } from "../../src/sync/users-needed.js";
import { mapping, RUN } from "../support/admins.js";

function asUsers(people: Array<Record<string, unknown>>): OomnitzaUser[] {
  return people.map((p, i) => ({ ...p, user_id: String(p.user_id ?? `u${i}`) }));
}

describe("usersThePlanNeeds", () => {
  const datasets = { demo: demoDataset(), generated: generatedDataset(200, 2000, 9) };
  for (const [name, data] of Object.entries(datasets)) {
    for (const syncKey of ["email", "username", "intercom_id"]) {
      it(`${name} data, sync key ${syncKey}: the plan is the same with only the users it needs`, () => {
        const { admins, invalid } = cleanAdmins(data.admins);
        const m = mapping();
        const users = asUsers(data.users as Array<Record<string, unknown>>);
        // Some managed people whose admin is gone, so removals are part of the comparison.
        users.push({ user_id: "gone1", username: "gone@example.org", email: "gone@example.org", intercom_id: "999999" });
        const needed = usersThePlanNeeds(admins, m, syncKey, RUN);
        const kept = users.filter(needed);
        expect(kept.length).toBeLessThan(users.length);
        const input = { admins, invalid, mapping: m, syncKey, preference: "create-and-update" as const, run: RUN };
        expect(planSync({ ...input, users: kept })).toEqual(planSync({ ...input, users }));
      });
    }
  }
});
