/**
 * The action run the ecosystem's way, `npx local-action run . src/action/main.ts .env`
 * (@github/local-action stands in for @actions/core and runs the TypeScript source),
 * against the emulators, and the committed bundle run as GitHub runs it, with the same
 * data: the same outputs (report-path aside: a path of each run's own) and the same job
 * summary, once what differs on every run (times, durations, ports, ids) is normalised.
 */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { runBundle, type BundleRun } from "../support/run-bundle.js";
import { runLocalAction, type LocalActionRun } from "../support/run-local-action.js";

let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

/** Both emulators with the demo data; each runner gets its own pair, so both start from the same records. */
async function demo(extra: Record<string, string> = {}) {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  running.push(intercom, oomnitza);
  return { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, ...extra };
}

/** What differs between two runs of the same sync: times, durations, ports, generated ids, how far the write limit grew. */
function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/\b[0-9a-f]{32}\b/g, "<id>")
    .replace(/\| Duration \| [^|]+ \|/g, "| Duration | <duration> |")
    .replace(/\d+ in flight at most/g, "<n> in flight at most");
}

function comparable(run: BundleRun | LocalActionRun): { outputs: Record<string, string>; summary: string } {
  const { "report-path": reportPath, ...outputs } = run.outputs;
  expect(reportPath, "report-path is set").toBeDefined();
  rmSync(run.workspace, { recursive: true, force: true });
  return { outputs, summary: normalise(run.summary) };
}

describe("npx local-action and dist/index.js write the same outputs and job summary", () => {
  it("users mode: a first run that creates and updates, and a second that changes nothing", async () => {
    const bundleInputs = await demo();
    const localInputs = await demo();
    const bundleFirst = await runBundle(bundleInputs);
    const localFirst = await runLocalAction(localInputs);
    expect(localFirst.code, localFirst.stdout + localFirst.stderr).toBe(0);
    expect(localFirst.failed).toBe(false);
    expect(localFirst.outputs).toMatchObject({ status: "success", created: "20", updated: "14" });
    // The stand-in for @actions/core was used: it logs info lines as `::info::`, which the real one never writes.
    expect(localFirst.stdout).toContain("::info::Sync succeeded: created 20, updated 14");
    expect(localFirst.summary).toMatch(/^## ✅ Intercom → Oomnitza sync succeeded\n[\s\S]*### Changes/);
    expect(comparable(localFirst)).toEqual(comparable(bundleFirst));

    const bundleSecond = await runBundle(bundleInputs);
    const localSecond = await runLocalAction(localInputs);
    expect(localSecond.outputs).toMatchObject({ status: "success", created: "0", updated: "0" });
    expect(comparable(localSecond)).toEqual(comparable(bundleSecond));
  }, 120_000);

  it("SaaS mode: people and SaaS users alike", async () => {
    const saas = { records: "users-and-saas-users", "removed-admins": "unassign", "max-removals": "50%" };
    const bundle = await runBundle(await demo(saas));
    const local = await runLocalAction(await demo(saas));
    expect(local.outputs.status).toBe("success");
    expect(local.summary).toMatch(/^## ✅ Intercom → Oomnitza sync succeeded\n[\s\S]*\| SaaS assigned \|/);
    expect(comparable(local)).toEqual(comparable(bundle));
  }, 120_000);

  it("broken settings: the same failed outputs and summary, and the step fails", async () => {
    const inputs = { ...(await demo()), "oomnitza-token": "", "sync-key": "50%" };
    const bundle = await runBundle(inputs);
    const local = await runLocalAction(inputs);
    expect(bundle.code).toBe(1);
    expect(local.failed, local.stdout).toBe(true);
    expect(local.outputs.status).toBe("failed");
    expect(local.summary).toMatch(/^## ❌ Intercom → Oomnitza sync failed\n[\s\S]*input oomnitza-token: required but empty/);
    expect(comparable(local)).toEqual(comparable(bundle));
  }, 120_000);
});
