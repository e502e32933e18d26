import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-bundle.js";
import { HARD_STOP_GRACE_MS } from "../../src/action/hard-stop.js";

/** The scheduled workflow as issue 6 asks for it; actionlint checks the rest. */
describe(".github/workflows/sync.yml", () => {
  const workflow = YAML.parse(readFileSync(path.join(ROOT, ".github", "workflows", "sync.yml"), "utf8"));
  const job = workflow.jobs.sync;
  const step = (id: string) => job.steps.find((s: { id?: string; uses?: string }) => s.id === id || s.uses?.startsWith(id));

  it("runs daily off the hour, and by hand with a dry-run choice", () => {
    const [minute, hour, ...rest] = String(workflow.on.schedule[0].cron).split(" ");
    expect(Number(minute)).toBeGreaterThan(0);
    expect(Number.isInteger(Number(hour))).toBe(true);
    expect(rest).toEqual(["*", "*", "*"]);
    expect(workflow.on.workflow_dispatch.inputs["dry-run"]).toMatchObject({ type: "choice", options: ["false", "true"] });
  });

  it("never runs two syncs at once nor cancels a running one, and has the least permissions", () => {
    expect(workflow.concurrency["cancel-in-progress"]).toBe(false);
    expect(workflow.permissions).toEqual({}); // nothing by default …
    expect(job.permissions).toEqual({ contents: "read", issues: "write", actions: "read" }); // … and the job asks for what it uses
  });

  it("gives the job more time than the sync's own deadline plus the hard stop", () => {
    const sync = step("sync");
    const syncMinutes = Number(sync.with["timeout-minutes"]);
    expect(job["timeout-minutes"]).toBeGreaterThanOrEqual(syncMinutes + HARD_STOP_GRACE_MS / 60_000 + 5);
    expect(sync.with.notify).toBeDefined();
    expect(sync.with["heartbeat-url"]).toBeDefined();
  });

  it("uploads the report whatever happened, and a re-run of the job replaces it", () => {
    const upload = step("actions/upload-artifact");
    expect(upload.if).toMatch(/^always\(\)/);
    expect(upload.with.path).toBe("${{ steps.sync.outputs.report-path }}");
    expect(upload.with.overwrite).toBe(true);
  });

  it("runs the action of this very commit (uses: ./), and the checkout keeps no token on disk", () => {
    expect(step("sync").uses).toBe("./");
    expect(step("actions/checkout").with["persist-credentials"]).toBe(false);
  });
});
