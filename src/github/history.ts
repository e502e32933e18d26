import { is } from "superstruct";
import type { Redactor } from "../redact.js";
import { formatAge, MISSED_RUN_THRESHOLD_MS } from "./age.js";
import { CurrentRun, githubAnswer, ListedRun, RunList } from "./answers.js";
import { describeGitHubError, isPermissionError, type GitHubRepo } from "./client.js";

/** What the workflow's earlier runs say about this one. */
export type RunHistory =
  | { kind: "previous-success"; at: string; url: string; ageMs: number }
  | { kind: "no-previous-success" }
  | { kind: "unknown"; why: string };

/**
 * Enough to find the latest success even when a few re-runs or runs of other
 * branches come first; the list is newest first.
 */
const PAGE_SIZE = 20;

/**
 * Finds the workflow's previous successful run. This run's own record names the
 * workflow (a workflow file may be renamed or run from a fork, so its id is the only
 * reliable key); its successful runs other than this one are then listed.
 */
export async function checkRunHistory(github: GitHubRepo, redactor: Redactor, now: () => number = Date.now): Promise<RunHistory> {
  const { octokit, context } = github;
  try {
    const current = githubAnswer((await octokit.rest.actions.getWorkflowRun({ ...github.params(), run_id: context.runId })).data, CurrentRun, "a workflow run");
    const { data } = await octokit.rest.actions.listWorkflowRuns({ ...github.params(), workflow_id: current.workflow_id, status: "success", per_page: PAGE_SIZE });
    let latest: { at: number; url: string } | undefined;
    for (const run of githubAnswer(data, RunList, "a list of workflow runs").workflow_runs) {
      if (!is(run, ListedRun) || run.id === context.runId) continue;
      // A re-run of an old run succeeds when it is re-run, not when it was first queued.
      const at = Date.parse(run.run_started_at ?? run.created_at ?? "");
      if (Number.isNaN(at)) continue;
      if (!latest || at > latest.at) latest = { at, url: run.html_url };
    }
    if (!latest) return { kind: "no-previous-success" };
    return { kind: "previous-success", at: new Date(latest.at).toISOString(), url: latest.url, ageMs: now() - latest.at };
  } catch (err) {
    const why = isPermissionError(err)
      ? `the github-token cannot read this workflow's runs (${describeGitHubError(err, redactor)}); give the job \`permissions: actions: read\``
      : `the workflow's earlier runs could not be read (${describeGitHubError(err, redactor)})`;
    return { kind: "unknown", why };
  }
}

/** The missed-run warning for the summary and the failure issue, when one is due. */
export function missedRunNote(history: RunHistory | undefined): string | undefined {
  if (history?.kind !== "previous-success" || history.ageMs <= MISSED_RUN_THRESHOLD_MS) return undefined;
  return `The previous successful run was ${formatAge(history.ageMs)} ago (${history.at.replace(/\.\d+Z$/, "Z")}): scheduled runs may have been missed or failed.`;
}

/** One line for the summary's "What ran" table. */
export function describeHistory(history: RunHistory): string {
  switch (history.kind) {
    case "previous-success":
      return `${history.at.replace(/\.\d+Z$/, "Z")} (${formatAge(history.ageMs)} ago)`;
    case "no-previous-success":
      return "none found (the first successful run of this workflow, or its history was deleted)";
    case "unknown":
      return `not checked: ${history.why}`;
  }
}
