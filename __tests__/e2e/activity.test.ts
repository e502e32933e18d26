/**
 * What no other sync gives Oomnitza for Intercom: the last Intercom login, the evidence
 * of removals, and team names, through dist/index.js against the emulators.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";
import { runBundle } from "../support/run-bundle.js";

checkAnswersAgainstOpenApi();

let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

const DAY = 86_400;

async function start() {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins, activityLogs: [] });
  const oomnitza = await startOomnitzaEmulator({ users });
  running.push(intercom, oomnitza);
  const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token };
  return { intercom, oomnitza, inputs };
}

const userByEmail = (oomnitza: OomnitzaEmulator, email: string) => [...oomnitza.users.values()].find((u) => String(u.email).toLowerCase() === email.toLowerCase());
const iso = (unix: number) => new Date(unix * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

describe("the last Intercom login", () => {
  it("is written for admins who logged in within the window, never for older logins, and a second run writes nothing", async () => {
    const { intercom, oomnitza, inputs } = await start();
    const now = Math.floor(Date.now() / 1000);
    intercom.addActivityLog({ activity_type: "admin_login_success", performed_by: "5104417", created_at: now - 2 * DAY });
    intercom.addActivityLog({ activity_type: "admin_login_success", performed_by: "5104417", created_at: now - 1 * DAY });
    intercom.addActivityLog({ activity_type: "admin_login_success", performed_by: "5104455", created_at: now - 20 * DAY });
    const first = await runBundle(inputs);
    expect(first.outputs.status, first.stdout).toBe("success");
    // Oomnitza keeps dates as unix seconds; the latest login of the two won.
    expect(userByEmail(oomnitza, "ada.lovelace@example.com")?.intercom_last_login).toBe(now - DAY);
    expect(userByEmail(oomnitza, "grace.hopper@example.com")?.intercom_last_login).toBeUndefined();
    expect(first.summary).toContain(`intercom\\_last\\_login: ∅ → "${iso(now - DAY)}"`);

    oomnitza.log.reset();
    const second = await runBundle(inputs);
    expect(second.outputs).toMatchObject({ status: "success", created: "0", updated: "0" });
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("a workspace whose plan has no activity log gets one warning and an otherwise normal run", async () => {
    const { intercom, inputs } = await start();
    intercom.activityLogRestricted = true;
    const run = await runBundle(inputs);
    expect(run.outputs).toMatchObject({ status: "success", created: "20" });
    const warnings = run.stdout.split("\n").filter((line) => line.startsWith("::warning::"));
    expect(warnings).toEqual([expect.stringMatching(/^::warning::Intercom's activity log is not available \(reading Intercom's activity log: Intercom answered 403: api_plan_restricted.*\); the sync carries on without last logins/)]);
  });
});

describe("removed-admins: mark", () => {
  it("gives an admin deleted in Intercom intercom_removed_at and _by once, from the log's structured fields or, marked inferred, its text", async () => {
    const { intercom, oomnitza, inputs } = await start();
    const first = await runBundle(inputs);
    expect(first.outputs.status).toBe("success");
    const now = Math.floor(Date.now() / 1000);
    const graceAdmin = intercom.admins.find((a) => a.id === "5104455")!;
    intercom.deleteAdmin("5104455", { by: "5104417", type: "admin_deletion", shape: "metadata", at: now - 3 * DAY });
    intercom.deleteAdmin("5104493", { by: "5104417", type: "admin_deprovisioned", shape: "text", at: now - 2 * DAY });
    intercom.deleteAdmin("5104531", { by: "5104417", type: "admin_deletion", shape: "metadata", at: now - 30 * DAY });

    oomnitza.log.reset();
    const marked = await runBundle({ ...inputs, "removed-admins": "mark" });
    expect(marked.outputs, marked.stdout).toMatchObject({ status: "success", removed: "3" });
    const grace = userByEmail(oomnitza, "grace.hopper@example.com");
    expect(grace).toMatchObject({ intercom_removed_at: now - 3 * DAY, intercom_removed_by: "ada.lovelace@example.com" });
    expect(userByEmail(oomnitza, "zoe.muller@example.com")).toMatchObject({ intercom_removed_at: now - 2 * DAY, intercom_removed_by: "ada.lovelace@example.com" });
    // Removed before the 7-day window: the time the sync first noticed.
    const jose = userByEmail(oomnitza, "jose.alvarez@example.com");
    expect(Math.abs(Number(jose?.intercom_removed_at) - now)).toBeLessThan(120);
    expect(jose?.intercom_removed_by).toBeUndefined();
    const report = JSON.parse(readFileSync(marked.outputs["report-path"] as string, "utf8"));
    expect(report.removed.map((r: { email: string; action: string; outcome: string; evidence: { how: string } }) => [r.email.toLowerCase(), r.action, r.outcome, r.evidence.how]).sort()).toEqual([
      ["grace.hopper@example.com", "mark", "done", "log"],
      ["jose.alvarez@example.com", "mark", "done", "first-noticed"],
      ["zoe.muller@example.com", "mark", "done", "log-text"],
    ]);
    expect(marked.summary).toContain("inferred from the activity log's text");
    expect(oomnitza.log.writes().filter((w) => w.method === "PATCH")).toHaveLength(3);

    // Never written twice.
    oomnitza.log.reset();
    const again = await runBundle({ ...inputs, "removed-admins": "mark" });
    expect(again.outputs).toMatchObject({ status: "success", removed: "3" });
    expect(oomnitza.log.writes()).toEqual([]);

    // Back in Intercom: the marks are cleared once, shown as a change, and not written again.
    intercom.admins.push(graceAdmin);
    oomnitza.log.reset();
    const back = await runBundle({ ...inputs, "removed-admins": "mark" });
    expect(back.outputs, back.stdout).toMatchObject({ status: "success", removed: "2", updated: "1" });
    expect(userByEmail(oomnitza, "grace.hopper@example.com")?.intercom_removed_at ?? null).toBeNull();
    expect(userByEmail(oomnitza, "grace.hopper@example.com")?.intercom_removed_by ?? null).toBeNull();
    expect(back.summary).toMatch(/intercom\\_removed\\_at: \d+ → ∅/);
    expect(oomnitza.log.writes().filter((w) => w.method === "PATCH")).toHaveLength(1);
    oomnitza.log.reset();
    const settled = await runBundle({ ...inputs, "removed-admins": "mark" });
    expect(settled.outputs).toMatchObject({ status: "success", updated: "0", removed: "2" });
    expect(oomnitza.log.writes()).toEqual([]);
  });
});

describe("removed-admins: mark in SaaS mode", () => {
  it("marks the person of an admin deleted in Intercom, keeps their SaaS assignment, and writes nothing on the next run", async () => {
    const { intercom, oomnitza, inputs } = await start();
    const saas = { ...inputs, records: "users-and-saas-users", "saas-name": "Intercom", "removed-admins": "mark" };
    const first = await runBundle(saas);
    expect(first.outputs.status, first.stdout).toBe("success");
    const record = [...oomnitza.saas.records.values()].find((r) => r.saas_name === "Intercom")!;
    const assignedBefore = oomnitza.saas.assignments.get(record.saas_id)?.size ?? 0;
    expect(assignedBefore).toBeGreaterThan(10);
    const now = Math.floor(Date.now() / 1000);
    intercom.deleteAdmin("5104455", { by: "5104417", type: "admin_deletion", shape: "metadata", at: now - DAY });

    oomnitza.log.reset();
    const marked = await runBundle(saas);
    expect(marked.outputs, marked.stdout).toMatchObject({ status: "success", removed: "1" });
    expect(userByEmail(oomnitza, "grace.hopper@example.com")).toMatchObject({ intercom_removed_at: now - DAY, intercom_removed_by: "ada.lovelace@example.com" });
    // Marking is not unassigning: the SaaS user stays.
    expect(oomnitza.saas.assignments.get(record.saas_id)?.size ?? 0).toBe(assignedBefore);
    expect(oomnitza.log.writes().map((w) => `${w.method} ${w.path.replace(/[0-9a-f]{32}/g, ":id")}`)).toEqual(["PATCH /api/v3/users/:id"]);

    oomnitza.log.reset();
    const again = await runBundle(saas);
    expect(again.outputs).toMatchObject({ status: "success", removed: "1" });
    expect(oomnitza.log.writes()).toEqual([]);
  });
});

describe("primary team names", () => {
  it("are written as names, not ids, from one GET /teams", async () => {
    const { intercom, oomnitza, inputs } = await start();
    const run = await runBundle({ ...inputs, mapping: "extends: default\nfields:\n  intercom_primary_team_ids: primary_team_names\n" });
    expect(run.outputs.status, run.stdout).toBe("success");
    expect(intercom.log.count("GET /teams")).toBe(1);
    expect(userByEmail(oomnitza, "ada.lovelace@example.com")?.intercom_primary_team_ids).toBe("Tier 2 Support");
  });
});

describe("seat roles in SaaS mode", () => {
  for (const profile of ["friendly", "strict"] as const) {
    it(`each SaaS user holds "Inbox seat" or "No inbox seat", a changed seat moves the role, and a second run writes nothing (${profile} Oomnitza)`, async () => {
      const { admins, users } = demoDataset();
      const intercom = await startIntercomEmulator({ admins, activityLogs: [] });
      const oomnitza = await startOomnitzaEmulator({ users, profile, ...(profile === "strict" ? { strict: { dropdowns: {} } } : {}) });
      running.push(intercom, oomnitza);
      const inputs = {
        "intercom-token": intercom.token,
        "intercom-url": intercom.url,
        "oomnitza-url": oomnitza.url,
        "oomnitza-token": oomnitza.token,
        records: "users-and-saas-users",
        ...(profile === "strict" ? { mapping: "extends: default\nallow-access-fields: [role]\nfields:\n  role: { value: 2, on: create }\n" } : {}),
      };
      const first = await runBundle(inputs);
      expect(first.outputs.status, first.stdout).toBe("success");
      const record = [...oomnitza.saas.records.values()].find((r) => r.saas_name === "Intercom")!;
      const roles = new Map([...(oomnitza.saas.roles.get(record.saas_id)?.values() ?? [])].map((role) => [role.role_id, role.role_external_label]));
      expect([...roles.values()].sort()).toEqual(["Inbox seat", "No inbox seat"]);
      const held = () => new Map([...(oomnitza.saas.assignments.get(record.saas_id)?.values() ?? [])].map((a) => [oomnitza.users.get(a.user_id)?.intercom_id, (a.role_ids ?? []).map((id) => roles.get(id))]));
      const seatOf = new Map(admins.map((a) => [a.id, a.has_inbox_seat]));
      for (const [intercomId, labels] of held()) expect(labels, String(intercomId)).toEqual([seatOf.get(String(intercomId)) ? "Inbox seat" : "No inbox seat"]);

      oomnitza.log.reset();
      const second = await runBundle(inputs);
      expect(second.outputs).toMatchObject({ status: "success", created: "0", updated: "0" });
      expect(oomnitza.log.writes()).toEqual([]);

      // Ada loses her inbox seat: she gets "No inbox seat", and "Inbox seat" is taken away.
      const ada = intercom.admins.find((a) => a.id === "5104417")!;
      ada.has_inbox_seat = false;
      oomnitza.log.reset();
      const third = await runBundle(inputs);
      expect(third.outputs.status).toBe("success");
      expect(held().get("5104417")).toEqual(["No inbox seat"]);
      expect(third.summary).toContain('SaaS role: "Inbox seat" → "No inbox seat"');
      expect(oomnitza.log.writes().map((w) => w.route).sort()).toEqual(["DELETE /api/v3/saas/:id/roles/users", "PATCH /api/v3/users/:id", "POST /api/v3/saas/:id/roles/users"]);
    });
  }
});
