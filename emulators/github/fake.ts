/**
 * A small fake of the GitHub REST API: just what the failure issue and the missed-run
 * check use (issues, their comments and labels; a workflow's runs). Real sockets, so
 * the bundled action talks to it through Octokit exactly as it talks to GitHub. It runs
 * on the shared server kit, but its answers are not sent to the response observers:
 * the fidelity checks know only the Intercom and Oomnitza descriptions.
 */
import { Controls } from "../kit/controls.js";
import { RequestLog } from "../kit/log.js";
import { Router } from "../kit/routes.js";
import { startServer } from "../kit/server.js";
import type { ApiRequest, ApiResponse, EmulatorApi, Resolved } from "../kit/types.js";
import { addArtifactRoutes } from "./artifacts.js";
import type { FakeArtifact, FakeIssue, FakeRun, GitHubDenials, GitHubFake, GitHubFakeOptions } from "./types.js";

export type { FakeArtifact, FakeIssue, FakeRun, GitHubDenials, GitHubFake, GitHubFakeOptions } from "./types.js";

export const DEFAULT_GITHUB_TOKEN = "ghs_fakeTokenForTests0000000000000000000";

type Handler = (req: ApiRequest) => ApiResponse;

/** The parsed JSON body, or the raw text when it was not JSON. */
const bodyOf = (req: ApiRequest): unknown => (req.bodyIsJson ? req.body : req.rawBody);

