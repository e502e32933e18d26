import { afterEach, describe, expect, it } from "vitest";
import { startGitHubFake, type GitHubFake } from "../../emulators/github/fake.js";

let fake: GitHubFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(method: string, path: string, body?: unknown, token = fake!.token) {
  const response = await fetch(`${fake!.url}${path}`, { method, headers: { Authorization: `token ${token}`, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

describe("the fake GitHub API", () => {
  it("lists issues by label and state, newest first, and leaves out nothing GitHub would show", async () => {
    fake = await startGitHubFake({
      issues: [
        { title: "old", labels: ["intercom-oomnitza-sync"], state: "closed" },
        { title: "other", labels: ["bug"] },
        { title: "pr", labels: ["intercom-oomnitza-sync"], pull_request: { url: "x" } },
        { title: "open", labels: ["Intercom-Oomnitza-Sync"] },
      ],
    });
    const open = await call("GET", "/repos/acme/people-sync/issues?labels=intercom-oomnitza-sync&state=open");
    expect(open.body.map((i: { title: string }) => i.title)).toEqual(["open", "pr"]);
    expect(open.body[1].pull_request).toBeDefined();
    const all = await call("GET", "/repos/acme/people-sync/issues?labels=intercom-oomnitza-sync&state=all&per_page=1&page=3");
    expect(all.body.map((i: { title: string }) => i.title)).toEqual(["old"]);
  });

  it("creates, comments on and closes issues; creates labels once", async () => {
    fake = await startGitHubFake();
    expect((await call("GET", "/repos/acme/people-sync/labels/intercom-oomnitza-sync")).status).toBe(404);
    expect((await call("POST", "/repos/acme/people-sync/labels", { name: "intercom-oomnitza-sync", color: "d93f0b" })).status).toBe(201);
    expect((await call("POST", "/repos/acme/people-sync/labels", { name: "intercom-oomnitza-sync" })).status).toBe(422);
    const created = await call("POST", "/repos/acme/people-sync/issues", { title: "t", body: "b", labels: ["intercom-oomnitza-sync"] });
    expect(created).toMatchObject({ status: 201, body: { number: 1, state: "open" } });
    expect((await call("POST", "/repos/acme/people-sync/issues/1/comments", { body: "again" })).status).toBe(201);
    expect((await call("PATCH", "/repos/acme/people-sync/issues/1", { state: "closed", state_reason: "completed" })).body).toMatchObject({ state: "closed", state_reason: "completed", comments: 1 });
    expect(fake.issues[0]).toMatchObject({ state: "closed", comments: ["again"] });
    expect(fake.log.writes().map((e) => e.route)).toEqual([
      "POST /repos/:owner/:repo/labels",
      "POST /repos/:owner/:repo/labels",
      "POST /repos/:owner/:repo/issues",
      "POST /repos/:owner/:repo/issues/:number/comments",
      "PATCH /repos/:owner/:repo/issues/:number",
    ]);
  });

  it("answers a run, and a workflow's runs filtered by status, newest first", async () => {
    const at = "2026-11-20T05:17:00Z";
    fake = await startGitHubFake({
      runs: [
        { id: 1, workflow_id: 7, status: "completed", conclusion: "success", run_started_at: at },
        { id: 2, workflow_id: 7, status: "completed", conclusion: "failure", run_started_at: at },
        { id: 3, workflow_id: 8, status: "completed", conclusion: "success", run_started_at: at },
        { id: 4, workflow_id: 7, status: "in_progress", conclusion: null, run_started_at: at },
      ],
    });
    expect((await call("GET", "/repos/acme/people-sync/actions/runs/4")).body).toMatchObject({ id: 4, workflow_id: 7, status: "in_progress" });
    const runs = await call("GET", "/repos/acme/people-sync/actions/workflows/7/runs?status=success&per_page=5");
    expect(runs.body.total_count).toBe(1);
    expect(runs.body.workflow_runs[0]).toMatchObject({ id: 1, conclusion: "success", run_started_at: at });
    expect((await call("GET", "/repos/acme/people-sync/actions/runs/99")).status).toBe(404);
  });

  it("refuses a wrong token, another repository, and denied areas as GITHUB_TOKEN does", async () => {
    fake = await startGitHubFake({ runs: [{ id: 1, workflow_id: 7, status: "in_progress", conclusion: null, run_started_at: "2026-11-20T05:17:00Z" }] });
    expect((await call("GET", "/repos/acme/people-sync/issues", undefined, "ghs_wrong")).body.message).toBe("Bad credentials");
    expect((await call("GET", "/repos/acme/other/issues")).status).toBe(404);
    fake.deny.issues = true;
    expect(await call("POST", "/repos/acme/people-sync/issues", { title: "t" })).toMatchObject({ status: 403, body: { message: "Resource not accessible by integration" } });
    expect((await call("GET", "/repos/acme/people-sync/actions/runs/1")).status).toBe(200);
    fake.deny.actions = true;
    expect((await call("GET", "/repos/acme/people-sync/actions/runs/1")).status).toBe(403);
    expect(fake.issues).toEqual([]);
  });
});
