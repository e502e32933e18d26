import { describe, expect, it } from "vitest";
import type { IntercomAdmin } from "../../emulators/index.js";
import type { OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { admin as baseAdmin, useEmulators } from "../support/engine.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer the emulators give in this file must match the APIs' OpenAPI descriptions.
checkAnswersAgainstOpenApi();

const { setup } = useEmulators();

function admin(id: string, email: string, name = "Test Person"): IntercomAdmin {
  return baseAdmin(id, email, { name, avatar: null, team_priority_level: {} });
}

const SAAS = { records: "users-and-saas-users" } as const;
const assignmentsOf = (oomnitza: Awaited<ReturnType<typeof setup>>["oomnitza"], name = "Intercom") => {
  const record = [...oomnitza.saas.records.values()].find((r) => r.saas_name === name);
  return record ? [...(oomnitza.saas.assignments.get(record.saas_id)?.values() ?? [])] : undefined;
};

describe("SaaS users", () => {
  it("creates the SaaS record, assigns everyone with the admin id as external id, and a second run writes nothing", async () => {
    const { oomnitza, sync } = await setup([admin("11", "a@example.com"), admin("12", "b@example.com")], {
      users: [{ username: "b@example.com", email: "B@example.com", first_name: "Test", last_name: "Person" }],
    });
    const first = await sync(SAAS);
    expect(first.status).toBe("success");
    expect(first.counts).toMatchObject({ created: 1, updated: 1, saasAssigned: 2, saasExternalIds: 2 });
    const assigned = assignmentsOf(oomnitza);
    expect(assigned?.map((a) => a.user_external_id).sort()).toEqual(["11", "12"]);
    oomnitza.log.reset();
    const second = await sync(SAAS);
    expect(second.counts).toMatchObject({ created: 0, updated: 0, saasAssigned: 0, saasExternalIds: 0, unchanged: 2 });
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("corrects a wrong external id without re-assigning, and update-only never creates the SaaS record", async () => {
    const { oomnitza, sync } = await setup([admin("21", "c@example.com")], {
      users: [{ username: "c@example.com", email: "c@example.com", first_name: "Test", last_name: "Person", intercom_id: "21" }],
      saas: [{ saas_name: "Intercom" }],
      saasUsers: [{ saas_name: "Intercom", username: "c@example.com", user_external_id: "old" }],
    });
    const report = await sync(SAAS);
    // The default mapping also gives the SaaS user its seat role.
    expect(report.entries[0]?.saas).toEqual({ assign: false, externalId: { before: "old", after: "21" }, role: { before: [], after: "Inbox seat" } });
    expect(oomnitza.log.count("POST /api/v3/saas/:id/users")).toBe(0);
    expect(assignmentsOf(oomnitza)?.[0]?.user_external_id).toBe("21");

    const other = await setup([admin("22", "d@example.com")], { users: [{ username: "d@example.com", email: "d@example.com" }] });
    const updateOnly = await other.sync({ ...SAAS, preference: "update-only" });
    expect(updateOnly.entries[0]?.saas?.reason).toMatch(/update-only never creates it/);
    expect(other.oomnitza.log.count("POST /api/v3/saas")).toBe(0);
  });

  it("keeps a failed SaaS assignment on the people it concerns, after their people were created", async () => {
    const { oomnitza, sync } = await setup([admin("31", "e@example.com"), admin("32", "f@example.com")], { saas: [{ saas_name: "Intercom" }] });
    // Both attempts of the bulk assign fail (max-attempts 2).
    oomnitza.controls.failNext("POST /api/v3/saas/:id/users", 2, { status: 503 });
    const report = await sync({ ...SAAS, "max-attempts": "2" });
    expect(report.status).toBe("partial");
    expect(report.entries.every((e) => e.saasOutcome === "failed")).toBe(true);
    expect(report.entries[0]?.saasError).toMatch(/Oomnitza answered 503/);
    expect(report.counts).toMatchObject({ created: 2, failed: 2 });
  });

  it("unassigns removed admins when asked, and only them", async () => {
    const { oomnitza, sync } = await setup([admin("41", "g@example.com")], {
      users: [
        { username: "g@example.com", email: "g@example.com", first_name: "Test", last_name: "Person" },
        { username: "gone@example.com", email: "gone@example.com" },
        { username: "manual@example.com", email: "manual@example.com" },
      ],
      saas: [{ saas_name: "Intercom" }],
      saasUsers: [
        { saas_name: "Intercom", username: "g@example.com", user_external_id: "41" },
        { saas_name: "Intercom", username: "gone@example.com", user_external_id: "40" },
        { saas_name: "Intercom", username: "manual@example.com" },
      ],
    });
    const report = await sync({ ...SAAS, "removed-admins": "unassign", "max-removals": "1" });
    expect(report.status).toBe("success");
    expect(report.removed.map((r) => [r.email, r.action, r.outcome])).toEqual([["gone@example.com", "unassign", "done"]]);
    expect(assignmentsOf(oomnitza)?.map((a) => oomnitza.users.get(a.user_id)?.username).sort()).toEqual(["g@example.com", "manual@example.com"]);
  });
});

describe("guards and dry run", () => {
  const managed = (n: number) => Array.from({ length: n }, (_, i) => ({ username: `m${i}@example.com`, email: `m${i}@example.com`, intercom_id: String(900 + i) }));

  it("aborts when Intercom returns no admins while Oomnitza holds managed records", async () => {
    const { oomnitza, sync } = await setup([], { users: managed(3) });
    const report = await sync();
    expect(report.status).toBe("aborted");
    expect(report.reason).toMatch(/Intercom returned no admins, but Oomnitza holds 3 records/);
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("aborts when removals exceed max-removals, writing nothing; a dry run says it would", async () => {
    const { oomnitza, sync } = await setup([admin("1", "new@example.com")], { users: managed(10) });
    const report = await sync({ "max-removals": "20%" });
    expect(report.status).toBe("aborted");
    expect(report.reason).toMatch(/10 admins are gone from Intercom, more than max-removals allows \(20% of 10 managed records = 2\)/);
    expect(report.entries[0]).toMatchObject({ action: "create", outcome: "not-attempted" });
    expect(oomnitza.log.writes()).toEqual([]);

    const dry = await sync({ "max-removals": "20%", "dry-run": "true" });
    expect(dry.status).toBe("dry-run");
    expect(dry.guard).toMatchObject({ fired: false, message: expect.stringMatching(/^The real run would abort: 10 admins are gone/) });
    expect(dry.counts.created).toBe(1);
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("removed-admins: ignore lists nothing and never trips the removal guard", async () => {
    const { sync } = await setup([admin("1", "new@example.com")], { users: managed(10) });
    const report = await sync({ "max-removals": "0", "removed-admins": "ignore" });
    expect(report.status).toBe("success");
    expect(report.removed).toEqual([]);
  });
});
