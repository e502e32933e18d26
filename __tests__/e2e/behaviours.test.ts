import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset } from "../../emulators/index.js";
import { startIntercomEmulator, type IntercomAdmin } from "../../emulators/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer the emulators give in this file must match the APIs' OpenAPI descriptions.
checkAnswersAgainstOpenApi();

let running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

/** The strict instance requires a role on create: the mapping gives one. */
const STRICT_MAPPING = "extends: default\nallow-access-fields: [role]\nfields:\n  role: { value: 2, on: create }\n";

/**
 * Writes Oomnitza accepted. (Against the strict instance a person whose job title its
 * position dropdown refuses is sent the update again each run, refused, and reported.)
 */
const acceptedWrites = (oomnitza: OomnitzaEmulator) => oomnitza.log.entries.filter((e) => (e.method === "POST" || e.method === "PATCH") && e.status < 400);
/** Every write sent, accepted or not. */
const writesOf = (oomnitza: OomnitzaEmulator) => oomnitza.log.entries.filter((e) => e.method === "POST" || e.method === "PATCH");

describe.each(["friendly", "strict"] as const)("sync behaviours through dist/index.js, %s Oomnitza", (profile) => {
async function setup(admins: IntercomAdmin[], options: OomnitzaEmulatorOptions) {
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ ...options, profile });
  running.push(intercom, oomnitza);
  const run = (inputs: Record<string, string> = {}) =>
    runBundle({ "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, ...(profile === "strict" ? { mapping: STRICT_MAPPING } : {}), ...inputs });
  return { intercom, oomnitza, run };
}


  it("a dry run plans everything and makes no POST or PATCH", async () => {
    const { admins, users } = demoDataset();
    const { oomnitza, run } = await setup(admins, { users });
    const result = await run({ "dry-run": "true" });
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe("dry-run");
    expect(Number(result.outputs.created)).toBeGreaterThan(0);
    expect(result.summary).toMatch(/dry run: .*\(nothing written\)/);
    expect(result.summary).toContain("### Planned changes");
    expect(writesOf(oomnitza)).toEqual([]);
  });

  it("update-only makes no POST and lists the admins not in Oomnitza", async () => {
    const { admins, users } = demoDataset();
    const { oomnitza, run } = await setup(admins, { users });
    const result = await run({ preference: "update-only" });
    expect(result.code).toBe(0);
    expect(result.outputs.created).toBe("0");
    expect(Number(result.outputs.updated)).toBeGreaterThan(0);
    expect(oomnitza.log.count("POST /api/v3/users")).toBe(0);
    expect(result.summary).toContain("### Not in Oomnitza (people to onboard)");
    const report = JSON.parse(readFileSync(result.outputs["report-path"] as string, "utf8"));
    const notIn = report.entries.filter((e: { action: string }) => e.action === "not-in-oomnitza");
    expect(notIn.length).toBeGreaterThan(5);
    expect(report.counts.notInOomnitza).toBe(notIn.length);
  });

  it("SaaS mode assigns everyone and sets external ids, and a second run writes nothing", async () => {
    const { admins, users } = demoDataset();
    const { oomnitza, run } = await setup(admins, { users });
    const first = await run({ records: "users-and-saas-users" });
    expect(first.code, first.stdout).toBe(0);
    const report = JSON.parse(readFileSync(first.outputs["report-path"] as string, "utf8"));
    const synced = report.entries.filter((e: { action: string }) => ["create", "update", "unchanged"].includes(e.action));
    const record = [...oomnitza.saas.records.values()].find((r) => r.saas_name === "Intercom");
    expect(record).toBeDefined();
    const assigned = [...(oomnitza.saas.assignments.get(record!.saas_id)?.values() ?? [])];
    expect(assigned).toHaveLength(synced.length);
    const idsByUser = new Map(synced.map((e: { userId: string; admin: { id: string } }) => [e.userId, e.admin.id]));
    for (const a of assigned) expect(a.user_external_id).toBe(idsByUser.get(a.user_id));
    expect(first.summary).toMatch(/SaaS assigned/);

    oomnitza.log.reset();
    const second = await run({ records: "users-and-saas-users" });
    expect(second.outputs).toMatchObject({ status: "success", created: "0", updated: "0" });
    expect(acceptedWrites(oomnitza)).toEqual([]);
  });

  it("a removal beyond max-removals aborts with exit 1 and nothing written", async () => {
    const managed = Array.from({ length: 5 }, (_, i) => ({ username: `left${i}@example.com`, email: `left${i}@example.com`, intercom_id: String(700 + i) }));
    const stay: IntercomAdmin = { type: "admin", id: "1", name: "Stay Here", email: "stay@example.com", away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [] };
    const { oomnitza, run } = await setup([stay], { users: managed });
    const result = await run({ "max-removals": "2" });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe("aborted");
    expect(result.stdout).toMatch(/::error::Sync aborted by a guard: 5 admins are gone from Intercom, more than max-removals allows \(2\)/);
    expect(result.summary).toContain("aborted by a guard");
    expect(result.summary).toContain("### Removed from Intercom");
    expect(writesOf(oomnitza)).toEqual([]);
  });
});
