import { afterEach, describe, expect, it } from "vitest";
import { demoDataset } from "../../emulators/index.js";
import { startGitHubFake } from "../../emulators/index.js";
import { startIntercomEmulator } from "../../emulators/index.js";
import { startOomnitzaEmulator } from "../../emulators/index.js";
import { connectGitHub } from "../../src/github/client.js";
import { readRunContext } from "../../src/github/context.js";
import { notifyAfterRun } from "../../src/action/notify.js";
import { Redactor } from "../../src/redact.js";
import { decideExit } from "../../src/report/exit.js";
import { parseSettings } from "../../src/settings/index.js";
import { runSync } from "../../src/engine/run.js";

let running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

describe("the sync's own deadline", () => {
  it("stops the writes, fails the run, and the failure issue is still written", async () => {
    const { admins, users } = demoDataset();
    const intercom = await startIntercomEmulator({ admins });
    const oomnitza = await startOomnitzaEmulator({ users });
    const github = await startGitHubFake();
    running.push(intercom, oomnitza, github);
    const settings = parseSettings(
      { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, "timeout-minutes": "1", "write-concurrency": "1", "max-write-concurrency": "1", notify: "alice" },
      { cwd: process.cwd() },
    );
    // Each look at the clock is 20 s later: the deadline passes after a few writes.
    const t0 = Date.now();
    let ticks = 0;
    const redactor = new Redactor();
    const report = await runSync(settings, { redactor, now: () => new Date(t0 + 20_000 * ticks++) });
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/deadline \(timeout-minutes: 1\) passed with \d+ .*not attempted/);
    expect(report.counts.notAttempted).toBeGreaterThan(0);

    const context = readRunContext({ GITHUB_API_URL: github.url, GITHUB_REPOSITORY: `${github.owner}/${github.repo}`, GITHUB_RUN_ID: "77", GITHUB_SERVER_URL: "https://github.example" });
    const warnings: string[] = [];
    const outcome = await notifyAfterRun(
      { status: report.status, reason: report.reason, counts: report.counts, finishedAt: report.finishedAt, fails: decideExit(report, settings.failOn).fail, dryRun: false, notify: settings.notify },
      { github: await connectGitHub(context!, github.token), redactor, info: () => {}, warn: (m) => warnings.push(m) },
    );
    expect(warnings).toEqual([]);
    expect(outcome.issue).toEqual({ kind: "opened", number: 1 });
    expect(github.issues[0]?.body).toMatch(/deadline \(timeout-minutes: 1\) passed/);
    expect(github.issues[0]?.body).toMatch(/not attempted \d+/);
    expect(github.issues[0]?.body).toContain("@alice");
    expect(github.issues[0]?.body).toContain("https://github.example/acme/people-sync/actions/runs/77");
  });
});