export async function startGitHubFake(opts: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const [owner, repo] = (opts.repository ?? "acme/people-sync").split("/") as [string, string];
  const token = opts.token ?? DEFAULT_GITHUB_TOKEN;
  const log = new RequestLog();
  const deny: GitHubDenials = { issues: false, actions: false };
  const failures = new Map<string, number[]>();
  const labels = new Map<string, { name: string; color: string; description: string | null }>();
  for (const name of opts.labels ?? []) labels.set(name.toLowerCase(), { name, color: "ededed", description: null });
  const issues: FakeIssue[] = (opts.issues ?? []).map((issue, i) => ({
    number: i + 1,
    body: "",
    state: "open",
    state_reason: null,
    labels: [],
    comments: [],
    created_at: new Date(Date.now() - (100 - i) * 60_000).toISOString(),
    ...issue,
  }));
  const runs = opts.runs ?? [];
  const artifacts: FakeArtifact[] = opts.artifacts ?? [];
  let baseUrl = "";

  const message = (status: number, text: string): ApiResponse => ({ status, body: { message: text, documentation_url: "https://docs.github.com/rest", status: String(status) } });
  const notFound = () => message(404, "Not Found");

  const issueJson = (issue: FakeIssue) => ({
    id: 1000 + issue.number,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    labels: issue.labels.map((name) => ({ name, color: labels.get(name.toLowerCase())?.color ?? "ededed" })),
    comments: issue.comments.length,
    created_at: issue.created_at,
    html_url: `https://github.example/${owner}/${repo}/issues/${issue.number}`,
    ...(issue.pull_request ? { pull_request: issue.pull_request } : {}),
  });
  const runJson = (run: FakeRun) => ({
    id: run.id,
    workflow_id: run.workflow_id,
    status: run.status,
    conclusion: run.conclusion,
    run_started_at: run.run_started_at,
    created_at: run.created_at ?? run.run_started_at,
    updated_at: run.run_started_at,
    html_url: `https://github.example/${owner}/${repo}/actions/runs/${run.id}`,
  });
  const findIssue = (req: ApiRequest) => issues.find((i) => i.number === Number(req.params.number));
  const page = <T>(items: T[], req: ApiRequest): T[] => {
    const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 30) || 30));
    const n = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
    return items.slice((n - 1) * perPage, n * perPage);
  };
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);

  const router = new Router<{ area: keyof GitHubDenials; handle: Handler; blob?: boolean }>()
    .add("GET", "/repos/:owner/:repo/issues", {
      area: "issues",
      handle: (req) => {
        const state = req.query.get("state") ?? "open";
        const wanted = (req.query.get("labels") ?? "").split(",").map((l) => l.trim().toLowerCase()).filter(Boolean);
        const hits = issues
          .filter((i) => state === "all" || i.state === state)
          .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
          .sort((a, b) => (req.query.get("direction") === "asc" ? a.number - b.number : b.number - a.number));
        return { status: 200, body: page(hits, req).map(issueJson) };
      },
    })
    .add("POST", "/repos/:owner/:repo/issues", {
      area: "issues",
      handle: (req) => {
        const body = (bodyOf(req) ?? {}) as Record<string, unknown>;
        const title = text(body.title);
        if (!title) return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "Issue", code: "missing_field", field: "title" }] } };
        const names = Array.isArray(body.labels) ? body.labels.filter((l): l is string => typeof l === "string") : [];
        // GitHub makes a missing label on the fly, grey and without a description.
        for (const name of names) if (!labels.has(name.toLowerCase())) labels.set(name.toLowerCase(), { name, color: "ededed", description: null });
        const issue: FakeIssue = { number: issues.length + 1, title, body: text(body.body) ?? "", state: "open", state_reason: null, labels: names, comments: [], created_at: new Date().toISOString() };
        issues.push(issue);
        return { status: 201, body: issueJson(issue) };
      },
    })
    .add("GET", "/repos/:owner/:repo/issues/:number", { area: "issues", handle: (req) => (findIssue(req) ? { status: 200, body: issueJson(findIssue(req) as FakeIssue) } : notFound()) })
    .add("PATCH", "/repos/:owner/:repo/issues/:number", {
      area: "issues",
      handle: (req) => {
        const issue = findIssue(req);
        if (!issue) return notFound();
        const body = (bodyOf(req) ?? {}) as Record<string, unknown>;
        if (body.state === "open" || body.state === "closed") issue.state = body.state;
        if (typeof body.state_reason === "string") issue.state_reason = body.state_reason;
        if (text(body.title)) issue.title = body.title as string;
        if (text(body.body) !== undefined) issue.body = body.body as string;
        return { status: 200, body: issueJson(issue) };
      },
    })
    .add("GET", "/repos/:owner/:repo/issues/:number/comments", {
      area: "issues",
      handle: (req) => {
        const issue = findIssue(req);
        return issue ? { status: 200, body: issue.comments.map((c, i) => ({ id: issue.number * 1000 + i, body: c })) } : notFound();
      },
    })
    .add("POST", "/repos/:owner/:repo/issues/:number/comments", {
      area: "issues",
      handle: (req) => {
        const issue = findIssue(req);
        if (!issue) return notFound();
        const body = text((bodyOf(req) as Record<string, unknown> | undefined)?.body);
        if (!body) return { status: 422, body: { message: "Validation Failed" } };
        issue.comments.push(body);
        return { status: 201, body: { id: issue.number * 1000 + issue.comments.length - 1, body } };
      },
    })
    .add("GET", "/repos/:owner/:repo/labels/:name", {
      area: "issues",
      handle: (req) => {
        const label = labels.get((req.params.name ?? "").toLowerCase());
        return label ? { status: 200, body: label } : notFound();
      },
    })
    .add("POST", "/repos/:owner/:repo/labels", {
      area: "issues",
      handle: (req) => {
        const body = (bodyOf(req) ?? {}) as Record<string, unknown>;
        const name = text(body.name);
        if (!name) return { status: 422, body: { message: "Validation Failed" } };
        if (labels.has(name.toLowerCase())) return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "Label", code: "already_exists", field: "name" }] } };
        const label = { name, color: text(body.color) ?? "ededed", description: text(body.description) ?? null };
        labels.set(name.toLowerCase(), label);
        return { status: 201, body: label };
      },
    })
    .add("GET", "/repos/:owner/:repo/actions/runs/:run_id", {
      area: "actions",
      handle: (req) => {
        const run = runs.find((r) => r.id === Number(req.params.run_id));
        return run ? { status: 200, body: runJson(run) } : notFound();
      },
    })
    .add("GET", "/repos/:owner/:repo/actions/workflows/:workflow_id/runs", {
      area: "actions",
      handle: (req) => {
        const status = req.query.get("status");
        const hits = runs
          .filter((r) => r.workflow_id === Number(req.params.workflow_id))
          // GitHub's `status` filter takes a status or a conclusion.
          .filter((r) => !status || r.status === status || r.conclusion === status)
          .sort((a, b) => b.id - a.id);
        return { status: 200, body: { total_count: hits.length, workflow_runs: page(hits, req).map(runJson) } };
      },
    });

  addArtifactRoutes(router, { owner, repo, artifacts, baseUrl: () => baseUrl, page, notFound, message });

  const api: EmulatorApi = {
    resolve(method, path): Resolved {
      const hit = router.match(method, path);
      if (!("route" in hit)) return { route: `${method} ${path}`, params: {}, handler: () => notFound() };
      const { area, handle, blob } = hit.handler;
      return {
        route: hit.route,
        params: hit.params,
        handler: (req) => {
          const auth = String(req.headers.authorization ?? "");
          // Blob storage takes the signed URL alone, as GitHub's does: no token is needed (or sent, after a redirect).
          if (!blob && auth !== `token ${token}` && auth !== `Bearer ${token}`) return message(401, "Bad credentials");
          if (hit.params.owner !== owner || hit.params.repo !== repo) return notFound();
          if (deny[area]) return message(403, "Resource not accessible by integration");
          const queued = failures.get(hit.route);
          if (queued && queued.length > 0) return message(queued.shift() as number, "Server Error");
          try {
            return handle(req);
          } catch (err) {
            // A bug in the fake must show up as a 500 the test can see, not a hang.
            return message(500, String(err));
          }
        },
      };
    },
    statusFault: (fault) => message(fault.status, "Server Error"),
  };
  const server = await startServer({ name: "github", host: "127.0.0.1", port: 0, api, controls: new Controls(1, null, Date.now), log, clock: Date.now });
  baseUrl = server.url;

  return {
    url: server.url,
    token,
    owner,
    repo,
    issues,
    labels,
    runs,
    artifacts,
    deny,
    failNext: (route: string, n: number, status = 502) => failures.set(route, [...(failures.get(route) ?? []), ...Array.from({ length: n }, () => status)]),
    log,
    openIssues: (label) => issues.filter((i) => i.state === "open" && (!label || i.labels.includes(label))),
    close: () => server.close(),
  };
}
