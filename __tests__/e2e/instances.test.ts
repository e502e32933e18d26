/**
 * Instances that answer as the public evidence allows but differently from the
 * emulators' usual readings (issue 21), through dist/index.js: optional enrichments
 * never fail a run, seat roles never churn, look-ups find people whatever filter forms
 * the instance takes, and a second run over unchanged data writes nothing.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";

let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

async function start(options: OomnitzaEmulatorOptions = {}) {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users, ...options });
  running.push(intercom, oomnitza);
  const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, records: "users-and-saas-users" };
  return { intercom, oomnitza, inputs };
}

const reportOf = (run: Awaited<ReturnType<typeof runBundle>>) => JSON.parse(readFileSync(run.outputs["report-path"] as string, "utf8"));

describe("an Oomnitza without the SaaS roles endpoints", () => {
  for (const absent of ["absent-404", "absent-405"] as const) {
    it(`(${absent}) SaaS mode with the default mapping syncs with one warning, and the second run writes nothing`, async () => {
      const { oomnitza, inputs } = await start({ strict: { rolesEndpoints: absent } });
      const first = await runBundle(inputs);
      expect(first.code).toBe(0);
      expect(first.outputs.status).toBe("success");
      expect(Number(first.outputs.created)).toBeGreaterThan(0);
      const warnings = first.stdout.split("\n").filter((line) => line.startsWith("::warning::") && /roles/i.test(line));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/Oomnitza has no SaaS roles endpoint here .*seat roles were left as they are/);
      expect(first.summary).toContain("not synced: the instance has no SaaS roles endpoint");
      const record = [...oomnitza.saas.records.values()].find((r) => r.saas_name === "Intercom");
      expect(oomnitza.saas.assignments.get(record?.saas_id as number)?.size).toBe(Number(first.outputs.created) + Number(first.outputs.updated) + Number(first.outputs.unchanged));

      oomnitza.log.reset();
      const second = await runBundle(inputs);
      expect(second.outputs.status).toBe("success");
      expect(oomnitza.log.writes()).toEqual([]);
      expect(second.stdout).toMatch(/::warning::Oomnitza's SaaS roles are not available \(reading the roles of the Oomnitza SaaS record: Oomnitza answered 40[45]/);
      expect(reportOf(second).counts).toMatchObject({ created: 0, updated: 0, saasAssigned: 0, saasRoles: 0 });
    });
  }

  it("removals and the guard work as before, and check says ready with a warning", async () => {
    const { intercom, oomnitza, inputs } = await start({ strict: { rolesEndpoints: "absent-404" } });
    expect((await runBundle(inputs)).outputs.status).toBe("success");
    oomnitza.log.reset();
    const check = await runBundle({ ...inputs, mode: "check" });
    expect(check.code).toBe(0);
    expect(check.summary).toContain("✅ Ready for the Intercom → Oomnitza sync");
    expect(check.summary).toMatch(/⚠️ \| SaaS roles \(for saas-role\) \| not available: reading the roles of the Oomnitza SaaS record: Oomnitza answered 404/);
    expect(oomnitza.log.writes()).toEqual([]);
    // One teammate leaves Intercom: unassigned from the SaaS record, no roles involved.
    const gone = intercom.admins.find((a) => a.type === "admin" && a.email) as { id: string };
    intercom.admins.splice(intercom.admins.indexOf(gone as never), 1);
    const removal = await runBundle({ ...inputs, "removed-admins": "unassign", "max-removals": "5" });
    expect(removal.outputs.status).toBe("success");
    expect(removal.outputs.removed).toBe("1");
    // Everyone else leaving at once is what the guard is for.
    intercom.admins.splice(0, intercom.admins.length - 1);
    const guarded = await runBundle({ ...inputs, "removed-admins": "unassign", "max-removals": "2" });
    expect(guarded.outputs.status).toBe("aborted");

  });
});

/** Emails held by more than one person (the demo data has one such pair on purpose). */
function duplicates(oomnitza: OomnitzaEmulator): string[] {
  const seen = new Map<string, number>();
  for (const user of oomnitza.users.values()) {
    const key = String(user.email ?? "").trim().toLowerCase();
    if (key) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([email]) => email);
}

