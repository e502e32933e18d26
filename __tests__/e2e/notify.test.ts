import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoDataset } from "../../emulators/index.js";
import { startGitHubFake, type GitHubFake } from "../../emulators/index.js";
import { startIntercomEmulator, type IntercomEmulator } from "../../emulators/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";

/**
 * The failure issue, the missed-run check and the heartbeat, through dist/index.js
 * with the Intercom and Oomnitza emulators and the fake GitHub API.
 */
let intercom: IntercomEmulator;
let oomnitza: OomnitzaEmulator;
let github: GitHubFake;
let heartbeat: http.Server;
let heartbeats: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
let heartbeatUrl = "";

const WORKFLOW_ID = 4242;
let nextRunId = 9000;
const HOUR = 3600_000;

beforeAll(async () => {
  const { admins, users } = demoDataset();
  intercom = await startIntercomEmulator({ admins });
  oomnitza = await startOomnitzaEmulator({ users });
  heartbeat = http.createServer((req, res) => {
    heartbeats.push({ url: req.url ?? "", headers: req.headers });
    res.end("OK");
  });
  await new Promise<void>((resolve) => heartbeat.listen(0, "127.0.0.1", resolve));
  heartbeatUrl = `http://127.0.0.1:${(heartbeat.address() as AddressInfo).port}/ping/0b5e-check-uuid`;
});
afterAll(async () => {
  await intercom.close();
  await oomnitza.close();
  await new Promise((resolve) => heartbeat.close(resolve));
});
beforeEach(async () => {
  await github?.close();
  github = await startGitHubFake({ repository: "acme/people-sync" });
  heartbeats = [];
});

/** Registers this run (in progress) and, optionally, an earlier successful one `ageMs` ago. */
function newRun(previousSuccessAgeMs?: number): number {
  if (previousSuccessAgeMs !== undefined) {
    github.runs.push({ id: nextRunId++, workflow_id: WORKFLOW_ID, status: "completed", conclusion: "success", run_started_at: new Date(Date.now() - previousSuccessAgeMs).toISOString() });
  }
  const id = nextRunId++;
  github.runs.push({ id, workflow_id: WORKFLOW_ID, status: "in_progress", conclusion: null, run_started_at: new Date().toISOString() });
  return id;
}

function run(runId: number, inputs: Record<string, string> = {}, token = github.token) {
  return runBundle(
    {
      "intercom-token": intercom.token,
      "intercom-url": intercom.url,
      "oomnitza-url": oomnitza.url,
      "oomnitza-token": oomnitza.token,
      "github-token": token,
      notify: "alice, @acme/it-ops",
      "heartbeat-url": heartbeatUrl,
      ...inputs,
    },
    {
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: "https://github.example",
        GITHUB_REPOSITORY: "acme/people-sync",
        GITHUB_RUN_ID: String(runId),
        INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS: "1",
      },
    },
  );
}

const BAD_OOMNITZA = { "oomnitza-token": "oo_wrong_token_for_tests_0001" };
const visible = (text: string) => text.split("\n").filter((line) => !line.startsWith("::add-mask::")).join("\n");

