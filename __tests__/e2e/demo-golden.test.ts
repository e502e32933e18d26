/**
 * The bundle's outputs, job summary and JSON report for the demo data, compared with
 * the files in __tests__/golden. A change of shape in src/ must leave these byte for
 * byte the same (after the parts that differ on every run are normalised: times,
 * durations, ports, generated ids, temporary paths). A deliberate change of what the
 * product prints is made by running `UPDATE_GOLDEN=1 npx vitest run __tests__/e2e/demo-golden.test.ts`
 * and committing the new files with the change that explains them.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator, type IntercomEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { ROOT, runBundle, type BundleRun } from "../support/run-bundle.js";

const GOLDEN = path.join(ROOT, "__tests__", "golden");
const update = process.env.UPDATE_GOLDEN === "1";

let running: Array<IntercomEmulator | OomnitzaEmulator> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

async function start() {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  running.push(intercom, oomnitza);
  const inputs = { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token };
  return { intercom, oomnitza, inputs };
}

/** What differs between two runs of the same sync: times, durations, ports, generated ids, paths. */
export function normalise(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
    .replace(/report-<time>\.json|report-[\dT-]+Z\.json/g, "report-<time>.json")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .replace(/\b[0-9a-f]{32}\b/g, "<id>")
    .replace(/"durationMs": ?\d+/g, '"durationMs": 0')
    .replace(/\| Duration \| [^|]+ \|/g, "| Duration | <duration> |")
    // How far the write limit grew depends on how fast the machine answered.
    .replace(/"reached": ?\d+/g, '"reached": 0')
    .replace(/\d+ in flight at most/g, "<n> in flight at most")
    .replace(/\/tmp\/[^\s"]+?\/intercom-oomnitza-sync\//g, "<tmp>/intercom-oomnitza-sync/")
    .replace(/ios-run-[A-Za-z0-9]+/g, "ios-run-<tmp>");
}

/**
 * The report with every object's keys in a fixed order: JSON readers do not see key
 * order, and which read starts first (the order of the request counts) is not part of
 * the contract. Lists keep their order.
 */
function sortedRoutes(text: string): string {
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sortKeys)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]))
        : value;
  return JSON.stringify(sortKeys(JSON.parse(text)), null, 1) + "\n";
}

function snapshot(run: BundleRun): { summary: string; outputs: string; report: string } {
  const reportPath = run.outputs["report-path"];
  const report = reportPath && existsSync(reportPath) ? sortedRoutes(readFileSync(reportPath, "utf8")) : "";
  const outputs = Object.entries(run.outputs)
    .map(([name, value]) => `${name}=${value}`)
    .join("\n");
  rmSync(run.workspace, { recursive: true, force: true });
  return { summary: normalise(run.summary), outputs: normalise(outputs) + "\n", report: normalise(report) };
}

function compare(name: string, run: BundleRun): void {
  const shot = snapshot(run);
  mkdirSync(GOLDEN, { recursive: true });
  for (const [part, ext] of [["summary", "md"], ["outputs", "txt"], ["report", "json"]] as const) {
    const file = path.join(GOLDEN, `${name}.${part}.${ext}`);
    if (update || !existsSync(file)) writeFileSync(file, shot[part]);
    expect(shot[part], `${name}.${part}`).toBe(readFileSync(file, "utf8"));
  }
}

describe("the demo data through dist/index.js gives the recorded outputs, summary and report", () => {
  it("users mode: a first run and a second run that changes nothing", async () => {
    const { inputs } = await start();
    const first = await runBundle(inputs);
    // The first screen says what happened, before any detail.
    expect(first.summary.split("\n").slice(0, 40).join("\n")).toContain("**Created 20 people and updated 14 people in Oomnitza; 1 up to date, 5 skipped.**");
    compare("demo-first", first);
    compare("demo-second", await runBundle(inputs));
  });

  it("a run that fails before anything is written (a wrong Oomnitza token), and a dry run that cannot complete", async () => {
    const { inputs } = await start();
    compare("failed-nothing-written", await runBundle({ ...inputs, "oomnitza-token": "oz_made_up_wrong_token_1" }));
    compare("dry-run-failed", await runBundle({ ...inputs, "oomnitza-token": "oz_made_up_wrong_token_1", "dry-run": "true" }));
  });

  it("SaaS mode: a dry run, a real run and a second run", async () => {
    const { inputs } = await start();
    const saas = { ...inputs, records: "users-and-saas-users", "removed-admins": "unassign", "max-removals": "50%" };
    compare("saas-dry-run", await runBundle({ ...saas, "dry-run": "true" }));
    compare("saas-first", await runBundle(saas));
    compare("saas-second", await runBundle(saas));
  });
});