describe("look-ups on an instance that refuses list filters", () => {
  // sortby ignored with a new order every page: the read is never proven complete, so every admin is looked up first.
  it("(no-lists) a read not proven complete is completed one value at a time: no duplicate, and the second run writes nothing", async () => {
    const reference = await start({ strict: { sortby: "ignore-and-reorder", pageCap: 10 } });
    const expected = await runBundle({ ...reference.inputs, records: "users" });
    const { oomnitza, inputs } = await start({ strict: { sortby: "ignore-and-reorder", pageCap: 10, lookupFilters: "no-lists" } });
    const run = { ...inputs, records: "users" };
    const first = await runBundle(run);
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ status: "success", created: expected.outputs.created, updated: expected.outputs.updated });
    expect(duplicates(oomnitza)).toEqual(duplicates(reference.oomnitza));
    expect(oomnitza.users.size).toBe(reference.oomnitza.users.size);
    const read = reportOf(first).oomnitzaRead;
    expect(read.lookups.forms).toEqual(["one LIKE per value"]);
    expect(read.lookups.requests).toBeGreaterThan(read.lookedUp);
    expect(first.summary).toMatch(new RegExp(`looked up by key before planning \\(${read.lookups.requests} requests, one LIKE per value\\)`));
    expect(first.stdout).toMatch(/::warning::Oomnitza refused list filters in look-ups, so people were looked up one value at a time/);
    oomnitza.log.reset();
    const second = await runBundle(run);
    expect(second.outputs.status).toBe("success");
    expect(oomnitza.log.writes()).toEqual([]);
  }, 60_000);

  it("(eq-only) down to one eq per value: people stored in the admin's own spelling are found, no one is created twice", async () => {
    const { oomnitza, inputs } = await start({ strict: { sortby: "ignore-and-reorder", pageCap: 10, lookupFilters: "eq-only" } });
    const before = oomnitza.users.size;
    const duplicatesBefore = duplicates(oomnitza);
    const first = await runBundle({ ...inputs, records: "users" });
    const report = reportOf(first);
    expect(report.oomnitzaRead.lookups.forms).toEqual(["one eq per value"]);
    expect(duplicates(oomnitza)).toEqual(duplicatesBefore);
    // eq compares letter case: a person stored as Ada.Lovelace@Example.com is not found by ada.lovelace@example.com,
    // and Oomnitza's unique usernames refuse the create (docs/reliability.md says so); nobody else fails.
    const failures = report.entries.filter((e: { outcome: string }) => e.outcome === "failed");
    for (const failure of failures) expect(failure.error).toMatch(/username: A user with username '[^']+' already exists/);
    expect(oomnitza.users.size).toBe(before + Number(first.outputs.created));
  }, 60_000);
});

describe("seat roles on an instance that ignores the role holder filter", () => {
  const profiles: Array<[string, OomnitzaEmulatorOptions]> = [
    ["friendly", { strict: { roleHolderFilter: "ignore" } }],
    ["strict", { profile: "strict", strict: { roleHolderFilter: "ignore", dropdowns: {} } }],
    ["strict, holder filter applied", { profile: "strict", strict: { dropdowns: {} } }],
    ["friendly, rows without roles", { strict: { roleHolderFilter: "ignore", userRowRoles: "none" } }],
  ];
  for (const [name, options] of profiles) {
    it(`(${name}) two runs on unchanged data: the second writes nothing, and every SaaS user holds exactly the role the mapping gives`, async () => {
      const { oomnitza, inputs } = await start(options);
      const run = { ...inputs, mapping: "extends: default\nallow-access-fields: [role]\nfields:\n  role: { value: 2, on: create }\n  position: { source: job_title, on: create }\n" };
      const first = await runBundle(run);
      expect(first.outputs.status, first.stdout).toBe("success");
      oomnitza.log.reset();
      const second = await runBundle(run);
      expect(second.outputs.status, second.stdout).toBe("success");
      expect(oomnitza.log.writes().map((w) => `${w.method} ${w.route}`)).toEqual([]);
      const record = [...oomnitza.saas.records.values()].find((r) => r.saas_name === "Intercom");
      const roles = oomnitza.saas.roles.get(record?.saas_id as number);
      for (const assignment of oomnitza.saas.assignments.get(record?.saas_id as number)?.values() ?? []) {
        const labels = (assignment.role_ids ?? []).map((id) => roles?.get(id)?.role_external_label);
        expect(labels).toHaveLength(1);
      }
    }, 60_000);
  }
});