describe("notifications from dist/index.js", () => {
  it("a failed run opens the issue with the mentions and the run link; a second failure comments; a success closes it", async () => {
    const firstId = newRun(20 * HOUR);
    const first = await run(firstId, BAD_OOMNITZA);
    expect(first.code).toBe(1);
    expect(first.outputs.status).toBe("failed");
    expect(github.issues).toHaveLength(1);
    const issue = github.issues[0]!;
    expect(issue.state).toBe("open");
    expect(issue.labels).toEqual(["intercom-oomnitza-sync"]);
    expect(issue.title).toMatch(/sync is failing/);
    expect(issue.body).toContain("@alice @acme/it-ops");
    expect(issue.body).toContain(`https://github.example/acme/people-sync/actions/runs/${firstId}`);
    expect(issue.body).toMatch(/Oomnitza answered 401/);
    expect(issue.body).not.toContain("previous successful run");
    expect(github.labels.get("intercom-oomnitza-sync")?.description).toMatch(/Intercom → Oomnitza/);
    expect(heartbeats).toEqual([]);

    const secondId = newRun();
    const second = await run(secondId, BAD_OOMNITZA);
    expect(second.code).toBe(1);
    expect(github.issues).toHaveLength(1);
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]).toContain("@alice @acme/it-ops");
    expect(issue.comments[0]).toContain(`/actions/runs/${secondId}`);

    const thirdId = newRun();
    const third = await run(thirdId);
    expect(third.code, third.stdout).toBe(0);
    expect(third.outputs.status).toBe("success");
    expect(issue.state).toBe("closed");
    expect(issue.state_reason).toBe("completed");
    expect(issue.comments).toHaveLength(2);
    expect(issue.comments[1]).toMatch(/succeeded again in \[run \d+\]\(.*\/actions\/runs\/\d+\)/);
    expect(third.stdout).toMatch(/Closed the failure issue #1/);

    // The heartbeat is a bare GET: no token of any kind reaches it.
    expect(heartbeats).toHaveLength(1);
    expect(heartbeats[0]!.url).toBe("/ping/0b5e-check-uuid");
    expect(heartbeats[0]!.headers.authorization).toBeUndefined();
    expect(JSON.stringify(heartbeats[0]!.headers)).not.toMatch(new RegExp(`${github.token}|${intercom.token}|${oomnitza.token}`));

    for (const text of [issue.body, ...issue.comments, visible(first.stdout), first.summary, visible(third.stdout)]) {
      expect(text).not.toContain(github.token);
      expect(text).not.toContain(oomnitza.token);
      expect(text).not.toContain(BAD_OOMNITZA["oomnitza-token"]);
    }
  });

  it("a passing GitHub 5xx on a read is retried, so the failure issue is still opened", async () => {
    github.failNext("GET /repos/:owner/:repo/issues", 2, 502);
    const result = await run(newRun(), BAD_OOMNITZA);
    expect(result.code).toBe(1);
    expect(github.log.count("GET /repos/:owner/:repo/issues")).toBe(3);
    expect(github.issues).toHaveLength(1);
  });

  it("a guard's abort opens the issue too, and a dry run never touches it", async () => {
    expect((await run(newRun())).code).toBe(0);
    // Half the admins gone from Intercom while max-removals allows none: the guard refuses.
    const fewer = await startIntercomEmulator({ admins: intercom.admins.slice(0, Math.floor(intercom.admins.length / 2)) });
    try {
      const aborted = await run(newRun(), { "intercom-url": fewer.url, "intercom-token": fewer.token, "max-removals": "0" });
      expect(aborted.code).toBe(1);
      expect(aborted.outputs.status).toBe("aborted");
      expect(github.openIssues("intercom-oomnitza-sync")).toHaveLength(1);
      expect(github.issues[0]?.body).toMatch(/aborted by a guard/);
    } finally {
      await fewer.close();
    }

    github.log.reset();
    const dry = await run(newRun(), { ...BAD_OOMNITZA, "dry-run": "true" });
    expect(dry.code).toBe(1);
    const dryOk = await run(newRun(), { "dry-run": "true" });
    expect(dryOk.code).toBe(0);
    expect(github.log.writes()).toEqual([]);
    expect(github.openIssues()).toHaveLength(1);
    expect(heartbeats).toHaveLength(1);
  });

  it("a token without issues or actions permission only warns", async () => {
    github.deny.issues = true;
    github.deny.actions = true;
    const failed = await run(newRun(3 * 24 * HOUR), BAD_OOMNITZA);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/::warning::GitHub: could not open or update the failure issue: the github-token lacks permission \(.*403.*Resource not accessible by integration.*\)/);
    expect(failed.stdout).toMatch(/::warning::GitHub: the missed-run check was skipped: the github-token cannot read this workflow's runs/);
    expect(failed.stdout).toMatch(/::error::Sync failed/);
    expect(github.issues).toHaveLength(0);

    const ok = await run(newRun());
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.outputs.status).toBe("success");
    expect(ok.stdout).toMatch(/::warning::GitHub: could not close the failure issue: the github-token lacks permission/);
    expect(ok.summary).toMatch(/Previous successful run \| not checked/);
    expect(heartbeats).toHaveLength(1);
  });

  it("no github-token: a warning, and the sync itself still succeeds", async () => {
    const ok = await run(newRun(), {}, "");
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/::warning::The github-token input is empty/);
    expect(github.log.count()).toBe(0);
  });

  it("a run whose previous success is two days old says so in the summary and in the issue", async () => {
    const age = 2 * 24 * HOUR + 3 * HOUR + 5 * 60_000;
    const id = newRun(age);
    const failed = await run(id, BAD_OOMNITZA);
    expect(failed.code).toBe(1);
    expect(failed.summary).toContain("The previous successful run was 2 days 3 hours ago");
    expect(failed.stdout).toMatch(/::warning::The previous successful run was 2 days 3 hours ago/);
    expect(github.issues[0]?.body).toContain("The previous successful run was 2 days 3 hours ago");
    // The lookup asked for this run, then for the workflow's successful runs.
    expect(github.log.entries.map((e) => e.route)).toEqual(
      expect.arrayContaining(["GET /repos/:owner/:repo/actions/runs/:run_id", "GET /repos/:owner/:repo/actions/workflows/:workflow_id/runs"]),
    );
    expect(github.log.entries.find((e) => e.route.endsWith("/workflows/:workflow_id/runs"))?.query).toMatch(/status=success/);

    const recent = await run(newRun(5 * HOUR));
    expect(recent.code).toBe(0);
    expect(recent.summary).not.toContain("The previous successful run was");
    expect(recent.summary).toMatch(/Previous successful run \| .*\(5 hours ago\)/);
  });

  it("a failing heartbeat URL is a warning, never a failed sync", async () => {
    const ok = await run(newRun(), { "heartbeat-url": "http://127.0.0.1:9/unreachable" });
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/::warning::pinging the heartbeat URL: the heartbeat URL at 127\.0\.0\.1:9 could not be reached/);
  });

  it("a sync stuck past its deadline is given up on: the run fails, the issue is written, the process ends", async () => {
    // Oomnitza never answers the user list; the request timeout (30 s) is far off.
    oomnitza.controls.failNext("GET /api/v3/users", 1, "hang");
    const started = Date.now();
    const stuck = await runBundle(
      { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, "github-token": github.token, notify: "alice" },
      { env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: "acme/people-sync", GITHUB_RUN_ID: String(newRun()), INTERCOM_OOMNITZA_SYNC_HARD_STOP_MS: "1500" } },
    );
    oomnitza.controls.reset();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(stuck.code).toBe(1);
    expect(stuck.outputs.status).toBe("failed");
    expect(stuck.stdout).toMatch(/::error::Sync failed: the sync did not finish within its deadline/);
    expect(stuck.summary).toContain("did not finish within its deadline");
    expect(github.issues[0]?.body).toMatch(/did not finish within its deadline \(timeout-minutes: 30\)/);
    expect(github.issues[0]?.body).toContain("@alice");
  });

  it("broken settings in a scheduled run still open the issue, mentioning the valid names", async () => {
    const bad = await run(newRun(), { "fail-on": "sometimes" });
    expect(bad.code).toBe(1);
    expect(github.issues[0]?.body).toContain("input fail-on");
    expect(github.issues[0]?.body).toContain("@alice @acme/it-ops");
  });
});
