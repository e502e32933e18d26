/**
 * The trend picture (issue 23), through dist/index.js with the fake GitHub: earlier runs'
 * report artifacts are downloaded, unzipped and drawn as a Mermaid chart of inbox
 * seats, idle seats and teammates; no history, a corrupt or an expired artifact is a
 * note or a gap, never a failure.
 */
import { readFileSync } from "node:fs";
import { zipSync, strToU8 } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { demoDataset, startGitHubFake, startIntercomEmulator, startOomnitzaEmulator, type GitHubFake, type IntercomEmulator, type OomnitzaEmulator } from "../../emulators/index.js";
import { runBundle } from "../support/run-bundle.js";

let running: Array<IntercomEmulator | OomnitzaEmulator | GitHubFake> = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close()));
  running = [];
});

const WORKFLOW_ID = 77;
const day = 86_400_000;

/** A report artifact of an earlier run `daysAgo` days ago. */
function artifact(id: number, daysAgo: number, seats: { teammates: number; inboxSeats: number; idleSeats: number }) {
  const startedAt = new Date(Date.now() - daysAgo * day).toISOString();
  const report = { schemaVersion: 1, status: "success", startedAt, counts: {}, seats: { ...seats, idleDays: 30, activityDays: 7, idle: [] }, entries: [] };
  return { id, name: "intercom-oomnitza-sync-report", workflow_run_id: 9000 + id, created_at: startedAt, zip: zipSync({ [`report-${startedAt.replace(/:/g, "-")}.json`]: strToU8(JSON.stringify(report)) }) };
}

async function start(artifacts: Parameters<typeof startGitHubFake>[0] extends infer O ? (O extends { artifacts?: infer A } ? A : never) : never) {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  const github = await startGitHubFake({ repository: "acme/people-sync", artifacts, runs: [{ id: 8001, workflow_id: WORKFLOW_ID, status: "in_progress", conclusion: null, run_started_at: new Date().toISOString() }] });
  running.push(intercom, oomnitza, github);
  const run = await runBundle(
    { "intercom-token": intercom.token, "intercom-url": intercom.url, "oomnitza-url": oomnitza.url, "oomnitza-token": oomnitza.token, "github-token": github.token },
    { env: { GITHUB_API_URL: github.url, GITHUB_SERVER_URL: "https://github.example", GITHUB_REPOSITORY: "acme/people-sync", GITHUB_RUN_ID: "8001", INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS: "1" } },
  );
  return { run, github };
}

const chartOf = (summary: string) => /```mermaid\n([\s\S]*?)```/.exec(summary)?.[1] ?? "";
const firstLine = (chart: string) => /line \[([^\]]*)\]/.exec(chart)?.[1]?.split(", ") ?? [];

describe("the trend in the job summary", () => {
  it("three earlier runs' artifacts and this run make a chart of four points, with the numbers under a fold", async () => {
    const { run } = await start([artifact(1, 3, { teammates: 36, inboxSeats: 30, idleSeats: 20 }), artifact(2, 2, { teammates: 37, inboxSeats: 31, idleSeats: 22 }), artifact(3, 1, { teammates: 38, inboxSeats: 33, idleSeats: 23 })]);
    expect(run.outputs.status).toBe("success");
    const chart = chartOf(run.summary);
    expect(chart).toContain("xychart-beta");
    expect(chart).toContain("last 4 runs");
    const report = JSON.parse(readFileSync(run.outputs["report-path"] as string, "utf8"));
    // The first line is inbox seats: three earlier runs, then this one's.
    expect(firstLine(chart)).toEqual(["30", "31", "33", String(report.seats.inboxSeats)]);
    expect(run.summary).toMatch(/<details><summary>The numbers<\/summary>[\s\S]*\| Run \| Teammates \| Inbox seats \| Idle seats \| Status \|[\s\S]*\| 36 \| 30 \| 20 \| success \|/);
  });

  it("without earlier artifacts the summary says there is no history yet, and the run succeeds", async () => {
    const { run, github } = await start([]);
    expect(run.outputs.status).toBe("success");
    expect(run.summary).toContain("### Trend");
    expect(run.summary).toMatch(/No history yet/);
    expect(chartOf(run.summary)).toBe("");
    expect(github.log.count("GET /repos/:owner/:repo/actions/artifacts")).toBe(1);
  });

  it("a corrupt and an expired artifact are gaps, not failures", async () => {
    const expired = { ...artifact(4, 4, { teammates: 1, inboxSeats: 1, idleSeats: 1 }), expired: true };
    const corrupt = { ...artifact(5, 3, { teammates: 1, inboxSeats: 1, idleSeats: 1 }), zip: "this is not a zip file" };
    const { run } = await start([expired, corrupt, artifact(6, 2, { teammates: 37, inboxSeats: 31, idleSeats: 22 })]);
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe("success");
    expect(chartOf(run.summary)).toContain("last 2 runs");
    expect(run.summary).toContain("2 earlier runs' reports could not be read (expired or damaged) and are left out.");
  });
});
