/**
 * Where this run lives on GitHub, read from the runner's environment. Read here (not
 * from `@actions/github`'s `context`, which is fixed when the module loads) so tests
 * can run the adapter in-process with their own environment.
 */
export interface RunContext {
  /** REST API base, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiUrl: string;
  owner: string;
  repo: string;
  /** The workflow run this process belongs to. */
  runId: number;
  /** Link to the run's page, for the summary and the failure issue. */
  runUrl: string;
}

/** Undefined outside GitHub Actions (no GITHUB_REPOSITORY or GITHUB_RUN_ID), e.g. a local run. */
export function readRunContext(env: NodeJS.ProcessEnv): RunContext | undefined {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const runId = Number(env.GITHUB_RUN_ID);
  if (!owner || !repo || rest.length > 0 || !Number.isSafeInteger(runId) || runId <= 0) return undefined;
  const serverUrl = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  return {
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    owner,
    repo,
    runId,
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
  };
}
