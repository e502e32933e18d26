import { unzipSync } from "fflate";
import { array, boolean, integer, optional, string, type, is, nullable } from "superstruct";
import type { Redactor } from "../redact.js";
import { pointOf, type HistoryPoint } from "../report/trend.js";
import { describeGitHubError, isPermissionError, type GitHubRepo } from "./client.js";
import { githubAnswer } from "./answers.js";

/** The artifact name the README's workflow uploads the report under (a workspace adds its name). */
export const REPORT_ARTIFACT = "intercom-oomnitza-sync-report";
/** Runs the trend shows at most. */
export const HISTORY_RUNS = 30;
/** Downloads in flight at once. */
const PARALLEL = 6;
/** A report artifact larger than this is a gap, not a download (a run of 100,000 admins is a few MB zipped). */
const MAX_ARTIFACT_BYTES = 32 * 1024 * 1024;
/** The whole history read gives up after this and uses what it has: the summary must not wait for it. */
const BUDGET_MS = 15_000;

const ArtifactList = type({ artifacts: array() });
const Artifact = type({ id: integer(), name: string(), expired: optional(boolean()), size_in_bytes: optional(integer()), created_at: optional(nullable(string())), workflow_run: optional(nullable(type({ id: optional(nullable(integer())) }))) });

export interface History {
  /** Earlier runs' points, oldest first. */
  points: HistoryPoint[];
  /** Earlier runs whose report could not be read (expired, damaged, not a report, too large). */
  gaps: number;
  /** Why there is no history at all, when it could not be read. */
  note?: string;
}

/**
 * The trend's earlier runs, from the reports the workflow uploaded as artifacts: the
 * newest 30 (this run's own aside) are downloaded a few at a time and unzipped, each
 * report boiled down to its point at once. An expired or damaged artifact is a gap; a
 * token that may not read artifacts gives no history and a note, never a failure.
 */
export async function readHistory(github: GitHubRepo, redactor: Redactor, artifact = REPORT_ARTIFACT): Promise<History> {
  const { octokit, context } = github;
  let listed: Array<{ id: number; expired?: boolean; size_in_bytes?: number }>;
  try {
    const { data } = await octokit.rest.actions.listArtifactsForRepo({ ...github.params(), name: artifact, per_page: 100 });
    listed = githubAnswer(data, ArtifactList, "a list of artifacts")
      .artifacts.filter((a): a is typeof Artifact.TYPE => is(a, Artifact) && a.name === artifact && a.workflow_run?.id !== context.runId)
      .sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? "") || b.id - a.id)
      .slice(0, HISTORY_RUNS);
  } catch (err) {
    const why = isPermissionError(err) ? `the github-token cannot read this repository's artifacts (${describeGitHubError(err, redactor)}); give the job \`permissions: actions: read\`` : `earlier runs' reports could not be listed (${describeGitHubError(err, redactor)})`;
    return { points: [], gaps: 0, note: why };
  }
  const deadline = Date.now() + BUDGET_MS;
  const points: HistoryPoint[] = [];
  let gaps = 0;
  for (let i = 0; i < listed.length; i += PARALLEL) {
    if (Date.now() > deadline) {
      gaps += listed.length - i;
      break;
    }
    const found = await Promise.all(listed.slice(i, i + PARALLEL).map((a) => pointFromArtifact(github, a)));
    for (const point of found) point ? points.push(point) : gaps++;
  }
  return { points: points.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)), gaps };
}

/** One artifact's point, or undefined when it cannot be had (expired, too large, not a zip, no report inside). */
async function pointFromArtifact(github: GitHubRepo, artifact: { id: number; expired?: boolean; size_in_bytes?: number }): Promise<HistoryPoint | undefined> {
  if (artifact.expired || (artifact.size_in_bytes ?? 0) > MAX_ARTIFACT_BYTES) return undefined;
  try {
    const { data } = await github.octokit.rest.actions.downloadArtifact({ ...github.params(), artifact_id: artifact.id, archive_format: "zip" });
    const files = unzipSync(new Uint8Array(data as ArrayBuffer), { filter: (file) => file.name.endsWith(".json") && file.originalSize <= MAX_ARTIFACT_BYTES * 4 });
    for (const bytes of Object.values(files)) {
      const point = pointOf(JSON.parse(new TextDecoder().decode(bytes)));
      if (point) return point;
    }
    return undefined;
  } catch {
    return undefined;
  }
}
