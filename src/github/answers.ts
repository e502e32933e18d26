import { array, integer, nullable, optional, string, type, unknown, validate, type Struct } from "superstruct";

/**
 * What the adapter reads of GitHub's answers, checked with superstruct: Octokit's types
 * say what GitHub documents, not what a proxy or an old GHES sends. Unknown members are
 * kept; a run or an issue that lacks what is read is passed over, like a run without a date.
 */

/** This run's own record: the workflow it belongs to (the key to its earlier runs). */
export const CurrentRun = type({ workflow_id: integer() });
/** A page of the workflow's runs; each run is checked on its own. */
export const RunList = type({ workflow_runs: array() });
/** A run as the history reads it: when it started (a re-run) or was created, and its page. */
export const ListedRun = type({ id: integer(), html_url: string(), run_started_at: optional(nullable(string())), created_at: optional(nullable(string())) });
/** An issue in a list: its number, and `pull_request` when it is one. */
export const ListedIssue = type({ number: integer(), pull_request: optional(nullable(unknown())) });
/** The answer to creating an issue. */
export const CreatedIssue = type({ number: integer() });

/**
 * The answer as `struct` takes it, or an error that says what GitHub sent instead; the
 * callers report it as they report any GitHub call that failed.
 */
export function githubAnswer<T, S>(data: unknown, struct: Struct<T, S>, expected: string): T {
  const [error, value] = validate(data, struct);
  if (!error) return value;
  const failure = error.failures()[0];
  const member = failure?.path.length ? ` (${failure.path.join(".")} is ${failure.value === undefined ? "missing" : "not valid"})` : "";
  throw new Error(`GitHub's answer is not ${expected}${member}`);
}
