/**
 * When something goes wrong, it is said once, first, grouped by cause, and the status
 * tells the truth (issue: "say it once, first, grouped, and fast"). Through dist/index.js.
 */
import { afterEach, describe, expect, it } from "vitest";
import { generateAdmins, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";
import { runCli } from "../support/run-cli.js";

let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

/**
 * `existing` admins already in Oomnitza with an old job title (their updates succeed),
 * then `fresh` new ones; the instance requires a `role` on create, which the default
 * mapping does not give, so every create fails the same way.
 */
async function start(existing: number, fresh: number) {
  const admins = generateAdmins(existing + fresh, 7).map((admin) => ({ ...admin, job_title: "Agent" }));
  const users = admins.slice(0, existing).map((admin) => ({ username: admin.email ?? "", email: admin.email ?? "", position: "Old title" }));
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users, strict: { requiredOnCreate: ["role"] } });
  running.push(intercom, oomnitza);
  const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, "write-concurrency": "2" };
  return { oomnitza, inputs };
}

describe("failures in the job summary", () => {
  it("35 identical failures are one row with the count 35, and the failures come before the changes", async () => {
    const { inputs } = await start(10, 35);
    const run = await runBundle(inputs);
    expect(run.outputs).toMatchObject({ status: "partial", updated: "10", failed: "35" });
    const summary = run.summary;
    expect(summary).toContain("### Failures: 35 records, 1 cause");
    const rows = summary.split("\n").filter((line) => /^\| \d+ \| create \|/.test(line));
    expect(rows).toHaveLength(1);
    // The exact mapping fix, as the README gives it.
    expect(rows[0]).toMatch(/^\| 35 \| create \| creating … in Oomnitza: Oomnitza answered 400: role: Field 'role' is required \| This instance requires role on create: add to the mapping "extends: default", "allow-access-fields: \\\[role\\\]", "fields: \{ role: \{ value: 2, on: create \} \}"/);
    expect(rows[0]).toMatch(/<details><summary>and 32 more<\/summary>/);
    expect(summary.indexOf("### Failures")).toBeLessThan(summary.indexOf("### Changes"));
    expect(summary.indexOf("### Failures")).toBeLessThan(summary.indexOf("What ran"));
  });

  it("when the first 10 writes all fail the same way, the run stops writing, fails with that cause, and counts the rest as not attempted", async () => {
    const { oomnitza, inputs } = await start(0, 35);
    const run = await runBundle(inputs);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ status: "failed", created: "0" });
    expect(oomnitza.log.count("POST /api/v3/users")).toBeLessThanOrEqual(11);
    expect(run.stdout).toMatch(/::error::Sync failed: the first 10 writes all failed the same way, so the rest were not sent: creating … in Oomnitza: Oomnitza answered 400: role/);
    const report = JSON.parse((await import("node:fs")).readFileSync(run.outputs["report-path"] as string, "utf8"));
    expect(report.counts.notAttempted).toBeGreaterThanOrEqual(24);
    expect(report.entries.filter((e: { error?: string }) => e.error === "not attempted: the first 10 writes all failed the same way").length).toBe(report.counts.notAttempted);
  });

  it("when every attempted write failed, the status is failed, not partial", async () => {
    const { inputs } = await start(0, 4);
    const run = await runBundle(inputs);
    expect(run.outputs).toMatchObject({ status: "failed", failed: "4" });
    expect(run.summary).toContain("**Reason:** every write failed (4 records); the failures below say why");
  });
});

describe("saying it once", () => {
  it("a fatal reason is printed once: one error in the action, one reason in the CLI", async () => {
    const { inputs } = await start(1, 0);
    const run = await runBundle({ ...inputs, "oomnitza-token": "oz_made_up_wrong_token_1" });
    expect(run.outputs.status).toBe("failed");
    const mentions = run.stdout.split("\n").filter((line) => line.includes("Oomnitza answered 401"));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatch(/^::error::Sync failed: /);

    const cli = await runCli([], { INTERCOM_TOKEN: inputs["intercom-token"], INTERCOM_URL: inputs["intercom-url"], OOMNITZA_URL: inputs["oomnitza-url"], OOMNITZA_TOKEN: "oz_made_up_wrong_token_1" });
    expect(cli.code).toBe(1);
    expect((cli.stdout + cli.stderr).split("\n").filter((line) => line.includes("Oomnitza answered 401"))).toEqual([expect.stringMatching(/^ {2}Reason: checking the Oomnitza connection: Oomnitza answered 401.*OOMNITZA_TOKEN/)]);
  });

  it("after a wrong Oomnitza token, no warning blames an optional Intercom read the failure cut short", async () => {
    const { inputs } = await start(1, 0);
    const cli = await runCli([], { INTERCOM_TOKEN: inputs["intercom-token"], INTERCOM_URL: inputs["intercom-url"], OOMNITZA_URL: inputs["oomnitza-url"], OOMNITZA_TOKEN: "oz_made_up_wrong_token_1" });
    expect(cli.code).toBe(1);
    expect(cli.stderr).not.toMatch(/activity log|carries on/);
    const run = await runBundle({ ...inputs, "oomnitza-token": "oz_made_up_wrong_token_1" });
    expect(run.stdout.split("\n").filter((line) => line.startsWith("::warning::"))).toEqual([]);
  });

  it("both wrong tokens are named in one run", async () => {
    const { inputs } = await start(1, 0);
    const run = await runBundle({ ...inputs, "intercom-token": "ic_made_up_wrong_token_1", "oomnitza-token": "oz_made_up_wrong_token_2" });
    expect(run.outputs.status).toBe("failed");
    expect(run.stdout).toMatch(/::error::Sync failed: fetching Intercom admins: Intercom answered 401.*intercom-token.*; and checking the Oomnitza connection: Oomnitza answered 401.*oomnitza-token/);
  });

  it("a GitHub that cannot be reached is named as such, not as an answer it never gave", async () => {
    const { inputs } = await start(1, 0);
    const run = await runBundle(
      { ...inputs, "oomnitza-token": "oz_made_up_wrong_token_1", "github-token": "ghs_made_up_token_000000000000000000000" },
      { env: { GITHUB_REPOSITORY: "acme/people-sync", GITHUB_RUN_ID: "42", GITHUB_API_URL: "http://github-api.invalid", INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS: "5" } },
    );
    expect(run.stdout).toMatch(/::warning::GitHub: could not open or update the failure issue: GitHub could not be reached \(.*ENOTFOUND/);
    expect(run.stdout).not.toMatch(/GitHub answered 500/);
  }, 20_000);
});
