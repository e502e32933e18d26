/**
 * `check` (CLI) and `mode: check` (action): nothing is written, the checklist names what
 * to fix, and the exit status says whether a sync would work.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CUSTOM_FIELDS, demoDataset, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";
import { runCli } from "../support/run-cli.js";

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
  const env = { INTERCOM_TOKEN: intercom.token, INTERCOM_URL: intercom.url, OOMNITZA_URL: oomnitza.url, OOMNITZA_TOKEN: oomnitza.token };
  return { intercom, oomnitza, env };
}

/** An instance where the Oomnitza admin has created only intercom_id of the default mapping's custom fields. */
const withoutCustomFields = { customFields: { intercom_id: DEFAULT_CUSTOM_FIELDS.intercom_id ?? "string" } };

describe("intercom-oomnitza-sync check", () => {
  it("exits 1 on an instance lacking the mapping's custom fields, naming each with its type, and writes nothing", async () => {
    const { oomnitza, env } = await start(withoutCustomFields);
    const run = await runCli(["check"], env);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^✖ Not ready/);
    for (const field of ["intercom_type (text)", "intercom_avatar (text)", "intercom_away_mode_enabled (checkbox)", "intercom_away_mode_reassign (checkbox)", "intercom_has_inbox_seat (checkbox)", "intercom_primary_team_ids (text)", "intercom_version (text)", "intercom_sync_time (text)"]) {
      expect(run.stdout).toContain(field);
    }
    expect(run.stdout).not.toMatch(/intercom_id \(/);
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("exits 0 on a ready instance and says what a sync would do, in words and as JSON", async () => {
    const { oomnitza, env } = await start();
    const text = await runCli(["check", "--records", "users-and-saas-users"], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^✔ Ready/);
    expect(text.stdout).toContain('SaaS record "Intercom": does not exist yet: the first sync creates it');
    expect(text.stdout).toContain("would create 20, update 14, leave 1 unchanged and skip 5; SaaS: assign 35, set 35 external ids");
    const json = await runCli(["check", "--json"], env);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ kind: "check", status: "ready", wouldDo: { created: 20, updated: 14 } });
    expect(report.items.map((i: { id: string; status: string }) => `${i.id} ${i.status}`)).toEqual(["intercom passed", "activity passed", "oomnitza passed", "read passed", "fields passed", "plan passed", "required-on-create warning"]);
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("on the strict profile names what it cannot know (fields required on create), and the first sync's failure row gives the mapping to add", async () => {
    const { admins, users } = demoDataset();
    const intercom = await startIntercomEmulator({ admins });
    const oomnitza = await startOomnitzaEmulator({ users, profile: "strict", strict: { dropdowns: {} } });
    running.push(intercom, oomnitza);
    const env = { INTERCOM_TOKEN: intercom.token, INTERCOM_URL: intercom.url, OOMNITZA_URL: oomnitza.url, OOMNITZA_TOKEN: oomnitza.token };
    const check = await runCli(["check"], env);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/! Fields Oomnitza requires on create: not known before the first create: Oomnitza publishes no field metadata/);
    expect(check.stdout).toMatch(/→ if the first sync's creates fail with "Field '<name>' is required", its failure row gives the mapping to add \(for role: "extends: default", "allow-access-fields: \[role\]", "fields: \{ role: \{ value: 2, on: create \} \}"/);
    const sync = await runBundle({ "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token });
    expect(sync.summary).toMatch(/Field 'role' is required \| This instance requires role on create: add to the mapping "extends: default", "allow-access-fields: \\\[role\\\]", "fields: \{ role: \{ value: 2, on: create \} \}"/);
  });

  it("shows when the activity log is not available, as a warning that keeps the instance ready", async () => {
    const { intercom, env } = await start();
    intercom.activityLogRestricted = true;
    const run = await runCli(["check", "--json"], env);
    expect(run.code, run.stdout).toBe(0);
    const item = JSON.parse(run.stdout).items.find((i: { id: string }) => i.id === "activity");
    expect(item).toMatchObject({ status: "warning", detail: expect.stringMatching(/not available: .*api_plan_restricted/), fix: expect.stringMatching(/carries on without last logins/) });
  });

  it("reads the team list when the mapping uses team names, and shows a refused one as a warning that keeps the instance ready", async () => {
    const { intercom, env } = await start();
    const mapping = "extends: default\nfields:\n  intercom_primary_team_ids: primary_team_names\n";
    const ok = await runCli(["check", "--json", "--mapping", mapping], env);
    expect(ok.code, ok.stdout).toBe(0);
    expect(JSON.parse(ok.stdout).items.find((i: { id: string }) => i.id === "teams")).toMatchObject({ status: "passed", detail: expect.stringMatching(/^\d+ named teams?$/) });
    expect(intercom.log.count("GET /teams")).toBe(1);

    intercom.controls.failNext("GET /teams", 1, { status: 403 });
    const refused = await runCli(["check", "--json", "--mapping", mapping], env);
    expect(refused.code, refused.stdout).toBe(0);
    const report = JSON.parse(refused.stdout);
    expect(report.status).toBe("ready");
    expect(report.items.find((i: { id: string }) => i.id === "teams")).toMatchObject({ status: "warning", detail: expect.stringMatching(/not available: .*403/), fix: expect.stringMatching(/carries on without team names/) });

    // The default mapping does not use team names: no request, no item.
    const plain = await runCli(["check", "--json"], env);
    expect(JSON.parse(plain.stdout).items.map((i: { id: string }) => i.id)).not.toContain("teams");
    expect(intercom.log.count("GET /teams")).toBe(2);
  });

  it("names both sides when both tokens are refused", async () => {
    const { oomnitza, env } = await start();
    const run = await runCli(["check", "--json"], { ...env, INTERCOM_TOKEN: "ic_made_up_wrong_token_1", OOMNITZA_TOKEN: "oz_made_up_wrong_token_2" });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.items.map((i: { id: string; status: string }) => `${i.id} ${i.status}`)).toEqual(["intercom failed", "oomnitza failed"]);
    expect(report.items[0].detail).toMatch(/Intercom answered 401/);
    expect(report.items[1].detail).toMatch(/Oomnitza answered 401.*OOMNITZA_TOKEN/);
    expect(oomnitza.log.writes()).toEqual([]);
  });
});

describe("mode: check in the action", () => {
  it("sets status not-ready, writes the checklist as the job summary and fails the step, writing nothing", async () => {
    const { intercom, oomnitza } = await start(withoutCustomFields);
    const run = await runBundle({ mode: "check", "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe("not-ready");
    expect(run.summary).toContain("❌ Not ready for the Intercom → Oomnitza sync");
    expect(run.summary).toContain("intercom\\_has\\_inbox\\_seat (checkbox)");
    expect(run.stdout).toMatch(/::error::Not ready for a sync: Fields the mapping writes: missing on the instance: intercom_type \(text\)/);
    expect(JSON.parse(readFileSync(run.outputs["report-path"] as string, "utf8")).status).toBe("not-ready");
    expect(oomnitza.log.writes()).toEqual([]);
  });

  it("sets status ready with the planned counts on a ready instance", async () => {
    const { intercom, oomnitza } = await start();
    const run = await runBundle({ mode: "check", "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ status: "ready", created: "20", updated: "14" });
    expect(run.summary).toContain("✅ Ready for the Intercom → Oomnitza sync");
    expect(oomnitza.log.writes()).toEqual([]);
  });
});
