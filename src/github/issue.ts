import { array, is } from "superstruct";
import type { Redactor } from "../redact.js";
import { CreatedIssue, githubAnswer, ListedIssue } from "./answers.js";
import { describeGitHubError, isPermissionError, type GitHubRepo } from "./client.js";
import { failureText, ISSUE_LABEL, ISSUE_TITLE, recoveryText, type RunNotice } from "./issue-body.js";

export type IssueAction =
  | { kind: "opened"; number: number }
  | { kind: "commented"; number: number }
  | { kind: "closed"; number: number }
  | { kind: "none" }
  | { kind: "warning"; message: string };

/** The newest open issue carrying the label (pull requests share the issues list, so they are left out). */
async function findOpenIssue(github: GitHubRepo): Promise<number | undefined> {
  const { data } = await github.octokit.rest.issues.listForRepo({ ...github.params(), labels: ISSUE_LABEL, state: "open", sort: "created", direction: "desc", per_page: 10 });
  for (const item of githubAnswer(data, array(), "a list of issues")) if (is(item, ListedIssue) && !item.pull_request) return item.number;
  return undefined;
}

/**
 * A coloured, described label reads better than the grey one GitHub makes on the fly;
 * if it cannot be made, the issue is still opened (GitHub then makes a plain one).
 */
async function ensureLabel(github: GitHubRepo): Promise<void> {
  try {
    await github.octokit.rest.issues.getLabel({ ...github.params(), name: ISSUE_LABEL });
    return;
  } catch (err) {
    if ((err as { status?: number }).status !== 404) return;
  }
  try {
    await github.octokit.rest.issues.createLabel({ ...github.params(), name: ISSUE_LABEL, color: "d93f0b", description: "Opened and closed by the Intercom → Oomnitza sync" });
  } catch {
    /* another run made it first, or the token may not create labels: either way carry on */
  }
}

/** A failed or aborted run: comment on the open issue, or open one. */
export async function reportFailure(github: GitHubRepo, notice: RunNotice, redactor: Redactor): Promise<IssueAction> {
  const body = redactor.redact(failureText(notice));
  try {
    const open = await findOpenIssue(github);
    if (open !== undefined) {
      await github.octokit.rest.issues.createComment({ ...github.params(), issue_number: open, body });
      return { kind: "commented", number: open };
    }
    await ensureLabel(github);
    const { data } = await github.octokit.rest.issues.create({ ...github.params(), title: ISSUE_TITLE, body, labels: [ISSUE_LABEL] });
    return { kind: "opened", number: githubAnswer(data, CreatedIssue, "a created issue").number };
  } catch (err) {
    return { kind: "warning", message: permissionAdvice("open or update the failure issue", err, redactor) };
  }
}

/** A run that worked: comment on the open failure issue and close it (no issue, nothing to do). */
export async function reportRecovery(github: GitHubRepo, notice: Parameters<typeof recoveryText>[0], redactor: Redactor): Promise<IssueAction> {
  try {
    const open = await findOpenIssue(github);
    if (open === undefined) return { kind: "none" };
    await github.octokit.rest.issues.createComment({ ...github.params(), issue_number: open, body: redactor.redact(recoveryText(notice)) });
    await github.octokit.rest.issues.update({ ...github.params(), issue_number: open, state: "closed", state_reason: "completed" });
    return { kind: "closed", number: open };
  } catch (err) {
    return { kind: "warning", message: permissionAdvice("close the failure issue", err, redactor) };
  }
}

function permissionAdvice(what: string, err: unknown, redactor: Redactor): string {
  const detail = describeGitHubError(err, redactor);
  return isPermissionError(err)
    ? `GitHub: could not ${what}: the github-token lacks permission (${detail}). Give the job \`permissions: issues: write\`.`
    : `GitHub: could not ${what}: ${detail}`;
}
